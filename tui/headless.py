"""`--digest` and `--headlines`: refresh, select, print, optionally mark read."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from tui.models import Config
from tui.output import group_by_feed, write_digest, write_headlines
from tui.refresh import refresh
from tui.store import Query, Store
from tui.text.clean import clean_field


@dataclass(frozen=True)
class Request:
    """One --headlines or --digest run, as the command line asked for it (built by cli)."""

    mode: Literal["headlines", "digest"]
    offline: bool = False
    """Print from the store without refreshing first."""
    since: timedelta | None = None
    """Only articles published (or first seen) this long ago or later; None: no bound."""
    unread: bool = False
    starred: bool = False
    feed: str | None = None
    """Only feeds whose title or URL contains this text."""
    tag: str | None = None
    search: str | None = None
    """A query in the language of tui.search."""
    sort: Literal["date", "rank"] = "date"
    """Order of --search results: newest first, or best match first."""
    as_json: bool = False
    by: Literal["feed", "story"] = "feed"
    """How the digest groups."""
    mark_read: bool = False
    bidi: str | None = None
    """--bidi as given (auto | on | off), None when not given."""


def selected_feeds(config: Config, text: str | None, tag: str | None) -> tuple[str, ...]:
    """URLs of the configured feeds that --feed and --tag let through."""
    urls = []
    for f in config.feeds:
        if text and text.casefold() not in f"{f.title or ''}\n{f.url}".casefold():
            continue
        if tag and tag.casefold() not in (t.casefold() for t in f.tags):
            continue
        urls.append(f.url)
    return tuple(urls)


def _feed_matches_site_title(store: Store, config: Config, text: str) -> tuple[str, ...]:
    configured = {f.url for f in config.feeds}
    return tuple(s.url for s in store.feeds()
                 if s.url in configured and text.casefold() in s.site_title.casefold())


def run(req: Request, config: Config, store: Store) -> int:
    if not req.offline:
        summary = refresh(config, store)
        for e in summary.errors:
            print(f"akhbar: {clean_field(e.title)}: {clean_field(e.message)}", file=sys.stderr)
        for note in summary.notes:
            print(f"akhbar: {clean_field(note)}", file=sys.stderr)
    urls = selected_feeds(config, req.feed, req.tag)
    if req.feed and not req.tag:
        urls = tuple(dict.fromkeys(urls + _feed_matches_site_title(store, config, req.feed)))
    since = datetime.now(UTC) - req.since if req.since is not None else None
    query = Query(feed_urls=urls, since=since, unread=req.unread, starred=req.starred)
    headlines = req.mode == "headlines"
    if req.search:
        from tui.search import search

        tags = {f.url: f.tags for f in config.feeds}
        articles = search(store, req.search, query, tags=tags, sort=req.sort)
    else:
        articles = store.articles(query, bodies=not headlines)
    out = sys.stdout
    if headlines:
        write_headlines(articles, out, as_json=req.as_json)
    else:
        groups = group_by_feed(articles)
        if req.by == "story":
            from tui.stories import group_for_digest

            groups = group_for_digest(store, articles)
        mode, width = _layout_for(req.bidi, config, out)
        write_digest(groups, out, since=query.since, as_json=req.as_json, width=width, mode=mode,
                     harakat=config.settings.harakat,
                     directions={f.url: f.dir for f in config.feeds if f.dir})
    out.flush()
    if req.mark_read and articles:
        store.mark_read(a.id for a in articles)
    return 0


def _layout_for(bidi: str | None, config: Config, out) -> tuple[str, int | None]:
    """The bidi mode and width to lay the digest out with; width None means plain text."""
    from tui.text.terminal import resolve_mode

    setting = bidi or os.environ.get("AKHBAR_BIDI") or config.settings.bidi
    mode = resolve_mode(setting, out)
    if out.isatty():
        return mode, shutil.get_terminal_size((80, 24)).columns
    # Piped: logical text, unless the user asked for shaping explicitly.
    if bidi == "on":
        return "on", int(os.environ.get("COLUMNS", "80"))
    return "off", None
