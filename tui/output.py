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
`full_text` (true/false) in these objects says whether the article's web page
was read (SPEC §9); the lead then comes from that full article.

`--article ID`: one article whole: title, feed and time, link, then its text
(the full article when one is stored), its links numbered at the end. Laid
out like the digest to a terminal, plain logical text into a pipe.
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
        "full_text": a.has_full_text,
    }
    if story is not None or a.story_id is not None:
        record["story"] = story if story is not None else a.story_id
    return record


def write_headlines(articles: Iterable[Article], out: TextIO, *, as_json: bool = False) -> None:
    for a in articles:
        if as_json:
            out.write(json.dumps(article_record(a), ensure_ascii=False) + "\n")
        else:
            fields = (iso_utc(a.published), clean_field(a.feed_title), clean_field(a.title),
                      safe_link(a.link))
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


@dataclass(frozen=True)
class StoryGroup:
    """One story among a list of articles: what `g` in the app and the digest show."""

    story: int | None
    """The story id (None for articles that have none yet)."""
    articles: tuple[Article, ...]
    """Newest first."""

    @property
    def lead_article(self) -> Article:
        """The article that names the story: its earliest report."""
        return min(self.articles, key=lambda a: (a.published, a.id))

    @property
    def title(self) -> str:
        return clean_field(self.lead_article.title)

    @property
    def sources(self) -> tuple[str, ...]:
        """Feed titles that told the story, earliest first."""
        ordered = sorted(self.articles, key=lambda a: (a.published, a.id))
        return tuple(dict.fromkeys(a.feed_title for a in ordered))

    @property
    def newest(self) -> datetime:
        return max(a.published for a in self.articles)


def group_stories(articles: Sequence[Article]) -> list[StoryGroup]:
    """Articles grouped by their story id, stories ordered by their newest article.

    Groups only what is given (a view's articles); `Store.story_members` gives
    all of a story. Articles without a story are groups of one.
    """
    by_story: dict[object, list[Article]] = {}
    for a in sorted(articles, key=lambda a: (a.published, a.id), reverse=True):
        key = a.story_id if a.story_id is not None else ("article", a.id)
        by_story.setdefault(key, []).append(a)
    return [StoryGroup(k if isinstance(k, int) else None, tuple(v))
            for k, v in by_story.items()]


def group_by_story(articles: Sequence[Article]) -> list[DigestGroup]:
    """`--digest --by story`: the articles' stories (see `group_stories`), each named by
    its earliest report."""
    return [DigestGroup(g.title, g.articles, g.story) for g in group_stories(articles)]


def lead_of(a: Article, max_chars: int = 300) -> str:
    from tui.text.clean import lead
    from tui.text.html import html_to_blocks

    return lead(html_to_blocks(a.body_html, a.link), max_chars)


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
        feeds = len({a.feed_title for a in group.articles})
        sources = f" · {feeds} source{'s' if feeds != 1 else ''}"
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


def write_article(a: Article, out: TextIO, *, width: int | None = None, mode: str = "off",
                  harakat: str = "drop", direction: str | None = None) -> None:
    """`--article ID`: the article whole; `width` set means lay it out for a terminal."""
    from tui.text.bidi import layout
    from tui.text.html import html_to_blocks

    when = a.published.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    which = "full article" if a.full_text else "feed text"
    meta = " · ".join(p for p in (clean_field(a.feed_title), clean_field(a.author), when,
                                  which) if p)
    body = html_to_blocks(a.body_html, a.link or None)
    paragraphs: list[tuple[str, str | None]] = [(clean_field(a.title) or "(untitled)", None),
                                                (meta, None)]
    if link := safe_link(a.link):
        paragraphs.append((link, "ltr"))
    paragraphs.append(("", None))
    for block in body.blocks:
        prefix = "• " if block.kind == "li" else ""
        paragraphs += [(prefix + block.text, None), ("", None)]
    for n, url in enumerate(body.links, 1):
        paragraphs.append((f"[{n}] {url}", "ltr"))
    while paragraphs and not paragraphs[-1][0]:
        paragraphs.pop()
    for text, forced in paragraphs:
        if not width or not text:
            out.write(text + "\n")
            continue
        for line in layout(text, width, mode, harakat, forced or direction):
            out.write(line + "\n")
