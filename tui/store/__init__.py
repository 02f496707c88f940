"""The SQLite store: feed state, articles and their flags, the search index, stories.

No SQL lives outside this package. `Store` is one connection; what it does is
written by concern, one module each, and put together here:

    base.py      the connection's write transaction (StoreBase)
    query.py     Query: the one compiler of a view to SQL, and its Python twin
    schema.py    migrations          feeds.py    feed state, back-off
    articles.py  upsert, reads, flags          index.py    the full-text index
    stories.py   story SQL           settings.py small key/value settings
    recovery.py  a damaged file: set aside, salvage, restore
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui.store.articles import Articles, UpsertCounts, article_key
from tui.store.errors import StoreError, error_hint, is_corruption
from tui.store.feeds import Feeds, FeedState
from tui.store.index import SEARCH_BODY_CHARS, Index, search_fields
from tui.store.query import Query
from tui.store.recovery import recover_damaged, run_recovering
from tui.store.schema import MIGRATIONS
from tui.store.settings import Settings
from tui.store.stories import StoryRows

__all__ = [
    "BUSY_TIMEOUT_MS", "MIGRATIONS", "SEARCH_BODY_CHARS", "FeedState", "Query", "Store",
    "StoreError", "UpsertCounts", "article_key", "error_hint", "is_corruption",
    "recover_damaged", "run_recovering", "search_fields",
]

BUSY_TIMEOUT_MS = 30_000


class Store(Feeds, Articles, Index, StoryRows, Settings):
    """One SQLite file: opened (and migrated, or recovered when damaged) on creation.

    The parts are mixins over one connection rather than repositories, so that
    callers keep saying `store.mark_read(...)` and every part shares `self.db`
    and `self.transaction()`.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.notice: str | None = None
        """Set when the store was found damaged and replaced: tell the user."""
        try:
            try:
                self._open()
            except sqlite3.DatabaseError as e:
                if not is_corruption(e):
                    raise
                self.close()
                self.notice = recover_damaged(self.path, e, fresh_store=type(self))
                self._open()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open the store {self.path}: {e}"
                             f"{error_hint(e, self.path)}") from None
        except OSError as e:
            raise StoreError(f"cannot create the store {self.path}: {e.strerror}") from None

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                  isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable in WAL mode except for the very last commit on power loss.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        # Reading the schema finds a damaged first page now rather than mid-run.
        self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        self._migrate()

    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"the store {self.path} was written by a newer akhbar "
                             f"(schema {version}); upgrade akhbar")
        for number in range(version + 1, len(MIGRATIONS) + 1):
            with self.transaction() as db:
                MIGRATIONS[number - 1](db)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]
