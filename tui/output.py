"""Everything `--headlines` and `--digest` print leaves through here.

`--headlines`: one line per article, newest first, tab-separated:
    published (ISO-8601 UTC) \\t feed title \\t headline \\t link
Fields are logical Unicode (NFC); tabs, newlines and control characters
inside a field are replaced; a link that is not http(s) prints as empty.
The time is the one articles are sorted and shown by: the feed's date, but a
date in the future is clamped to when akhbar first saw the article.
`--headlines --json`: JSON Lines, one object per article with the fields of
`article_record`; there `published` is the feed's own date, unclamped (when
akhbar first saw the article where the feed gave none), and `first_seen` when
akhbar first saw it: the list is newest first by the earlier of the two.

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
import re
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import TextIO

from tui.dates import day_month, full_date, year
from tui.dates import stamp as full_stamp
from tui.i18n import _, ngettext, num, rtl
from tui.models import Article
from tui.text.clean import clean_field, clean_fields
from tui.text.urls import is_http_url

# A plain http(s) link with a host: printable ASCII, no space, no bracket (which
# urlsplit may reject). clean_field leaves it as it is and is_http_url says yes.
# For text known to be ASCII (`str.isascii`): with the range \x80-\U0010ffff in its
# classes the pattern took 9 ms to compile at every start.
_ASCII_LINK = r"[hH][tT][tT][pP][sS]?://[^/?#\[\]\x00-\x20\x7f-\xff][^\[\]\x00-\x20\x7f-\xff]*"
_PLAIN_LINK = re.compile(_ASCII_LINK)
_PLAIN_LINKS = re.compile(f"{_ASCII_LINK}(?:\n{_ASCII_LINK})*")
"""Plain links, one a line: a list of links checked at once."""


def safe_link(link: str) -> str:
    """The link if it is one akhbar would open (http or https), else ""."""
    if link.isascii() and _PLAIN_LINK.fullmatch(link):
        return link  # the common case, without urlsplit: 200,000 headlines print in a blink
    link = clean_field(link)
    return link if is_http_url(link) and " " not in link else ""


def iso_utc(when: datetime) -> str:
    when = when.astimezone(UTC)
    if when.year >= 1000:  # isoformat is several times cheaper than strftime
        return when.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    return f"{when.year:04d}" + when.strftime("-%m-%dT%H:%M:%SZ")  # as SQLite writes it


def article_record(a: Article, story: int | None = None) -> dict:
    record = {
        "id": a.id,
        "feed": clean_field(a.feed_title),
        "feed_url": a.feed_url,
        "title": clean_field(a.title),
        "link": safe_link(a.link),
        "author": clean_field(a.author),
        "published": iso_utc(a.feed_date),
        "first_seen": iso_utc(a.first_seen),
        "read": a.read,
        "starred": a.starred,
        "full_text": a.has_full_text,
    }
    if story is not None or a.story_id is not None:
        record["story"] = story if story is not None else a.story_id
    return record


def safe_links(links: Sequence[str]) -> list[str]:
    """`[safe_link(link) for link in links]`, one regex for a list of plain links."""
    joined = "\n".join(links)
    # A line break inside one link would pass as two plain links: count them.
    if (joined.isascii() and joined.count("\n") == len(links) - 1
            and _PLAIN_LINKS.fullmatch(joined)):
        return list(links)
    return [safe_link(link) for link in links]


def write_headlines(articles: Iterable[Article], out: TextIO, *, as_json: bool = False,
                    muted: Container[int] | None = None) -> None:
    """One line per article, written as the articles come (a stream of any length).

    `muted`: with --include-muted, the ids the mute list hides (JSON says "muted"); it
    may be filled while `articles` is read, as long as an article's id is in it by
    the time the article comes.
    """
    if as_json:
        for a in articles:
            record = article_record(a)
            if muted is not None:
                record["muted"] = a.id in muted
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    _write_lines(((iso_utc(a.published), a.feed_title, a.title, a.link) for a in articles), out)


def write_headline_rows(rows: Iterable[tuple], out: TextIO, ids: list[int]) -> None:
    """`write_headlines` for the store's plain rows (`Store.stream_headlines`): the
    same lines, without an `Article` per line; `ids` gets each printed article's id."""
    def fields(rows: Iterable[tuple]) -> Iterator[tuple[str, str, str, str]]:
        for id_, when, feed_title, title, link in rows:
            ids.append(id_)
            yield when, feed_title, title, link

    _write_lines(fields(rows), out)


def _write_lines(fields: Iterable[tuple[str, str, str, str]], out: TextIO) -> None:
    """(time, feed title, title, link) made safe and written, 2000 lines at a time: each
    field of a chunk is cleaned as one list (`clean_fields`, `safe_links`), a few calls
    per 2000 lines instead of three per line."""
    fields = iter(fields)
    while chunk := list(islice(fields, 2000)):
        stamps, feeds, titles, links = zip(*chunk, strict=True)
        out.write("".join(f"{when}\t{feed}\t{title}\t{link}\n" for when, feed, title, link
                          in zip(stamps, clean_fields(feeds), clean_fields(titles),
                                 safe_links(links), strict=True)))


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
        """The article that names the story: its earliest report (of two at one time,
        the one `articles` lists first)."""
        return min(self.articles, key=lambda a: a.published)

    @property
    def title(self) -> str:
        return clean_field(self.lead_article.title)

    @property
    def sources(self) -> tuple[str, ...]:
        """Feed titles that told the story, earliest first."""
        ordered = sorted(self.articles, key=lambda a: a.published)
        return tuple(dict.fromkeys(a.feed_title for a in ordered))

    @property
    def newest(self) -> datetime:
        return max(a.published for a in self.articles)


