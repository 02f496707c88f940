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
    # The interface's language must not depend on the machine's locale: English unless
    # a test asks for Arabic (AKHBAR_LANG or language = "ar").
    monkeypatch.delenv("AKHBAR_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path
