"""What can go wrong with the store, and what the user can do about it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui.i18n import _


class StoreError(Exception):
    """The store cannot be opened or written; the message says what to do."""


def is_corruption(e: BaseException) -> bool:
    """A damaged file (not a lock, a full disk or a permission problem)."""
    return isinstance(e, sqlite3.DatabaseError) and (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (
        sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def error_hint(e: sqlite3.Error, path: Path) -> str:
    """What the user can do about a store error, in a parenthesis (or "")."""
    code = (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF  # primary of an extended code
    if code == sqlite3.SQLITE_FULL:
        return _(" (free some space on the disk that holds {path})").format(path=path.parent)
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return _(" (check that {path} exists and is writable, or set AKHBAR_DATA_DIR)").format(
            path=path.parent)
    return ""