def group_stories(articles: Sequence[Article], feeds: Sequence[str] = ()) -> list[StoryGroup]:
    """Articles grouped by their story id, stories ordered by their newest article.

    Groups only what is given (a view's articles); `Store.story_members` gives
    all of a story. Articles without a story are groups of one. Articles of one
    time go in the order of `feeds` (the configured URLs; then by URL), then of
    each feed's items: not by id, which follows the order feeds were fetched in.
    """
    from tui.stories import feed_ranks

    rank = feed_ranks({a.feed_url: a.feed_url for a in articles}, feeds)
    by_story: dict[object, list[Article]] = {}
    for a in sorted(articles, key=lambda a: (a.published, -rank[a.feed_url], -a.id),
                    reverse=True):
        key = a.story_id if a.story_id is not None else ("article", a.id)
        by_story.setdefault(key, []).append(a)
    return [StoryGroup(k if isinstance(k, int) else None, tuple(v))
            for k, v in by_story.items()]


def group_by_story(articles: Sequence[Article], feeds: Sequence[str] = ()) -> list[DigestGroup]:
    """`--digest --by story`: the articles' stories (see `group_stories`), each named by
    its earliest report."""
    return [DigestGroup(g.title, g.articles, g.story) for g in group_stories(articles, feeds)]


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
        if since:
            local = since.astimezone()
            when = f"{full_date(local)} {num(local.strftime('%H:%M'))}"
            out.write(_("No articles since {when}.").format(when=when) + "\n")
        else:
            out.write(_("No articles.") + "\n")
        return
    column = _stamp_column(groups)
    for number, group in enumerate(groups):
        if number:
            out.write("\n")
        for line in _group_lines(group, width, mode, harakat, directions or {}, column):
            out.write(line + "\n")


def stamp(when: datetime, now: datetime | None = None) -> str:
    """An article's time in the digest: HH:MM today, else the day, with the
    year when it is not this year's."""
    when = when.astimezone()
    now = (now or datetime.now(UTC)).astimezone()
    if when.date() == now.date():
        return num(when.strftime("%H:%M"))
    if when.year == now.year:
        return day_month(when)
    return f"{day_month(when)} {year(when)}"


def _stamp_column(groups: Sequence[DigestGroup]) -> int:
    """Cells of the time column: the widest stamp and two spaces ("HH:MM  ")."""
    return 2 + max((len(stamp(a.published)) for g in groups for a in g.articles), default=5)


def _heading(group: DigestGroup, width: int | None, mode: str) -> str:
    """`━━ title ━━ N articles`; laid out for a terminal, the title is cut so
    the line fits `width` (the count is kept), and under 20 cells for the
    title the count goes to a line of its own. Arabic: read from the right."""
    from tui.text.bidi import cell_width, display_text, isolate, truncate

    count = len(group.articles)
    tail = ngettext("{n} article", "{n} articles", count).format(n=num(count))
    if group.story is not None:
        feeds = len({a.feed_title for a in group.articles})
        tail += " · " + ngettext("{n} source", "{n} sources", feeds).format(n=num(feeds))
    if not width:
        return f"━━ {group.title} ━━ {tail}"
    room = width - cell_width(f"━━  ━━ {tail}")
    if rtl():
        title = truncate(group.title, max(1, room), "off")  # logical, "…" at its end
        line = display_text(f"━━ {isolate(title)} ━━ {tail}", mode, "rtl", isolates=True)
        return " " * max(0, width - cell_width(line)) + line
    title = display_text(group.title, mode)
    if cell_width(title) <= room:
        return f"━━ {title} ━━ {tail}"
    if room >= 20:
        return f"━━ {truncate(group.title, room, mode).lstrip()} ━━ {tail}"
    return (f"━━ {truncate(group.title, max(1, width - 3), mode).lstrip()}\n"
            f"{truncate(tail, width, 'off')}")


def _group_lines(group: DigestGroup, width: int | None, mode: str, harakat: str,
                 directions: dict[str, str], column: int = 7):
    from tui.text.bidi import display_text, layout

    yield _heading(group, width, mode)
    for a in group.articles:
        when = stamp(a.published)
        if width and rtl():
            when = display_text(when, mode)
        title = clean_field(a.title) or _("(untitled)")
        if group.story is not None:
            title = f"{title} — {clean_field(a.feed_title)}"
        lead = lead_of(a)
        link = safe_link(a.link)
        if not width:
            yield f"{when:<{column - 1}} {title}"
            if lead:
                yield f"{'':<{column - 1}} {lead}"
            if link:
                yield f"{'':<{column - 1}} {link}"
            continue
        text_width = max(10, width - column)
        pad = " " * column
        forced = directions.get(a.feed_url)  # the feed's `dir` setting, if any
        for i, line in enumerate(layout(title, text_width, mode, harakat, forced)):
            yield (f"{when:<{column}}" if i == 0 else pad) + line
        for line in layout(lead, text_width, mode, harakat, forced) if lead else ():
            yield pad + line
        if link:
            yield pad + link



def write_article(a: Article, out: TextIO, *, width: int | None = None, mode: str = "off",
                  harakat: str = "drop", direction: str | None = None) -> None:
    """`--article ID`: the article whole; `width` set means lay it out for a terminal."""
    from tui.text.bidi import layout
    from tui.text.html import html_to_blocks

    when = full_stamp(a.published.astimezone(UTC))
    which = _("full article") if a.full_text else _("feed text")
    meta = " · ".join(p for p in (clean_field(a.feed_title), clean_field(a.author), when,
                                  which) if p)
    body = html_to_blocks(a.body_html, a.link or None)
    paragraphs: list[tuple[str, str | None]] = [(clean_field(a.title) or _("(untitled)"), None),
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
