"""Full articles in the config and the store (SPEC §9): `full_text = true` per feed,
schema v5 over an older store, which pages a refresh still has to fetch."""

from __future__ import annotations

import sqlite3

from tui import config as config_mod
from tui.store import MIGRATIONS, Store


def test_config_full_text_must_be_a_boolean(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text('[[feeds]]\nurl = "https://a.example/rss"\nfull_text = "yes"\n')
    try:
        config_mod.load(path)
    except config_mod.ConfigError as e:
        assert str(e) == f"{path}:3: full_text of feed #1 must be true or false, not 'yes'"
    else:
        raise AssertionError("accepted full_text = \"yes\"")


def test_migration_of_an_old_store_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:4]:
        migration(db)
    db.execute("PRAGMA user_version = 4")
    db.execute("INSERT INTO feeds (id, url) VALUES (1, 'https://a.example/rss')")
    db.execute("INSERT INTO articles (feed_id, key, title, link, published, first_seen, "
               "last_seen, content, read, starred) VALUES "
               "(1, 'g:1', 'عنوان قديم', 'https://a.example/1', 1, 1, 1, '<p>نص</p>', 1, 1)")
    db.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        (old,) = store.articles()
        assert (old.title, old.content, old.read, old.starred) == ("عنوان قديم", "<p>نص</p>",
                                                                   True, True)
        assert (old.full_text, old.full_text_error, old.has_full_text) == ("", None, False)
        assert store.pending_full_text("https://a.example/rss", 50) == [
            (old.id, "https://a.example/1")]
        store.set_full_text(old.id, "<p>النص الكامل للمقال</p>", None)
        assert store.pending_full_text("https://a.example/rss", 50) == []
        assert store.article(old.id).has_full_text
