"""feeds.toml → frozen dataclasses. Every mistake names the file and the line."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tomllib
from pathlib import Path

from tui import paths
from tui.i18n import N_, _
from tui.models import Config, FeedConfig, SavedSearch, Settings
from tui.search_syntax import describe_problem, parse_query
from tui.text.urls import is_http_url


class ConfigError(Exception):
    """A mistake in the feeds file, said in one line: file, line, what to fix."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


_SETTING_TYPES: dict[str, tuple[type, ...]] = {
    "refresh_minutes": (int,),
    "bidi": (str,),
    "harakat": (str,),
    "keep_days": (int,),
    "max_feed_mb": (int, float),
    "timeout_seconds": (int, float),
    "connect_timeout_seconds": (int, float),
    "max_connections": (int,),
    "max_per_host": (int,),
    "language": (str,),
    "digits": (str,),
}
_LIST_SETTINGS = ("mute",)
"""Settings that are lists of strings (queries)."""
_SETTING_CHOICES = {"bidi": ("auto", "on", "off"), "harakat": ("drop", "keep"),
                    "language": ("auto", "ar", "en"), "digits": ("latin", "arabic")}
_FEED_KEYS = ("url", "title", "tags", "dir", "full_text")
_TYPE_NAMES = {int: N_("a whole number"), float: N_("a number"), str: N_("a string")}


class _Lines:
    """Finds the line of a table or key, since tomllib reports none after parsing."""

    _header = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"-]+)\s*\]\]?")
    _key = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")

    def __init__(self, text: str):
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        table, index, counts = "", 0, {}
        for number, line in enumerate(text.splitlines(), 1):
            if m := self._header.match(line):
                table = m.group(2).strip('"')
                index = counts.get(table, -1) + 1 if m.group(1) == "[[" else 0
                counts[table] = index
                self.tables[(table, index)] = number
            elif m := self._key.match(line):
                self.keys.setdefault((table, index, m.group(1).strip('"')), number)

    def of(self, table: str, index: int = 0, key: str | None = None) -> int | None:
        if key is not None and (table, index, key) in self.keys:
            return self.keys[(table, index, key)]
        return self.tables.get((table, index))


