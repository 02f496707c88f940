"""What every part of the store shares: one connection and its write transaction."""

from __future__ import annotations

import sqlite3
import sys
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

    on_batch_lost: Callable[[BaseException], None] | None = None
    """Told when SQLite ended a batch's whole transaction (disk full, I/O error): the
    writes of the batch before the failing one are gone too, and their owner must know."""

    def before_write(self) -> None:
        """Called before every write transaction (the store's own: `Store.before_write`)."""

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
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
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK TO write")
                self.db.execute("RELEASE write")
            elif self.on_batch_lost is not None:  # SQLite ended it all (disk full, I/O)
                self.on_batch_lost(sys.exc_info()[1])
            raise
        self.db.execute("RELEASE write")

    def commit_batch(self) -> None:
        """Commit what the batched writes since the last commit wrote."""
        if not self.db.in_transaction:
            return
        try:
            self.db.execute("COMMIT")
        except BaseException:
            self._end()
            raise
