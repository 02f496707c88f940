"""The search language (SPEC §4): a query text parsed into words and filters, and its
words as safe FTS5 expressions. No store, no network: the config checks standing
queries (saved searches, mute) with it at load; tui.search runs them.

Query language (case of keywords as shown):

    words           every word must occur (AND), in title or body
    "a phrase"      the words in this order
    word*           a word starting with "word"
    a AND b         same as `a b`
    a OR b          either (binds tighter than the implicit AND: `x a OR b` = x AND (a OR b))
    -word, -"a b"   must not occur
    feed:TEXT       only feeds whose title or URL contains TEXT (quotes allowed: feed:"بي بي سي")
    tag:TAG         only feeds with this tag in the config
    is:unread  is:starred
    since:7d        published in the last 90m / 24h / 7d / 2w

Anything else with a colon (`10:30`, `http://x`) is a plain word. Every word
is quoted before it reaches FTS5, so no user text can produce an FTS5 syntax
error or use FTS5 operators the user did not mean.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import timedelta

from tui.duration import parse_duration
from tui.i18n import N_, _
from tui.text.normalize import normalize
from tui.text.search_form import index_form

_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')
_FILTERS = frozenset({"feed", "tag", "is", "since"})


@dataclass(frozen=True)
class Term:
    """One searched word or phrase, already normalized."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A query split into what FTS5 matches and what the store filters."""

    groups: tuple[tuple[Term, ...], ...] = ()
    """AND of ORs: every group must match, any term of a group will do."""
    excluded: tuple[Term, ...] = ()
    feeds: tuple[str, ...] = ()
    """feed: texts; an article's feed must contain every one."""
    tags: tuple[str, ...] = ()
    unread: bool = False
    starred: bool = False
    since: timedelta | None = None
    problems: tuple[str, ...] = field(default=())
    """Filters that could not be understood (an unknown is: value, a bad since:)."""

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded


def _duration_or_none(text: str) -> timedelta | None:
    try:
        return parse_duration(text)
    except ValueError:
        return None


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def parse_query(text: str) -> ParsedQuery:
    """Parse the query language of this module; never raises."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    feeds: list[str] = []
    tags: list[str] = []
    flags = {"unread": False, "starred": False}
    since: timedelta | None = None
    problems: list[str] = []
    join_next = False
    prev_positive = False
    for m in _TOKEN.finditer(text or ""):
        negate, key, quoted, bare = m.group(1), m.group(2), m.group(3), m.group(4)
        key_l = key.lower() if key else None
        if key_l in _FILTERS and not negate:
            value = quoted if quoted is not None else (bare or "")
            if key_l == "feed" and value:
                feeds.append(value)
            elif key_l == "tag" and value:
                tags.append(value)
            elif key_l == "is" and value.lower() in flags:
                flags[value.lower()] = True
            elif key_l == "since" and (d := _duration_or_none(value)) is not None:
                since = d
            else:
                problems.append(m.group(0))
            prev_positive = False
            continue
        if key is not None:  # "10:30", "a:b": a plain word after all
            raw, phrase = m.group(0)[len(negate):], False
            if raw.endswith('"') or '"' in raw:
                raw = raw.replace('"', " ")
        else:
            raw, phrase = (quoted, True) if quoted is not None else (bare, False)
        if not negate and not phrase and raw == "AND":  # what words do anyway
            continue
        if not negate and not phrase and raw == "OR":
            join_next = prev_positive
            continue
        prefix = not phrase and raw.endswith("*") and len(raw.rstrip("*")) > 0
        norm = normalize(raw.rstrip("*") if prefix else raw)
        if not _has_word(norm):
            continue
        term = Term(norm, prefix)
        prev_positive = not negate
        if negate:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return ParsedQuery(
        groups=tuple(tuple(g) for g in groups), excluded=tuple(excluded), feeds=tuple(feeds),
        tags=tuple(tags), since=since, problems=tuple(problems), **flags,
    )


_VALID = {"is": N_("is:unread or is:starred"), "since": "since:90m, since:24h, since:7d",
          "feed": "feed:TEXT", "tag": "tag:TAG"}


def describe_problem(token: str) -> str:
    """What is wrong with a filter `parse_query` could not understand, in one line."""
    key, _sep, value = token.partition(":")
    key, value = key.lower(), value.strip('"')
    if key == "since" and value:
        try:
            parse_duration(value)
        except ValueError as e:
            return f"since:{value}: {e}"
    if not value:
        return _("{filter} needs a value, e.g. {example}").format(filter=token,
                                                                 example=_(_VALID[key]))
    hint = ""
    if key == "is":
        close = difflib.get_close_matches(token.casefold(), ("is:unread", "is:starred"), 1, 0.6)
        hint = _("; did you mean {name}?").format(name=repr(close[0])) if close else ""
    return _("{filter} is not a filter; use {example}").format(filter=token,
                                                              example=_(_VALID[key])) + hint


def _quote(term: Term) -> str:
    # Split into words as the index was (its tokenizer only knows ASCII separators).
    return '"' + index_form(term.text).replace('"', '""') + '"' + ("*" if term.prefix else "")


def to_fts(parsed: ParsedQuery) -> tuple[str | None, str | None]:
    """FTS5 expressions (match, exclude) for a parsed query; None where there is none.

    Every term is a quoted FTS5 string, so only the operators written here
    (AND, OR, parentheses, the prefix star) ever reach FTS5.
    """
    match = " AND ".join(
        "(" + " OR ".join(_quote(t) for t in group) + ")" for group in parsed.groups
    ) or None
    exclude = " OR ".join(_quote(t) for t in parsed.excluded) or None
    return match, exclude
