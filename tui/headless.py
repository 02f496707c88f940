"""`--digest` and `--headlines`: refresh, select, print, optionally mark read."""

from __future__ import annotations

import difflib
import itertools
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from tui import i18n
from tui.i18n import _
from tui.models import Article, Config
from tui.output import (
    group_by_feed,
    group_by_story,
    write_article,
    write_digest,
    write_headline_rows,
    write_headlines,
)
from tui.saved import apply_mute, find_search, search_query
from tui.store import Query, Store
from tui.text.clean import clean_field

if TYPE_CHECKING:
    from tui.search import ParsedQuery


class RequestError(Exception):
    """A request the config cannot answer: an unknown tag, feed or search filter.
    One line for the user; the command exits 2."""


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
    include_muted: bool = False
    """Print the articles the config's mute list hides too (marked "muted" in JSON)."""


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


def _say(message: str) -> None:
    print(f"akhbar: {clean_field(message)}", file=sys.stderr)


def _closest(word: str, choices) -> str | None:
    """The choice nearest to a mistyped `word`, if one is near enough to suggest."""
    by_fold = {c.casefold(): c for c in choices}
    found = difflib.get_close_matches(word.casefold(), by_fold, n=1, cutoff=0.6)
    return by_fold[found[0]] if found else None


def _did_you_mean(best: str | None) -> str:
    return _("; did you mean {name}?").format(name=repr(best)) if best else ""


def _check_tag(tag: str, config: Config, where: str) -> None:
    tags = sorted({t for f in config.feeds for t in f.tags}, key=str.casefold)
    if tag.casefold() in (t.casefold() for t in tags):
        return
    if not tags:
        raise RequestError(_("{option}: no feed in {path} has tags").format(
            option=where, path=config.path))
    listed = _(" (tags: {tags})").format(tags=", ".join(tags)) if len(tags) <= 12 else ""
    raise RequestError(_("{option}: no feed has the tag {tag}").format(
        option=where, tag=repr(tag)) + _did_you_mean(_closest(tag, tags)) + listed)


def _check_feed_text(text: str, titles: list[str], urls: list[str], where: str) -> None:
    needle = text.casefold()
    if any(needle in t.casefold() for t in (*titles, *urls)):
        return
    # A word of a title is what a user types for --feed: suggest the title it is in.
    words = {w: t for t in titles for w in (t, *t.split())}
    best = _closest(text, words)
    raise RequestError(_("{option}: no feed's title or URL contains {text}").format(
        option=where, text=repr(text)) + _did_you_mean(words[best] if best else None))


def _check_query(text: str, config: Config) -> ParsedQuery:
    """The query's filters, understood: a filter that is not is a mistake to name."""
    from tui.search import describe_problem, parse_query

    parsed = parse_query(text)
    for token in parsed.problems:
        raise RequestError(f"--search: {describe_problem(token)}")  # translated there
    for tag in parsed.tags:
        _check_tag(tag, config, "--search")
    return parsed


