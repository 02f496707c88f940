from __future__ import annotations

import pytest

from tests.app.support import demo_filled, filled


@pytest.fixture
def setup(tmp_path, feed_server):
    return filled(tmp_path, feed_server)


@pytest.fixture
def demo_setup(tmp_path, feed_server):
    return demo_filled(tmp_path, feed_server)

