"""Standing queries (SPEC §2): saved searches shown as feeds, and the mute list.

Both are written in the search language (tui.search) and compiled here, once per
view, into a `Query` the store runs as SQL: a saved search's words become an
FTS5 `IN (SELECT rowid …)` condition, the mute list a `NOT (…)` over such
conditions (`Query.hide`). No article is ever tested in Python.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from tui.i18n import _
from tui.models import Config, SavedSearch
from tui.search import parse_query, to_query
from tui.store import Query, Store


def _tags(config: Config) -> dict[str, tuple[str, ...]]:
    return {f.url: f.tags for f in config.feeds}


def mute_queries(store: Store, config: Config, now: datetime | None = None) -> tuple[Query, ...]:
    """The config's mute list as queries (feed:/tag: resolved against the store's feeds)."""
    tags = _tags(config)
    return tuple(to_query(store, parse_query(text), Query(), tags, now)
                 for text in config.settings.mute)


def apply_mute(store: Store, config: Config) -> Store:
    """Make `store` leave out what the config mutes, in every read; returns it."""
    store.mute = mute_queries(store, config)
    return store


def search_query(store: Store, config: Config, saved: SavedSearch, base: Query | None = None,
                 now: datetime | None = None) -> Query:
    """What a saved search shows, within `base` (default: the configured feeds)."""
    if base is None:
        base = Query(feed_urls=tuple(f.url for f in config.feeds))
    return to_query(store, parse_query(saved.query), base, _tags(config), now)


def find_search(config: Config, name: str | None) -> SavedSearch | None:
    """The saved search called exactly `name`."""
    return next((s for s in config.searches if s.name == name), None)


class SaveError(Exception):
    """The search could not be saved; one line for the user."""


def append_search(path: Path, name: str, query: str) -> SavedSearch:
    """Append a [[searches]] table to the feeds file, its comments and layout kept."""
    import tomlkit  # 5 ms to import: only to write, not on every --headlines

    from tui.config import ConfigError, parse

    name, query = name.strip(), query.strip()
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as e:
        raise SaveError(_("{path}: bad TOML, fix it first: {error}").format(path=path, error=e)) \
            from None
    if any(isinstance(s, dict) and s.get("name") == name for s in doc.get("searches", [])):
        raise SaveError(_("a search called {name} is already saved").format(name=repr(name)))
    table = tomlkit.table()
    table.add("name", name)
    table.add("query", query)
    block = tomlkit.document()
    block.append("searches", tomlkit.aot())
    block["searches"].append(table)
    head = text.rstrip("\n") + "\n\n" if text.strip() else ""
    new_text = head + tomlkit.dumps(block).strip() + "\n"
    try:  # refuse to write a file akhbar itself would then reject
        parse(tomlkit.parse(new_text).unwrap(), path)
    except ConfigError as e:
        raise SaveError(e.message) from None
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(new_text, encoding="utf-8")
    tmp.replace(path)
    return SavedSearch(name, query)


def with_search(config: Config, saved: SavedSearch) -> Config:
    return replace(config, searches=(*config.searches, saved))
