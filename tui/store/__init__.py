"""The SQLite store: feed state, articles and their flags, the search index, stories.

No SQL lives outside this package. `Store` is one connection; what it does is
written by concern, one module each, and put together here:

    base.py      the connection's write transaction (StoreBase)
    query.py     Query: the one compiler of a view to SQL, and its Python twin
    schema.py    migrations          feeds.py    feed state, back-off
    articles.py  upsert, reads, flags          index.py    the full-text index
    stories.py   story SQL           settings.py small key/value settings
    recovery.py  a damaged file: set aside, salvage, restore
    shm.py       the WAL index file cut short by another program (SIGBUS)
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from tui.i18n import _
from tui.store.articles import Articles, UpsertCounts, article_key
from tui.store.errors import StoreError, error_hint, is_corruption
from tui.store.feeds import Feeds, FeedState
from tui.store.index import SEARCH_BODY_CHARS, Index, search_fields
from tui.store.query import Query
from tui.store.recovery import recover_damaged, run_recovering
from tui.store.schema import MIGRATIONS
from tui.store.settings import Settings
from tui.store.shm import ShmWatch, install_bus_handler
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

    def __init__(self, path: Path, on_moved: Callable[[str], None] | None = None):
        self.path = Path(path)
        self.notice: str | None = None
        """Set when the store was found damaged and replaced: tell the user."""
        self.on_moved = on_moved
        """Told (one line) when the file was found deleted or replaced and reopened."""
        self._file: tuple[int, int] | None = None
        self._replaced = False
        self._index_later = [{}]
        self.write_lock = threading.RLock()
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
            raise StoreError(_("cannot open the store {path}: {error}").format(
                path=self.path, error=e) + error_hint(e, self.path)) from None
        except OSError as e:
            raise StoreError(_("cannot create the store {path}: {error}").format(
                path=self.path, error=e.strerror)) from None

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
        self._file = file_identity(self.path)
        self._shm = ShmWatch(self.path)
        install_bus_handler()

    def before_write(self) -> None:
        """A write to a deleted file would be lost: one stat() first. A store replaced
        by another has other article ids: the write is not made (the caller's ids are
        stale), which `StoreError` says."""
        if self.ensure_file() and self._replaced:
            raise StoreError(_("the store {path} was replaced by another: "
                               "this change was not made, try again").format(path=self.path))

    def ensure_file(self) -> str | None:
        """If the file this connection has open was deleted or replaced (the data
        directory removed while the reader runs), reopen the path without losing
        what this connection holds, tell `on_moved`, and return that line.

        Deleted: the open connection still reads the unlinked file, so all of it
        (this session's read and starred marks included) is copied to the path.
        Replaced by another store: that one is kept, and the read and starred
        marks of this one are carried over to the articles both have.
        One stat() when nothing happened: called before every write and refresh.
        When the path cannot be written, says so and keeps the connection it has.
        A `-shm` file cut short by another program is mended first (see shm.py).
        """
        if self._file is not None and self._shm.mend() and self.on_moved:
            self.on_moved(_("the store's index file (-shm) was cut short by another "
                            "program; akhbar rebuilt it"))
        if self._file is None or file_identity(self.path) == self._file:
            return None
        old, known, deleted = self.db, self._file, file_identity(self.path) is None
        self._replaced = False
        self._file = None  # the reopened store's migration writes: no check meanwhile
        try:
            if deleted:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(self.path)) as copy:
                    old.backup(copy)
            self._open()
            if not deleted:
                carry_marks(old, self.db)
        except (sqlite3.Error, OSError) as e:
            # Keep working on what is open; the next write tries again.
            if self.db is not old:
                self.db.close()
            self.db, self._file = old, known
            message = _("the store {path} was deleted or replaced and could not be "
                        "written again: {error}").format(path=self.path, error=e)
        else:
            old.close()
            self._replaced = not deleted
            message = (_("the store {path} was deleted; written again from the copy "
                         "akhbar had open") if deleted else
                       _("the store {path} was replaced; this session's read and starred "
                         "marks were carried over")).format(path=self.path)
        if self.on_moved:
            self.on_moved(message)
        return message

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
            raise StoreError(_("the store {path} was written by a newer akhbar (schema "
                               "{version}); upgrade akhbar").format(path=self.path,
                                                                    version=version))
        for number in range(version + 1, len(MIGRATIONS) + 1):
            with self.transaction() as db:
                MIGRATIONS[number - 1](db)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`; None when there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def carry_marks(old: sqlite3.Connection, new: sqlite3.Connection) -> None:
    """Read and starred marks of `old` set on the same articles (feed URL and key) in
    `new`; only marks that are set are carried (marking unread is not)."""
    marks = old.execute(
        "SELECT a.read, a.starred, f.url, a.key FROM articles a JOIN feeds f "
        "ON f.id = a.feed_id WHERE a.read = 1 OR a.starred = 1").fetchall()
    new.execute("BEGIN IMMEDIATE")
    try:
        new.executemany(
            "UPDATE articles SET read = max(read, ?), starred = max(starred, ?) "
            "WHERE feed_id = (SELECT id FROM feeds WHERE url = ?) AND key = ?",
            [tuple(m) for m in marks])
        new.execute("COMMIT")
    except BaseException:
        new.execute("ROLLBACK")
        raise
