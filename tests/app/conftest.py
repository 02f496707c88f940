from __future__ import annotations

import pytest

from tests.app.support import demo_filled, filled
from tui.parse_pool import ParsePool


@pytest.fixture(scope="session")
def parse_pool():
    """Parse workers shared by the stores the fixtures fill (the app keeps its own)."""
    pool = ParsePool()
    yield pool
    pool.close()


@pytest.fixture
def setup(tmp_path, feed_server, parse_pool):
    return filled(tmp_path, feed_server, parser=parse_pool)


@pytest.fixture
def demo_setup(tmp_path, feed_server, parse_pool):
    return demo_filled(tmp_path, feed_server, parser=parse_pool)
