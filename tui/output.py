"""Everything `--headlines` and `--digest` print leaves through here.

`--headlines`: one line per article, newest first, tab-separated:
    published (ISO-8601 UTC) \\t feed title \\t headline \\t link
Fields are logical Unicode (NFC); tabs, newlines and control characters
inside a field are replaced; a link that is not http(s) prints as empty.
`--headlines --json`: JSON Lines, one object per article with the fields of
`article_record`.

`--digest`: articles grouped by feed (or story), each with time, headline,
link and a short lead. To a terminal it is laid out for that terminal's width
with the Arabic engine; into a pipe it is plain logical text.
`--digest --json`: one JSON document, `{"generated", "since", "groups": [...]}`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO
from urllib.parse import urlsplit

from tui.models import Article
from tui.text.clean import clean_field


def safe_link(link: str) -> str:
    """The link if it is one akhbar would open (http or https), else ""."""
    link = clean_field(link)
    if link[:8].lower().startswith(("http://", "https://")) and link.isascii() \
            and "[" not in link:
        # The common case, without urlsplit (a third of --headlines' time). Brackets
        # (an IPv6 host) and non-ASCII (NFKC checks), which urlsplit may refuse,
        # take the long way.
        return link if " " not in link else ""
    try:
        scheme = urlsplit(link).scheme.lower()
    except ValueError:
        return ""
    return link if scheme in ("http", "https") and " " not in link else ""


def iso_utc(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def article_record(a: Article, story: int | None = None) -> dict:
    record = {
        "id": a.id,
        "feed": clean_field(a.feed_title),
        "feed_url": a.feed_url,
        "title": clean_field(a.title),
        "link": safe_link(a.link),
        "author": clean_field(a.author),
        "published": iso_utc(a.published),
        "read": a.read,
        "starred": a.starred,
    }
    if story is not None or a.story_id is not None:
        record["story"] = story if story is not None else a.story_id
    return record


def write_headlines(articles: Iterable[Article], out: TextIO, *, as_json: bool = False) -> None:
    feed_titles: dict[str, str] = {}  # a feed's title is cleaned once, not per article
    for a in articles:
        if as_json:
            out.write(json.dumps(article_record(a), ensure_ascii=False) + "\n")
        else:
            feed = feed_titles.get(a.feed_title)
            if feed is None:
                feed = feed_titles[a.feed_title] = clean_field(a.feed_title)
            fields = (iso_utc(a.published), feed, clean_field(a.title), safe_link(a.link))
            out.write("\t".join(fields) + "\n")


@dataclass(frozen=True)
class DigestGroup:
    """One heading of the digest: a feed, or a story told by several feeds."""

    title: str
    articles: tuple[Article, ...]
    story: int | None = None


def group_by_feed(articles: Sequence[Article]) -> list[DigestGroup]:
    """Feeds ordered by their newest article; articles newest first."""
    groups: dict[str, list[Article]] = {}
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        groups.setdefault(a.feed_url, []).append(a)
    return [DigestGroup(clean_field(items[0].feed_title), tuple(items))
            for items in groups.values()]


def lead_of(a: Article, max_chars: int = 300) -> str:
    from tui.text.clean import lead
    from tui.text.html import html_to_blocks

    return lead(html_to_blocks(a.content or a.summary, a.link), max_chars)


def digest_document(groups: Sequence[DigestGroup], since: datetime | None) -> dict:
    return {
        "generated": iso_utc(datetime.now(UTC)),
        "since": iso_utc(since) if since else None,
        "groups": [
            {
                "title": g.title,
                **({"story": g.story} if g.story is not None else {}),
                "articles": [{**article_record(a, g.story), "lead": lead_of(a)}
                             for a in g.articles],
            }
            for g in groups
        ],
    }


def write_digest(groups: Sequence[DigestGroup], out: TextIO, *, since: datetime | None = None,
                 as_json: bool = False, width: int | None = None, mode: str = "off",
                 harakat: str = "drop", directions: dict[str, str] | None = None) -> None:
    """The digest; `width` set means lay it out for a terminal of that width."""
    if as_json:
        json.dump(digest_document(groups, since), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if not groups:
        span = f" since {since.astimezone().strftime('%Y-%m-%d %H:%M')}" if since else ""
        out.write(f"No articles{span}.\n")
        return
    for number, group in enumerate(groups):
        if number:
            out.write("\n")
        for line in _group_lines(group, width, mode, harakat, directions or {}):
            out.write(line + "\n")


_TIME_COLUMN = 7  # "HH:MM  "


def _group_lines(group: DigestGroup, width: int | None, mode: str, harakat: str,
                 directions: dict[str, str]):
    from tui.text.bidi import display_text, layout

    count = len(group.articles)
    sources = ""
    if group.story is not None:
        feeds = {a.feed_title for a in group.articles}
        sources = f" · {len(feeds)} sources"
    heading_text = display_text(group.title, mode) if width else group.title
    yield f"━━ {heading_text} ━━ {count} article{'s' if count != 1 else ''}{sources}"
    for a in group.articles:
        when = a.published.astimezone()
        stamp = when.strftime("%H:%M") if _is_today(when) else when.strftime("%d %b")
        title = clean_field(a.title) or "(untitled)"
        if group.story is not None:
            title = f"{title} — {clean_field(a.feed_title)}"
        lead = lead_of(a)
        link = safe_link(a.link)
        if not width:
            yield f"{stamp:<6} {title}"
            if lead:
                yield f"{'':<6} {lead}"
            if link:
                yield f"{'':<6} {link}"
            continue
        text_width = max(10, width - _TIME_COLUMN)
        pad = " " * _TIME_COLUMN
        forced = directions.get(a.feed_url)  # the feed's `dir` setting, if any
        for i, line in enumerate(layout(title, text_width, mode, harakat, forced)):
            yield (f"{stamp:<{_TIME_COLUMN}}" if i == 0 else pad) + line
        for line in layout(lead, text_width, mode, harakat, forced) if lead else ():
            yield pad + line
        if link:
            yield pad + link


def _is_today(when: datetime) -> bool:
    return when.date() == datetime.now().astimezone().date()
