"""Full articles over the local server (SPEC §9), for the system and app tiers: a feed
of teasers whose links lead to the pages of tests.article_pages (and one 404)."""

from __future__ import annotations

from pathlib import Path

from tests.article_pages import CP1256, TV_CHANNEL, WORDPRESS
from tui import config as config_mod
from tui.refresh import refresh
from tui.store import Store

TEASERS = {
    "wordpress": ("وزارة الموارد المائية تفتتح محطة تحلية جديدة",
                  "افتتحت الوزارة محطة جديدة اليوم."),
    "tv": ("وفد تجاري يزور العاصمة", "وصل وفد تجاري إلى العاصمة."),
    "cp1256": ("مجلس الوزراء يقر مشروع الموازنة", "أقر المجلس مشروع الموازنة."),
    "gone": ("خبر صفحته محذوفة", "هذا نص الخلاصة يبقى كما هو."),
}
PAGES = {"wordpress": WORDPRESS, "tv": TV_CHANNEL, "cp1256": CP1256}


def teaser_rss(server, names, link_base: str | None = None) -> bytes:
    items = []
    for day, name in enumerate(names, 1):
        title, teaser = TEASERS[name]
        link = f"{link_base}/{name}" if link_base else server.url(f"/pages/{name}")
        items.append(f"<item><title>{title}</title><link>{link}</link><guid>{name}</guid>"
                     f"<pubDate>0{day} Dec 2026 08:00:00 GMT</pubDate>"
                     f"<description>{teaser}</description></item>")
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            "<title>صحيفة الاختبار</title><link>https://news.example/</link>"
            + "".join(items) + "</channel></rss>").encode()


def serve_teasers(server, names=("wordpress", "tv", "cp1256", "gone"), link_base=None) -> str:
    """The pages and the feed on `server`; the feed's URL."""
    for name, case in PAGES.items():
        server.add(f"/pages/{name}", case.body, content_type=case.content_type)
    return server.add("/teasers.xml", teaser_rss(server, names, link_base))


def teaser_config(tmp_path: Path, url: str, full_text: bool) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(f'[[feeds]]\nurl = "{url}"\ntitle = "صحيفة الاختبار"\n'
                    + ("full_text = true\n" if full_text else ""), encoding="utf-8")
    return path


def page_hits(server) -> dict[str, int]:
    return {name: len(server.requests_for(f"/pages/{name}")) for name in (*PAGES, "gone")}


def by_guid(store: Store) -> dict[str, object]:
    return {a.guid: a for a in store.articles()}


def starts_in_order(text: str, starts) -> None:
    where = [text.find(s) for s in starts]
    assert all(w >= 0 for w in where), [s for s, w in zip(starts, where, strict=True) if w < 0]
    assert where == sorted(where)


def teasers_filled(tmp_path: Path, server, **kw):
    """A plain (full_text = false) config over the teasers, refreshed once."""
    config = config_mod.load(teaser_config(tmp_path, serve_teasers(server, **kw), False))
    with Store(tmp_path / "akhbar.db") as store:
        refresh(config, store)
    return config, tmp_path / "akhbar.db"
