"""Faults: kill -9 mid-refresh, two processes at once, a damaged store, a data
directory that is missing, read-only or full. The store must open, pass
`PRAGMA integrity_check`, and keep every read and starred flag set before."""

from __future__ import annotations

import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.hostile_support import FAST, REPO, akhbar, assert_clean, error_lines
from tests.support import fixture_bytes, write_config
from tui.store import Store

pytestmark = pytest.mark.slow  # fault injection: kills, locks, full disks

CONCURRENCY_SECONDS = float(os.environ.get("AKHBAR_FAULT_SECONDS", "10"))
"""How long the two-process test runs; the issue asks for 30 s, CI uses 10 by default."""


def store_path() -> Path:
    from tui import paths

    return paths.store_file()


def integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def flags(store: Store) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(read, starred) as sets of (feed URL, guid)."""
    read, starred = set(), set()
    for a in store.articles():
        if a.read:
            read.add((a.feed_url, a.guid))
        if a.starred:
            starred.add((a.feed_url, a.guid))
    return read, starred


def changing_feed(n_items: int, delay: float = 0.0):
    """A handler whose feed changes at every request (new items, rewritten bodies),
    so that every refresh has articles to write."""
    counter = itertools.count()

    def handler(h):
        round_ = next(counter)
        if delay:
            time.sleep(delay)
        now = datetime.now(UTC)
        items = []
        for i in range(n_items):
            k = round_ + i  # one item leaves, one arrives, per request
            when = format_datetime(now - timedelta(minutes=k))
            items.append(f"<item><title>item {k} of {h.path}</title><guid>{k}</guid>"
                         f"<pubDate>{when}</pubDate><description>round {round_}: "
                         f"{'نص الخبر ' * 40}</description></item>")
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Feed {h.path}</title>{''.join(items)}</channel></rss>").encode()
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handler


def _many_feeds(feed_server, tmp_path, count: int, items: int) -> Path:
    rng = random.Random(6)
    feeds = [{"url": feed_server.add(f"/f{i}.xml",
                                     handler=changing_feed(items, delay=rng.random() * 0.1))}
             for i in range(count)]
    return write_config(tmp_path / "feeds.toml", feeds, FAST)


def _set_some_flags(store: Store, rng: random.Random, n: int = 15) -> None:
    articles = store.articles()
    for a in rng.sample(articles, min(n, len(articles))):
        store.mark_read([a.id])
        if rng.random() < 0.5:
            store.set_starred(a.id, True)


# --- kill -9 ---------------------------------------------------------------------------


def test_kill_9_at_random_moments_loses_nothing(feed_server, tmp_path):
    config = _many_feeds(feed_server, tmp_path, count=12, items=30)
    started = time.monotonic()
    assert akhbar("--headlines", "--config", str(config)).returncode == 0
    full_run = time.monotonic() - started
    print(f"a full refresh takes {full_run:.2f} s")
    rng = random.Random(int(os.environ.get("AKHBAR_FAULT_SEED", "9")))
    with Store(store_path()) as s:
        _set_some_flags(s, rng, 40)
        expected_read, expected_starred = flags(s)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_mid_run = 0
    loop_started = time.monotonic()
    for attempt in range(20):
        proc = subprocess.Popen([sys.executable, "-m", "tui", "--headlines", "--config",
                                 str(config)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env, cwd=REPO)
        # From interpreter start-up to the last store write: fetch, parse, store.
        time.sleep(rng.uniform(0.25, max(0.5, full_run)))
        if proc.poll() is None:
            killed_mid_run += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert integrity(store_path()) == "ok", f"after kill {attempt}"
        with Store(store_path()) as s:
            read, starred = flags(s)
            assert expected_read <= read, f"read flags lost after kill {attempt}"
            assert expected_starred <= starred, f"stars lost after kill {attempt}"
            _set_some_flags(s, rng, 5)  # and set more, between kills
            expected_read, expected_starred = flags(s)
    print(f"20 kills in {time.monotonic() - loop_started:.1f} s, {killed_mid_run} mid-run")
    assert killed_mid_run >= 12, f"only {killed_mid_run} of 20 kills landed mid-run"
    proc = akhbar("--headlines", "--config", str(config))
    assert proc.returncode == 0
    error_lines(proc.stderr)
    with Store(store_path()) as s:
        read, starred = flags(s)
        assert expected_read <= read and expected_starred <= starred


# --- two processes ---------------------------------------------------------------------


def test_two_processes_at_once_no_lock_error_no_lost_flag(feed_server, tmp_path):
    config = _many_feeds(feed_server, tmp_path, count=8, items=40)
    assert akhbar("--headlines", "--config", str(config)).returncode == 0
    deadline = time.monotonic() + CONCURRENCY_SECONDS
    digest_errors: list[str] = []
    digest_runs = 0

    def digests():
        nonlocal digest_runs
        while time.monotonic() < deadline:
            proc = akhbar("--digest", "--mark-read", "--config", str(config), timeout=60)
            digest_runs += 1
            text = proc.stderr.decode("utf-8", "replace")
            if proc.returncode != 0 or "locked" in text or "Traceback" in text:
                digest_errors.append(f"exit {proc.returncode}: {text}")

    worker = threading.Thread(target=digests)
    worker.start()
    rng = random.Random(2)
    stars: dict[tuple[str, str], bool] = {}
    marked_read: set[tuple[str, str]] = set()
    toggles = 0
    try:
        with Store(store_path()) as s:
            while time.monotonic() < deadline:
                articles = s.articles()
                a = rng.choice(articles)
                now_starred = s.toggle_star(a.id)
                stars[(a.feed_url, a.guid)] = now_starred
                if rng.random() < 0.2:
                    s.mark_read([a.id])
                    marked_read.add((a.feed_url, a.guid))
                toggles += 1
    finally:
        worker.join()
    assert not digest_errors, digest_errors[:3]
    assert digest_runs >= 2 and toggles >= 100, (digest_runs, toggles)
    with Store(store_path()) as s:
        by_key = {(a.feed_url, a.guid): a for a in s.articles()}
        lost = [k for k, v in stars.items() if k in by_key and by_key[k].starred != v]
        assert not lost, f"{len(lost)} star toggles lost"
        assert all(by_key[k].read for k in marked_read if k in by_key)
        # The digest marked what it printed (everything of the last 24 h) as read.
        assert all(a.read for a in s.articles() if a.published > datetime.now(UTC)
                   - timedelta(hours=23))
    assert integrity(store_path()) == "ok"


# --- a damaged store -------------------------------------------------------------------


@pytest.fixture
def good_feeds(feed_server, tmp_path):
    feeds = [{"url": feed_server.add("/rss.xml", fixture_bytes("arabic_rss.xml"))},
             {"url": feed_server.add("/atom.xml", fixture_bytes("english_atom.xml"),
                                     content_type="application/atom+xml")}]
    return write_config(tmp_path / "feeds.toml", feeds, FAST)


def _damage_message(stderr: bytes, path: Path) -> str:
    lines = [e for e in error_lines(stderr) if "was damaged" in e]
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith(f"akhbar: the store {path} was damaged")
    assert "it is kept as " in line and "a fresh store was started" in line
    return line


def _aside(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name + ".damaged-")
                  and not p.name.endswith(("-wal", "-shm")))


def test_garbage_store_is_kept_aside_and_replaced(good_feeds):
    path = store_path()
    path.parent.mkdir(parents=True)
    garbage = random.Random(1).randbytes(64 * 1024)
    path.write_bytes(garbage)
    proc = akhbar("--headlines", "--config", str(good_feeds))
    assert proc.returncode == 0, proc.stderr
    line = _damage_message(proc.stderr, path)
    assert "nothing could be recovered" in line
    [aside] = _aside(path)
    assert aside.read_bytes() == garbage  # kept, byte for byte
    assert len(assert_clean(proc.stdout).splitlines()) == 5  # and the run went on
    assert integrity(path) == "ok"


def _checkpointed_store_with_flags(good_feeds) -> tuple[set, set]:
    assert akhbar("--headlines", "--config", str(good_feeds)).returncode == 0
    with Store(store_path()) as s:
        articles = s.articles()
        s.mark_read([a.id for a in articles[::2]])
        for a in articles[::3]:
            s.set_starred(a.id, True)
        read, starred = flags(s)
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return read, starred


def test_damaged_index_found_mid_run_recovers_every_flag(good_feeds):
    read, starred = _checkpointed_store_with_flags(good_feeds)
    path = store_path()
    db = sqlite3.connect(path)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    # The index the headless query walks (feed_id = ?, by date).
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles_feed_published'"
                      ).fetchone()[0]
    db.close()
    with open(path, "r+b") as f:  # the file opens; the first query by date fails
        f.seek((root - 1) * page_size)
        f.write(b"\xde\xad" * (page_size // 2))
    proc = akhbar("--headlines", "--offline", "--config", str(good_feeds))
    assert proc.returncode == 0, proc.stderr
    line = _damage_message(proc.stderr, path)
    assert f"5 articles recovered from it ({len(read)} read, {len(starred)} starred)" in line
    assert len(_aside(path)) == 1
    assert len(assert_clean(proc.stdout).splitlines()) == 5
    assert integrity(path) == "ok"
    with Store(path) as s:
        assert flags(s) == (read, starred)
        assert {f.site_title for f in s.feeds()} >= {"صحيفة المرفأ", "Harbour Wire"}


def _store_with_unchecked_wal(good_feeds) -> tuple[set, set]:
    """Flags set and checkpointed, then more flags left only in the WAL by a process
    that died without closing the store."""
    read, starred = _checkpointed_store_with_flags(good_feeds)
    code = ("import os, sys; from tui.store import Store; s = Store(sys.argv[1]); "
            "s.db.execute('PRAGMA wal_autocheckpoint = 0'); "
            "ids = [a.id for a in s.articles()]; s.mark_read(ids); "
            "[s.set_starred(i, True) for i in ids]; os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(store_path())], check=True, cwd=REPO,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    wal = store_path().with_name(store_path().name + "-wal")
    assert wal.stat().st_size > 0
    return read, starred


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_damaged_wal_keeps_what_was_checkpointed(good_feeds, damage):
    read, starred = _store_with_unchecked_wal(good_feeds)
    wal = store_path().with_name(store_path().name + "-wal")
    size = wal.stat().st_size
    if damage == "truncated":
        with open(wal, "r+b") as f:
            f.truncate(size // 2 + 7)  # mid-frame
    else:
        wal.write_bytes(random.Random(3).randbytes(size))
    proc = akhbar("--headlines", "--offline", "--config", str(good_feeds))
    assert proc.returncode == 0, proc.stderr
    assert not [e for e in error_lines(proc.stderr) if "damaged" in e]
    assert len(assert_clean(proc.stdout).splitlines()) == 5
    assert integrity(store_path()) == "ok"
    with Store(store_path()) as s:
        now_read, now_starred = flags(s)
    assert read <= now_read and starred <= now_starred


# --- the data directory ----------------------------------------------------------------


def test_missing_data_directory_is_created(good_feeds, tmp_path):
    deep = tmp_path / "not" / "yet" / "there"
    proc = akhbar("--headlines", "--config", str(good_feeds),
                  env={"AKHBAR_DATA_DIR": str(deep)})
    assert proc.returncode == 0, proc.stderr
    assert integrity(deep / "akhbar.db") == "ok"


def test_data_directory_that_cannot_exist_exits_1(good_feeds, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    proc = akhbar("--headlines", "--config", str(good_feeds),
                  env={"AKHBAR_DATA_DIR": str(blocker / "akhbar")})
    assert proc.returncode == 1
    [line] = error_lines(proc.stderr)
    assert line.startswith(f"akhbar: cannot create the store {blocker / 'akhbar' / 'akhbar.db'}")
    assert proc.stdout == b""


def _can_mount() -> bool:
    return sys.platform == "linux" and os.geteuid() == 0


@pytest.fixture
def tiny_fs(tmp_path):
    """A 320 KB tmpfs (root only, else skipped): a full disk and a read-only one."""
    if not _can_mount():
        pytest.skip("mounting a tmpfs needs root on Linux")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _seed_store(data_dir: Path, good_feeds) -> tuple[set, set]:
    proc = akhbar("--headlines", "--config", str(good_feeds),
                  env={"AKHBAR_DATA_DIR": str(data_dir)})
    assert proc.returncode == 0, proc.stderr
    with Store(data_dir / "akhbar.db") as s:
        articles = s.articles()
        s.mark_read([a.id for a in articles[:3]])
        s.set_starred(articles[0].id, True)
        return flags(s)


def test_read_only_data_directory_exits_1_and_changes_nothing(good_feeds, tiny_fs):
    read, starred = _seed_store(tiny_fs, good_feeds)
    before = {p.name: p.read_bytes() for p in tiny_fs.iterdir()}
    assert subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)]).returncode == 0
    for args in (("--headlines",), ("--digest", "--mark-read"), ("--headlines", "--offline")):
        proc = akhbar(*args, "--config", str(good_feeds),
                      env={"AKHBAR_DATA_DIR": str(tiny_fs)})
        assert proc.returncode == 1, (args, proc.stderr)
        [line] = error_lines(proc.stderr)
        assert line.startswith(f"akhbar: cannot open the store {tiny_fs / 'akhbar.db'}: ")
        assert f"check that {tiny_fs} exists and is writable" in line
    assert {p.name: p.read_bytes() for p in tiny_fs.iterdir()} == before
    subprocess.run(["mount", "-o", "remount,rw", str(tiny_fs)], check=True)
    with Store(tiny_fs / "akhbar.db") as s:
        assert flags(s) == (read, starred)


def test_full_disk_is_a_clear_error_and_no_partial_feed(feed_server, good_feeds, tiny_fs):
    read, starred = _seed_store(tiny_fs, good_feeds)
    # A feed too big for the space that is left, whose text does not compress away.
    rng = random.Random(4)
    items = "".join(f"<item><title>big {i}</title><guid>big-{i}</guid><description>"
                    f"{rng.randbytes(3000).hex()}</description></item>" for i in range(60))
    big = feed_server.add("/big.xml", f'<rss version="2.0"><channel><title>Big</title>{items}'
                                      "</channel></rss>")
    config = write_config(good_feeds.parent / "full.toml",
                          [{"url": big, "title": "Big"}], {**FAST, "max_feed_mb": 5})
    proc = akhbar("--headlines", "--config", str(config), env={"AKHBAR_DATA_DIR": str(tiny_fs)})
    errors = error_lines(proc.stderr)
    full = [e for e in errors if "full" in e]
    assert full, errors
    assert all(e.startswith(("akhbar: Big: could not save: database or disk is full",
                             f"akhbar: the store {tiny_fs / 'akhbar.db'} failed: "
                             "database or disk is full")) for e in full), errors
    assert proc.returncode in (0, 1)
    assert integrity(tiny_fs / "akhbar.db") == "ok"
    with Store(tiny_fs / "akhbar.db") as s:
        assert flags(s) == (read, starred)
        assert not [a for a in s.articles() if a.title.startswith("big ")]  # all or nothing


def test_full_store_via_max_page_count(feed_server, good_feeds):
    """The same without root: the store may not grow, so the write fails as on a full disk."""
    from tui import config as config_mod
    from tui.refresh import refresh

    assert akhbar("--headlines", "--config", str(good_feeds)).returncode == 0
    with Store(store_path()) as s:
        articles = s.articles()
        s.mark_read([a.id for a in articles[:2]])
        s.set_starred(articles[-1].id, True)
        read, starred = flags(s)
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages + 1}")
        rng = random.Random(5)
        items = "".join(f"<item><title>big {i}</title><guid>big-{i}</guid><description>"
                        f"{rng.randbytes(2000).hex()}</description></item>" for i in range(40))
        feed_server.add("/rss.xml", f'<rss version="2.0"><channel><title>B</title>{items}'
                                    "</channel></rss>")
        try:
            summary = refresh(config_mod.load(good_feeds), s)
            messages = [e.message for e in summary.errors]
            assert any(m.startswith("could not save: database or disk is full")
                       for m in messages), messages
        except sqlite3.OperationalError as e:  # the failure could not even be noted
            assert "full" in str(e)
        assert not s.db.in_transaction
        assert flags(s) == (read, starred)
        assert not [a for a in s.articles() if a.title.startswith("big ")]
    assert integrity(store_path()) == "ok"