def run(req: Request, config: Config, store: Store) -> int:
    i18n.activate(config.settings.language, config.settings.digits)
    if not config.feeds:
        _say(_("{path} lists no feeds: add a [[feeds]] table with a url").format(
            path=config.path))
    parsed = _check_query(req.search, config) if req.search else None
    if req.tag:
        _check_tag(req.tag, config, "--tag")
    store.on_moved = _say
    if not req.offline:
        from tui.refresh import refresh  # asyncio and the parsers: not for --offline

        summary = refresh(config, store)
        for e in summary.errors:
            _say(f"{e.title}: {i18n.translated(e.message)}")
        for note in summary.notes:
            _say(i18n.translated(note))
    saved = find_search(config, req.feed)
    if config.settings.mute or saved is not None:
        store.index_pending()  # standing queries read the index: bring it up to date
    apply_mute(store, config)
    feed_texts = [(req.feed, "--feed")] if req.feed and saved is None else []
    feed_texts += [(text, "--search") for text in (parsed.feeds if parsed else ())]
    if feed_texts:
        titles = [t for t in (*(f.title for f in config.feeds), *store.feed_titles().values())
                  if t]
        for text, where in feed_texts:
            _check_feed_text(text, titles, [f.url for f in config.feeds], where)
    urls = selected_feeds(config, None if saved else req.feed, req.tag)
    if req.feed and not req.tag and saved is None:
        urls = tuple(dict.fromkeys(urls + _feed_matches_site_title(store, config, req.feed)))
    since = datetime.now(UTC) - req.since if req.since is not None else None
    query = Query(feed_urls=urls, since=since, unread=req.unread, starred=req.starred,
                  with_muted=req.include_muted)
    if saved is not None:
        query = search_query(store, config, saved, query)
    out = sys.stdout
    printed: list[int] = []
    if req.mode == "headlines" and not (req.search or req.as_json or req.include_muted):
        write_headline_rows(store.stream_headlines(query), out, printed)
    elif req.mode == "headlines":
        articles = _articles(req, config, store, query)
        muted: set[int] | None = None
        if req.include_muted:
            articles = _noting_muted(store, articles, muted := set())
        write_headlines(_noting_ids(articles, printed), out, as_json=req.as_json, muted=muted)
    else:
        articles = _articles(req, config, store, query)
        printed = [a.id for a in articles]
        groups = group_by_feed(articles)
        if req.by == "story":
            from tui.stories import with_stories

            order = [f.url for f in config.feeds]
            groups = group_by_story(with_stories(store, articles, order), order)
        mode, width = _layout_for(req.bidi, config, out)
        write_digest(groups, out, since=query.since, as_json=req.as_json, width=width, mode=mode,
                     harakat=config.settings.harakat,
                     directions={f.url: f.dir for f in config.feeds if f.dir})
    out.flush()
    if req.mark_read and printed:
        store.mark_read(printed)
    return 0


def _articles(req: Request, config: Config, store: Store, query: Query) -> Iterable[Article]:
    if req.search:
        from tui.search import search

        tags = {f.url: f.tags for f in config.feeds}
        return search(store, req.search, query, tags=tags, sort=req.sort)
    if req.mode == "headlines":  # streamed: 200,000 headlines need not sit in memory at once
        return store.stream_articles(query, bodies=False)
    return store.articles(query)


def _noting_ids(articles: Iterable[Article], ids: list[int]) -> Iterator[Article]:
    for a in articles:
        ids.append(a.id)
        yield a


def _noting_muted(store: Store, articles: Iterable[Article], muted: set[int]
                  ) -> Iterator[Article]:
    """`articles` as they come, a batch at a time, with the ids of each batch that the
    mute list hides added to `muted` before the batch is handed on."""
    rows = iter(articles)
    while batch := list(itertools.islice(rows, 500)):
        muted |= store.muted_among(a.id for a in batch)
        yield from batch


def run_article(article_id: int, config: Config, store: Store, *, full: bool = False,
                offline: bool = False, bidi: str | None = None) -> int:
    """`--article ID [--full]`: print one article whole, fetching its page first when
    `full` asks for it and no full text is stored (not when `offline`)."""
    i18n.activate(config.settings.language, config.settings.digits)
    article = store.article(article_id)
    if article is None:
        raise RequestError(_("--article: no article has the id {id} (ids are the \"id\" of "
                             "--headlines --json)").format(id=article_id))
    if full and not article.full_text:
        if offline:
            _say(_("--offline: the full article was not fetched; printing the feed's text"))
        else:
            from tui.fulltext import fetch_full_text

            article = fetch_full_text(config.settings, store, article)
            if article.full_text_error:
                _say(_("full article: {error}; printing the feed's text").format(
                    error=i18n.translated(article.full_text_error)))
    out = sys.stdout
    mode, width = _layout_for(bidi, config, out)
    direction = next((f.dir for f in config.feeds if f.url == article.feed_url), None)
    write_article(article, out, width=width, mode=mode, harakat=config.settings.harakat,
                  direction=direction)
    out.flush()
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
