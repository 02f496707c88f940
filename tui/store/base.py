"""What every part of the store shares: one connection and its write transaction."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from tui.store.query import Query


class StoreBase:
    """The connection the store's parts (feeds, articles, search, stories) work on.

    Writes run in `BEGIN IMMEDIATE` transactions so that two processes (the app
    and a cron `--digest --mark-read`) queue on the busy timeout instead of
    failing with "database is locked".
    """

    db: sqlite3.Connection
    mute: tuple[Query, ...] = ()
    """Articles any of these selects are muted: left out of every read of a view, count
    and story (set from the config's `mute` by tui.saved; kept in the store)."""

    def visible(self, query: Query) -> Query:
        """`query` as the reader sees it: without the muted articles, unless it asks."""
        if query.with_muted or not self.mute:
            return query
        return replace(query, hide=self.mute)

    def hide_clauses(self, alias: str) -> tuple[list[str], list]:
        """The mute list alone as conditions on `alias` (for reads that take no Query)."""
        return self.visible(Query()).clauses(alias, joined=False)

    batching = False
    """While True, writes share one transaction, each a savepoint of it (all of a
    write or none of it), until `commit_batch`: a refresh commits every 100 ms,
    not once per feed. A write that fails is undone alone."""

    _index_later: list[dict[tuple[int, str], tuple[str, str]]]
    """New articles' search rows waiting for the batch's commit, by (feed id, key): the
    batch's, then one more per open savepoint, whose rows go when it is rolled back and
    join the one below when it is released. The Store's __init__ makes the list."""

    write_lock: threading.RLock
    """Held by every write transaction, commit and index flush: a refresh stores feeds
    on a thread of its own (tui.refresh) while its event loop records a failure or a
    304 on the same connection, and one write must not land inside another's
    savepoint. The Store's __init__ makes it."""

    on_batch_lost: Callable[[BaseException], None] | None = None
    """Told when SQLite ended a batch's whole transaction (disk full, I/O error): the
    writes of the batch before the failing one are gone too, and their owner must know."""

    def index_new(self, db: sqlite3.Connection, rows: list[tuple[str, str, int, str]]) -> None:
        """Index new articles, (title, body, feed_id, key) in the search form: now, or
        while batching at the batch's commit, after its last savepoint.

        FTS5 flushes what it holds in memory to a new segment at every savepoint, so
        a refresh indexing feed by feed made a segment a feed and merged them as it
        went (a sixth of its index time).
        """
        if not self.batching:
            _index(db, rows)
            return
        waiting = self._index_later[-1]
        for title, body, feed_id, key in rows:
            waiting[feed_id, key] = (title, body)

    def index_waiting(self) -> None:
        """Write the batch's waiting search rows now: before another write to the index
        (`index_pending`), which would otherwise index an article first."""
        with self.write_lock:
            if not self.batching or not self._index_later[0]:
                return
            waiting, self._index_later[0] = self._index_later[0], {}
            try:
                with self._savepoint() as db:
                    _index(db, _rows(waiting))
            except BaseException:
                if self.db.in_transaction:  # undone alone: the commit tries again
                    self._index_later[0].update(waiting)
                raise

    def before_write(self) -> None:
        """Called before every write transaction (the store's own: `Store.before_write`)."""

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.write_lock:
            if self.batching:
                with self._savepoint() as db:
                    yield db
                return
            self.before_write()
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                self.db.execute("COMMIT")
            except BaseException:
                self._end()
                raise

    def _end(self) -> None:
        # SQLite may have rolled back already (disk full, I/O error); a failed
        # COMMIT leaves the transaction open. Either way: end it, keep the cause.
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    @contextmanager
    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        if not self.db.in_transaction:
            self.before_write()
            self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("SAVEPOINT write")
        self._index_later.append({})
        try:
            yield self.db
        except BaseException:
            self._index_later.pop()
            if self.db.in_transaction:
                self.db.execute("ROLLBACK TO write")
                self.db.execute("RELEASE write")
            else:  # SQLite ended it all (disk full, I/O)
                self._index_later = [{}]
                if self.on_batch_lost is not None:
                    self.on_batch_lost(sys.exc_info()[1])
            raise
        self.db.execute("RELEASE write")
        released = self._index_later.pop()
        self._index_later[-1].update(released)

    def commit_batch(self) -> None:
        """Commit what the batched writes since the last commit wrote."""
        with self.write_lock:
            later, self._index_later = self._index_later[0], [{}]
            if not self.db.in_transaction:
                return
            try:
                _index(self.db, _rows(later))
                self.db.execute("COMMIT")
            except BaseException:
                self._end()
                raise


def _index(db: sqlite3.Connection, rows: list[tuple[str, str, int, str]]) -> None:
    db.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES "
                   "((SELECT id FROM articles WHERE feed_id = ?3 AND key = ?4), ?1, ?2)", rows)


def _rows(waiting: dict[tuple[int, str], tuple[str, str]]) -> list[tuple[str, str, int, str]]:
    """`_index`'s rows of waiting ones, (feed id, key) → (title, body)."""
    return [(*form, *article) for article, form in waiting.items()]
