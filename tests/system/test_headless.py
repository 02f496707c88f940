"""--headlines and --digest end to end: real HTTP server, real store, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import fixture_bytes, write_config
from tui.cli import main
from tui.store import Query, Store

FIXTURE_FEEDS = {
    "/rss.xml": ("arabic_rss.xml", "application/rss+xml; charset=utf-8"),
    "/atom.xml": ("english_atom.xml", "application/atom+xml"),
    "/rdf.xml": ("arabic_rdf.xml", "application/rdf+xml"),
    "/feed.json": ("arabic_json.json", "application/feed+json"),
    "/cp1256.xml": ("arabic_cp1256.xml", "text/xml"),
    "/iso.xml": ("arabic_iso8859_6.xml", "application/xml"),
}


@pytest.fixture
def served(feed_server, tmp_path):
    feeds = []
    for path, (name, ctype) in FIXTURE_FEEDS.items():
        feeds.append({"url": feed_server.add(path, fixture_bytes(name), content_type=ctype)})
    config = write_config(tmp_path / "feeds.toml", feeds)
    return feed_server, config


def headlines(capsys, config: Path, *extra: str) -> list[list[str]]:
    assert main(["--headlines", "--config", str(config), *extra]) == 0
    out = capsys.readouterr().out
    return [line.split("\t") for line in out.splitlines()]


def store() -> Store:
    from tui import paths

    return Store(paths.store_file())


def test_every_format_lands_with_titles_newest_first(served, capsys):
    _, config = served
    rows = headlines(capsys, config)
    titles = [r[2] for r in rows]
    assert len(rows) == 3 + 2 + 2 + 2 + 1 + 1
    assert "وزير الخارجية يصل إلى أنقرة في زيارة تستمر يومين" in titles
    assert "Port workers end a three-day strike" in titles
    assert "هطول أمطار غزيرة على المناطق الساحلية" in titles
    assert "افتتاح أكبر محطة للطاقة الشمسية في المنطقة" in titles
    # windows-1256 and ISO-8859-6, declared only in the XML prolog, decode right.
    assert titles.count("انتخابات بلدية في ثلاث محافظات") == 2
    stamps = [r[0] for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    assert all(len(r) == 4 for r in rows)
    feed_titles = {r[1] for r in rows}
    assert {"صحيفة المرفأ", "Harbour Wire", "جريدة الشرفة", "نشرة الضفة"} <= feed_titles
    first = rows[0]
    assert first[0] == "2026-12-01T09:00:00Z"  # the Atom entry, converted to UTC


def test_json_lines_carry_the_documented_fields(served, capsys):
    _, config = served
    assert main(["--headlines", "--json", "--config", str(config)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 11
    for r in records:
        assert {"id", "feed", "title", "link", "published", "read", "starred"} <= r.keys()
    rss = next(r for r in records if r["title"].startswith("وزير"))
    assert rss["link"] == "https://marfa.example/news/1001"
    assert rss["published"] == "2026-12-01T06:30:00Z"
    assert rss["read"] is False


def test_second_refresh_is_conditional_and_304_keeps_flags(served, capsys):
    server, config = served
    headlines(capsys, config)
    with store() as s:
        article = next(a for a in s.articles() if a.title.startswith("وزير"))
        s.mark_read([article.id])
        s.set_starred(article.id, True)
        count = s.count()
    headlines(capsys, config)
    second = server.requests_for("/rss.xml")[-1]
    assert second.headers.get("If-None-Match", "").startswith('"')
    assert second.headers.get("If-Modified-Since") == "Mon, 30 Nov 2026 08:00:00 GMT"
    with store() as s:
        assert s.count() == count
        again = s.article(article.id)
        assert again.read and again.starred
        assert s.feed(server.url("/rss.xml")).last_error is None


def test_flags_survive_the_feed_rewriting_an_item(served, capsys):
    server, config = served
    headlines(capsys, config)
    with store() as s:
        article = next(a for a in s.articles() if a.title.startswith("ارتفاع"))
        s.mark_read([article.id])
        s.set_starred(article.id, True)
    changed = fixture_bytes("arabic_rss.xml").replace(
        "ارتفاع أسعار القمح 4%".encode(), "قفزة في أسعار القمح 5%".encode())
    server.add("/rss.xml", changed)
    rows = headlines(capsys, config)
    assert any(r[2].startswith("قفزة في أسعار القمح") for r in rows)
    assert not any(r[2].startswith("ارتفاع") for r in rows)
    with store() as s:
        again = s.article(article.id)
        assert again.title.startswith("قفزة") and again.read and again.starred


def test_item_leaving_the_feed_and_renamed_feed_keep_state(served, capsys, tmp_path):
    server, config = served
    headlines(capsys, config)
    with store() as s:
        gone = next(a for a in s.articles() if a.title.startswith("افتتاح معرض"))
        s.set_starred(gone.id, True)
    body = fixture_bytes("arabic_rss.xml").decode()
    start = body.index("<item>", body.index("افتتاح معرض") - 400)
    server.add("/rss.xml", body[:start] + "</channel></rss>")
    config.write_text(config.read_text().replace(
        f'url = "{server.url("/rss.xml")}"',
        f'url = "{server.url("/rss.xml")}"\ntitle = "المرفأ الجديد"'), encoding="utf-8")
    rows = headlines(capsys, config, "--starred")
    assert [(r[1], r[2]) for r in rows] == [("المرفأ الجديد", gone.title)]


def test_failing_feeds_are_reported_and_do_not_fail_the_run(feed_server, tmp_path, capsys):
    ok = feed_server.add("/ok.xml", fixture_bytes("arabic_rss.xml"))
    missing = feed_server.url("/missing.xml")
    broken = feed_server.add("/broken.xml", fixture_bytes("truncated.xml"))
    page = feed_server.add("/page.html", fixture_bytes("webpage.html"), content_type="text/html")
    refused = "http://127.0.0.1:9/nothing.xml"
    config = write_config(tmp_path / "feeds.toml", [
        {"url": ok}, {"url": missing, "title": "Missing"}, {"url": broken, "title": "Broken"},
        {"url": page, "title": "Page"}, {"url": refused, "title": "Refused"}])
    assert main(["--headlines", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 3
    errors = captured.err.splitlines()
    assert "akhbar: Missing: HTTP 404 Not Found" in errors
    assert any(e.startswith("akhbar: Page: this is a web page, not a feed") for e in errors)
    assert any(e.startswith("akhbar: Refused: could not connect: connection refused")
               for e in errors)
    assert any(e.startswith("akhbar: Broken: ") for e in errors)
    assert len(errors) == len(set(errors))
    assert "Traceback" not in captured.err


def test_offline_does_not_touch_the_network(served, capsys):
    server, config = served
    headlines(capsys, config)
    before = len(server.requests)
    rows = headlines(capsys, config, "--offline")
    assert len(rows) == 11 and len(server.requests) == before


def test_filters_feed_tag_unread_starred_since(feed_server, tmp_path, capsys):
    a = feed_server.add("/a.xml", fixture_bytes("arabic_rss.xml"))
    b = feed_server.add("/b.xml", fixture_bytes("english_atom.xml"))
    config = write_config(tmp_path / "feeds.toml", [
        {"url": a, "title": "المرفأ", "tags": ["عربي"]},
        {"url": b, "title": "Wire", "tags": ["english"]}])
    assert len(headlines(capsys, config)) == 5
    assert {r[1] for r in headlines(capsys, config, "--offline", "--tag", "english")} == {"Wire"}
    assert {r[1] for r in headlines(capsys, config, "--offline", "--feed", "مرفأ")} == {"المرفأ"}
    assert {r[1] for r in headlines(capsys, config, "--offline", "--feed", "b.xml")} == {"Wire"}
    rows = headlines(capsys, config, "--offline", "--unread", "--mark-read", "--feed", "Wire")
    assert len(rows) == 2
    assert len(headlines(capsys, config, "--offline", "--unread")) == 3
    assert headlines(capsys, config, "--offline", "--starred") == []


def test_since_counts_back_from_now(feed_server, tmp_path, capsys):
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    now = datetime.now(UTC)
    items = "".join(
        f"<item><title>{title}</title><guid>{title}</guid>"
        f"<pubDate>{format_datetime(now - age)}</pubDate></item>"
        for title, age in [("fresh", timedelta(minutes=10)), ("day-old", timedelta(hours=30)),
                           ("week-old", timedelta(days=8))])
    url = feed_server.add("/s.xml", f'<rss version="2.0"><channel><title>S</title>{items}'
                                    "</channel></rss>")
    config = write_config(tmp_path / "feeds.toml", [{"url": url}])
    assert [r[2] for r in headlines(capsys, config, "--since", "90m")] == ["fresh"]
    assert [r[2] for r in headlines(capsys, config, "--offline", "--since", "2d")] == \
        ["fresh", "day-old"]
    assert len(headlines(capsys, config, "--offline", "--since", "2w")) == 3


def test_fields_are_single_line_and_links_only_http(feed_server, tmp_path, capsys):
    body = """<?xml version="1.0"?><rss version="2.0"><channel><title>Tab\tFeed</title>
    <item><title>line one
    line two\tand tab</title><link>javascript:alert(1)</link><guid>x1</guid></item>
    </channel></rss>"""
    url = feed_server.add("/t.xml", body)
    config = write_config(tmp_path / "feeds.toml", [{"url": url}])
    rows = headlines(capsys, config)
    assert rows == [[rows[0][0], "Tab Feed", "line one line two and tab", ""]]


def test_digest_groups_by_feed_with_leads_and_no_trailer(served, capsys, monkeypatch):
    _, config = served
    assert main(["--digest", "--since", "3650d", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "━━ صحيفة المرفأ ━━ 3 articles" in out
    assert "وصل وزير الخارجية صباح اليوم إلى العاصمة التركية أنقرة" in out
    assert "https://marfa.example/news/1001" in out
    assert "قمة اقتصادية الشهر المقبل" not in out  # the "read also" trailer is cut


def test_digest_json_is_one_document(served, capsys):
    _, config = served
    assert main(["--digest", "--json", "--since", "3650d", "--config", str(config)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["groups"]) == 6
    assert sum(len(g["articles"]) for g in doc["groups"]) == 11
    assert all("lead" in a for g in doc["groups"] for a in g["articles"])


def test_digest_default_window_is_24h(served, capsys):
    _, config = served
    assert main(["--digest", "--config", str(config), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    with store() as s:
        assert s.count(Query()) == 11
    # The fixtures are older than a day relative to the real clock after 2026-12-02.
    recent = [a for g in doc["groups"] for a in g["articles"]]
    assert all(a["published"] >= doc["since"] for a in recent)


def test_feed_dir_setting_forces_the_digest_direction(feed_server, tmp_path, capsys,
                                                      monkeypatch):
    from datetime import UTC, datetime
    from email.utils import format_datetime

    monkeypatch.setenv("COLUMNS", "60")
    when = format_datetime(datetime.now(UTC))
    body = (f'<rss version="2.0"><channel><title>F</title><item><title>NASA تطلق مسبارا'
            f'</title><guid>n1</guid><pubDate>{when}</pubDate></item></channel></rss>')
    url = feed_server.add("/d.xml", body)
    lines = {}
    for direction in ("", "rtl"):
        feed = {"url": url, **({"dir": direction} if direction else {})}
        config = write_config(tmp_path / f"feeds{direction}.toml", [feed])
        assert main(["--digest", "--bidi", "on", "--config", str(config)]) == 0
        lines[direction] = next(line for line in capsys.readouterr().out.splitlines()
                                if "NASA" in line)
    # Detected: the title starts with a Latin word, so it is LTR, left-aligned.
    assert lines[""][7:].startswith("NASA")
    # Forced rtl: right-aligned in the 53 columns after the time, NASA at the right end.
    assert lines["rtl"][7:].startswith(" ") and lines["rtl"].endswith("NASA")
