"""The data directory deleted while the reader runs (issue 19.4): marks made afterwards
are kept, the refresh goes into the same store, and the reader says what happened."""

from __future__ import annotations

import shutil

from tests.app.support import frozen, wait_for_refresh
from tui.app import make_app
from tui.store import Store


async def test_deleting_the_data_directory_loses_no_mark(tmp_path, setup):
    config, built = setup
    data = tmp_path / "data"
    data.mkdir()
    store_path = data / "akhbar.db"
    shutil.copy(built, store_path)
    app = make_app(config, store_path, bidi="on", clock=frozen, refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        shutil.rmtree(data)
        await pilot.press("s")  # star the first headline: the write finds the file gone
        starred = app.main.headlines.source.get(0).id
        await pilot.pause()
        assert store_path.exists()
        app.start_refresh()
        await wait_for_refresh(app, pilot)
        messages = [n.message for n in app._notifications]
    assert any("was deleted; written again" in m for m in messages)
    with Store(store_path) as store:
        article = store.article(starred)
        assert article is not None and article.starred
        assert store.count() >= 7  # the refresh went into this store, not an empty one
