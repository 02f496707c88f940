"""`--digest` and `--headlines`: refresh, select, print, optionally mark read."""

from __future__ import annotations

import os
import shutil
import sys

from tui.cli import since_from
from tui.models import Config
from tui.output import group_by_feed, group_by_story, write_digest, write_headlines
from tui.refresh import refresh
from tui.store import Query, Store
from tui.text.clean import clean_field


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


def run(args, config: Config, store: Store) -> int:
    if not args.offline:
        summary = refresh(config, store)
        for e in summary.errors:
            print(f"akhbar: {clean_field(e.title)}: {clean_field(e.message)}", file=sys.stderr)
        for note in summary.notes:
            print(f"akhbar: {clean_field(note)}", file=sys.stderr)
    urls = selected_feeds(config, args.feed, args.tag)
    if args.feed and not args.tag:
        urls = tuple(dict.fromkeys(urls + _feed_matches_site_title(store, config, args.feed)))
    query = Query(feed_urls=urls, since=since_from(args), unread=args.unread,
                  starred=args.starred)
    if args.search:
        from tui.search import search

        tags = {f.url: f.tags for f in config.feeds}
        articles = search(store, args.search, query, tags=tags,
                          sort=getattr(args, "sort", "date"))
    else:
        articles = store.articles(query, bodies=not args.headlines)
    out = sys.stdout
    if args.headlines:
        write_headlines(articles, out, as_json=args.json)
    else:
        groups = group_by_feed(articles)
        if args.by == "story":
            from tui.stories import with_stories

            groups = group_by_story(with_stories(store, articles))
        mode, width = _layout_for(args, config, out)
        write_digest(groups, out, since=query.since, as_json=args.json, width=width, mode=mode,
                     harakat=config.settings.harakat,
                     directions={f.url: f.dir for f in config.feeds if f.dir})
    out.flush()
    if args.mark_read and articles:
        store.mark_read(a.id for a in articles)
    return 0


def _layout_for(args, config: Config, out) -> tuple[str, int | None]:
    """The bidi mode and width to lay the digest out with; width None means plain text."""
    from tui.text.terminal import resolve_mode

    setting = args.bidi or os.environ.get("AKHBAR_BIDI") or config.settings.bidi
    mode = resolve_mode(setting, out)
    if out.isatty():
        return mode, shutil.get_terminal_size((80, 24)).columns
    # Piped: logical text, unless the user asked for shaping explicitly.
    if args.bidi == "on":
        return "on", int(os.environ.get("COLUMNS", "80"))
    return "off", None
