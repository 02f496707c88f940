from __future__ import annotations

import pytest

from tui.store import Store


@pytest.fixture
def store(tmp_path):
    """An empty store in a temporary directory."""
    with Store(tmp_path / "akhbar.db") as s:
        yield s
