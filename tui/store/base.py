"""What every part of the store shares: one connection and its write transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


class StoreBase:
    """The connection the store's parts (feeds, articles, search, stories) work on.

    Writes run in `BEGIN IMMEDIATE` transactions so that two processes (the app
    and a cron `--digest --mark-read`) queue on the busy timeout instead of
    failing with "database is locked".
    """

    db: sqlite3.Connection

    def before_write(self) -> None:
        """Called before every write transaction (the store's own: `Store.before_write`)."""

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.before_write()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (disk full, I/O error); a failed
            # COMMIT leaves the transaction open. Either way: end it, keep the cause.
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
