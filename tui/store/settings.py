"""Small settings the app keeps between runs (a key and a text value each)."""

from __future__ import annotations

from tui.store.base import StoreBase


class Settings(StoreBase):
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def put_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO kv (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
