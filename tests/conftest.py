"""Fixtures for every tier: isolated XDG dirs (always) and the local feed server.

Tiers: unit/ (no Pilot, no server), app/ (Pilot, snapshots), system/ (the CLI, the
server, faults). Plain helpers are in tests/support.py; tests import them from there.
"""

from __future__ import annotations

import pytest

from tests.feedserver import FeedServer


@pytest.fixture
def feed_server():
    server = FeedServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """No test touches the user's config or data: XDG dirs point into tmp_path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("AKHBAR_CONFIG", raising=False)
    monkeypatch.delenv("AKHBAR_DATA_DIR", raising=False)
    monkeypatch.delenv("AKHBAR_BIDI", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path