def load(path: Path) -> Config:
    """Read and check a feeds file; raises ConfigError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, None, _("no such file")) from None
    except OSError as e:
        raise ConfigError(path, None, _("cannot read: {error}").format(error=e.strerror)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ConfigError(path, line, _("not UTF-8 text; save the file as UTF-8")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        reason = re.sub(r"\s*\(at line.*\)", "", str(e))
        raise ConfigError(path, int(m.group(1)) if m else None,
                          _("bad TOML: {reason}").format(reason=reason)) from None
    return parse(data, path, _Lines(text))


def parse(data: dict, path: Path, lines: _Lines | None = None) -> Config:
    lines = lines or _Lines("")

    def fail(message: str, table: str = "", index: int = 0, key: str | None = None):
        raise ConfigError(path, lines.of(table, index, key), message)

    for key in data:
        if key not in ("settings", "feeds", "searches"):
            fail(_('unknown top-level key "{key}" (expected [settings], [[feeds]] or '
                   '[[searches]])').format(key=key), key=key)
    settings = _parse_settings(data.get("settings", {}), fail)
    feeds_raw = data.get("feeds", [])
    if not isinstance(feeds_raw, list):
        fail(_("feeds must be written as [[feeds]] tables"), "feeds")
    feeds: list[FeedConfig] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(feeds_raw):
        feed = _parse_feed(entry, i, fail)
        canonical = feed.url.rstrip("/")
        if canonical in seen:
            fail(
                _("duplicate feed url {url} (also feed #{n}); remove one").format(
                    url=feed.url, n=seen[canonical] + 1),
                "feeds", i, "url",
            )
        seen[canonical] = i
        feeds.append(feed)
    tags = {t.casefold() for f in feeds for t in f.tags}
    for n, text in enumerate(settings.mute):
        problem = _query_problem(text, tags)
        if problem:
            fail(_("mute query #{n} {query}: {problem}").format(n=n + 1, query=repr(text),
                                                                 problem=problem),
                 "settings", 0, "mute")
    searches = _parse_searches(data.get("searches", []), tags, fail)
    return Config(path=path, settings=settings, feeds=tuple(feeds), searches=searches)


def _query_problem(text: str, tags: set[str]) -> str | None:
    """What is wrong with a standing query (saved search or mute), or None."""
    parsed = parse_query(text)
    if parsed.problems:
        return describe_problem(parsed.problems[0])
    for tag in parsed.tags:
        if tag.casefold() not in tags:
            return _("no feed has the tag {tag}").format(tag=repr(tag))
    if parsed.empty and not (parsed.feeds or parsed.tags or parsed.unread or parsed.starred
                             or parsed.since):
        return _("it has no word and no filter, so it would select every article")
    return None


def _parse_searches(raw: object, tags: set[str], fail) -> tuple[SavedSearch, ...]:
    if not isinstance(raw, list):
        fail(_("searches must be written as [[searches]] tables"), "searches")
    searches: list[SavedSearch] = []
    names: dict[str, int] = {}
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            fail(_("search #{n} must be a [[searches]] table").format(n=i + 1), "searches", i)
        for key in entry:
            if key not in ("name", "query"):
                fail(_('unknown key "{key}" in search #{n} (known: name, query)').format(
                    key=key, n=i + 1), "searches", i, key)
        for key in ("name", "query"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                fail(_('search #{n} needs {key} = "…" (a string that is not empty)').format(
                    n=i + 1, key=key), "searches", i, key if key in entry else None)
        name, text = entry["name"].strip(), entry["query"].strip()
        if name in names:
            fail(_("duplicate search name {name} (also search #{n})").format(
                name=repr(name), n=names[name] + 1), "searches", i, "name")
        names[name] = i
        if problem := _query_problem(text, tags):
            fail(_("query of search {name}: {problem}").format(name=repr(name), problem=problem),
                 "searches", i, "query")
        searches.append(SavedSearch(name, text))
    return tuple(searches)


def _type_ok(value: object, types: tuple[type, ...]) -> bool:
    return isinstance(value, types) and not isinstance(value, bool)


def _parse_settings(raw: object, fail) -> Settings:
    if not isinstance(raw, dict):
        fail(_("settings must be a table: [settings]"), key="settings")
    values = {}
    for key, value in raw.items():
        if key not in _SETTING_TYPES and key not in _LIST_SETTINGS:
            known = ", ".join((*_SETTING_TYPES, *_LIST_SETTINGS))
            fail(_('unknown setting "{key}" (known: {known})').format(key=key, known=known),
                 "settings", 0, key)
        if key in _LIST_SETTINGS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                fail(_('setting {key} must be a list of strings, e.g. ["word", "tag:sport"]')
                     .format(key=key), "settings", 0, key)
            values[key] = tuple(v.strip() for v in value if v.strip())
            continue
        types = _SETTING_TYPES[key]
        if not _type_ok(value, types):
            fail(_("setting {key} must be {kind}, not {value}").format(
                key=key, kind=_(_TYPE_NAMES[types[0]]), value=repr(value)), "settings", 0, key)
        if key in _SETTING_CHOICES and value not in _SETTING_CHOICES[key]:
            choices = " | ".join(_SETTING_CHOICES[key])
            fail(_('setting {key} must be one of {choices}, not "{value}"').format(
                key=key, choices=choices, value=value), "settings", 0, key)
        if types[0] in (int, float) and value <= 0:
            fail(_("setting {key} must be greater than 0, not {value}").format(
                key=key, value=value), "settings", 0, key)
        values[key] = value
    return Settings(**values)


def _parse_feed(entry: object, i: int, fail) -> FeedConfig:
    if not isinstance(entry, dict):
        fail(_("feed #{n} must be a [[feeds]] table").format(n=i + 1), "feeds", i)
    for key in entry:
        if key not in _FEED_KEYS:
            fail(_('unknown key "{key}" in feed #{n} (known: {known})').format(
                key=key, n=i + 1, known=", ".join(_FEED_KEYS)), "feeds", i, key)
    if "url" not in entry:
        fail(_('feed #{n} has no url; add url = "https://…"').format(n=i + 1), "feeds", i)
    url = entry["url"]
    if not isinstance(url, str):
        fail(_("url of feed #{n} must be a string").format(n=i + 1), "feeds", i, "url")
    url = url.strip()
    if not is_http_url(url):
        fail(_("url of feed #{n} must start with http:// or https://, not {url}").format(
            n=i + 1, url=repr(url)), "feeds", i, "url")
    title = entry.get("title")
    if title is not None and not isinstance(title, str):
        fail(_("title of feed #{n} must be a string").format(n=i + 1), "feeds", i, "title")
    tags = entry.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        fail(_('tags of feed #{n} must be a list of strings, e.g. ["news"]').format(n=i + 1),
             "feeds", i, "tags")
    direction = entry.get("dir")
    if direction is not None and direction not in ("rtl", "ltr"):
        fail(_('dir of feed #{n} must be "rtl" or "ltr"').format(n=i + 1), "feeds", i, "dir")
    full_text = entry.get("full_text", False)
    if not isinstance(full_text, bool):
        fail(_("full_text of feed #{n} must be true or false, not {value}").format(
            n=i + 1, value=repr(full_text)), "feeds", i, "full_text")
    return FeedConfig(url=url, title=title.strip() or None if title else None,
                      tags=tuple(t.strip() for t in tags if t.strip()), dir=direction,
                      full_text=full_text)


def locate(explicit: str | None) -> tuple[Path, bool]:
    """The feeds file to use, and whether it must already exist (explicit choice)."""
    if explicit:
        return Path(explicit).expanduser(), True
    if env := os.environ.get("AKHBAR_CONFIG"):
        return Path(env).expanduser(), True
    return paths.user_config_file(), False


def ensure_user_config(path: Path) -> bool:
    """Copy the bundled feeds.toml to `path` on first run; True if it was created."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(paths.bundled_feeds(), path)
    return True


def with_settings(config: Config, **changes) -> Config:
    return dataclasses.replace(config, settings=dataclasses.replace(config.settings, **changes))
