"""`--headlines` while the data directory is deleted under it (issue 19.4): one line on
stderr, and the store at the path holds the earlier marks and this run's articles."""

from __future__ import annotations

import shutil

from tests.support import fixture_bytes, write_config
from tui import paths
from tui.cli import main
from tui.store import Query, Store


def test_data_directory_deleted_mid_refresh(feed_server, tmp_path, capsys):
    rss = feed_server.add("/rss.xml", fixture_bytes("arabic_rss.xml"))
    atom_body = fixture_bytes("english_atom.xml")

    def delete_then_answer(h):
        shutil.rmtree(paths.data_dir(), ignore_errors=True)
        h.send_response(200)
        h.send_header("Content-Type", "application/atom+xml")
        h.send_header("Content-Length", str(len(atom_body)))
        h.end_headers()
        h.wfile.write(atom_body)

    config = write_config(tmp_path / "feeds.toml", [{"url": rss}])
    assert main(["--headlines", "--mark-read", "--config", str(config)]) == 0
    atom = feed_server.add("/atom.xml", handler=delete_then_answer)
    config = write_config(tmp_path / "feeds.toml", [{"url": rss}, {"url": atom}])
    capsys.readouterr()
    assert main(["--headlines", "--unread", "--config", str(config)]) == 0
    err = capsys.readouterr().err
    assert err.count("was deleted; written again") == 1, err
    with Store(paths.store_file()) as store:
        assert store.count(Query(feed_urls=(rss,), unread=True)) == 0  # earlier marks kept
        assert store.count(Query(feed_urls=(atom,))) > 0  # this run's articles saved
