"""A damaged store: set it aside (renamed, never deleted), start a fresh one and
salvage into it what can still be read; also when the damage shows only mid-run."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tui.i18n import _, ngettext
from tui.models import ParsedArticle
from tui.store.articles import article_key
from tui.store.errors import StoreError, is_corruption
from tui.store.query import utc

if TYPE_CHECKING:
    from tui.store import Store

T = TypeVar("T")


def run_recovering(open_store: Callable[[], Store], work: Callable[[Store], T],
                   tell: Callable[[str], None]) -> T:
    """`work(store)` on the store `open_store()` opens. When `work` finds the file
    damaged (the first pages were fine, so opening it did not), the file is set
    aside and salvaged, `tell` gets the message for the user, and `work` runs once
    more on the fresh store."""
    with open_store() as store:
        try:
            return work(store)
        except sqlite3.DatabaseError as e:
            if not is_corruption(e):
                raise
            damaged, cause, kind = store.path, e, type(store)
    tell(recover_damaged(damaged, cause, fresh_store=kind))
    with open_store() as store:
        return work(store)


def recover_damaged(path: Path, cause: BaseException | None = None, *,
                    fresh_store: Callable[[Path], Store]) -> str:
    """Set a damaged store aside (renamed, never deleted), start a fresh one and copy
    into it whatever articles, flags and feed titles can still be read.

    Returns the message for the user. Python's sqlite3 has no `.recover`; this reads
    the old tables row by row, by full scans (a damaged index is then no obstacle),
    from both ends, and keeps what came out before an error. `fresh_store` opens
    the new store at `path`: the Store class, passed in as Store's opening calls this.
    """
    path = Path(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    try:
        path.replace(aside)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
    except OSError as e:
        raise StoreError(_("the store {path} is damaged ({cause}) and could not be moved "
                           "aside ({error}): move it away by hand and run akhbar again").format(
            path=path, cause=cause, error=e.strerror)) from None
    feeds, rows = _salvage(aside)
    recovered = read = starred = 0
    if rows:
        with fresh_store(path) as fresh:
            recovered, read, starred = _restore(fresh, feeds, rows)
    why = f" ({cause})" if cause else ""
    saved = ngettext("{n} article recovered from it ({read} read, {starred} starred)",
                     "{n} articles recovered from it ({read} read, {starred} starred)",
                     recovered).format(n=recovered, read=read, starred=starred) \
        if recovered else _("nothing could be recovered from it")
    return _("the store {path} was damaged{why}; it is kept as {aside} and a fresh store was "
             "started, {saved}. Delete {name} once you no longer need it.").format(
        path=path, why=why, aside=aside, saved=saved, name=aside.name)


def _salvage(path: Path) -> tuple[dict[int, dict], list[dict]]:
    """Whatever rows of feeds and articles a damaged file still gives."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return {}, []
    db.row_factory = sqlite3.Row

    def scan(table: str) -> dict[int, dict]:
        found: dict[int, dict] = {}
        for order in ("ASC", "DESC"):
            try:
                for row in db.execute(f"SELECT * FROM {table} NOT INDEXED "
                                      f"ORDER BY rowid {order}"):
                    if row["id"] in found:
                        break  # the two scans met
                    found[row["id"]] = dict(row)
            except sqlite3.Error:
                continue
        return found

    try:
        return scan("feeds"), list(scan("articles").values())
    finally:
        db.close()


def _salvaged_article(r: dict) -> ParsedArticle:
    """A damaged store's row as the item the feed once gave (its key unchanged)."""
    def text(name: str) -> str:
        value = r.get(name)
        return value if isinstance(value, str) else ""

    try:
        categories = tuple(str(c) for c in json.loads(text("categories") or "[]"))
    except (ValueError, TypeError):
        categories = ()
    dated = r.get("dated", 1)
    published = r.get("published")
    return ParsedArticle(
        guid=r.get("guid") or None, link=text("link") or None, title=text("title"),
        author=text("author"),
        published=utc(published) if isinstance(published, int) and dated else None,
        updated=utc(r["updated"]) if isinstance(r.get("updated"), int) else None,
        summary=text("summary"), content=text("content"), categories=categories,
    )


def _restore(store: Store, feeds: dict[int, dict], rows: list[dict]
             ) -> tuple[int, int, int]:
    """Put salvaged rows back through the upsert (so every index stays in step),
    then their flags; returns (articles, read, starred)."""
    by_feed: dict[str, list[tuple[str, ParsedArticle, dict]]] = {}
    for r in rows:
        feed = feeds.get(r.get("feed_id"))
        try:
            item = _salvaged_article(r)
            key = article_key(feed["url"], item)  # the key the upsert gives it
            by_feed.setdefault(feed["url"], []).append((key, item, r))
        except (KeyError, TypeError, ValueError):
            continue  # a row without its feed or with damaged fields
    count = read = starred = 0
    for url, entries in by_feed.items():
        store.upsert_articles(url, [item for _, item, _ in entries],
                              now=max(int(r.get("last_seen") or 0) for *_, r in entries)
                              or None)
        feed = next(f for f in feeds.values() if f["url"] == url)
        with store.transaction() as db:
            db.execute("UPDATE feeds SET title = ?, site_title = ?, site_link = ? "
                       "WHERE url = ?", (feed.get("title") or "", feed.get("site_title")
                                         or "", feed.get("site_link") or "", url))
            feed_id = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]
            for key, _, r in entries:
                flags = (int(bool(r.get("read"))), int(bool(r.get("starred"))))
                cur = db.execute("UPDATE articles SET read = ?, starred = ? "
                                 "WHERE feed_id = ? AND key = ?", (*flags, feed_id, key))
                if cur.rowcount:
                    count += 1
                    read += flags[0]
                    starred += flags[1]
    return count, read, starred
