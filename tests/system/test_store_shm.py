"""Another program cutting the store's `-shm` file short while akhbar has it open
(issue #19, point 5): that used to kill the process with SIGBUS and no word.

Each case runs in its own Python process (a real Store on a real file), because
the failure being guarded against is a signal that ends the process.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

PRELUDE = """
import os, sys
from tui.store import Store
told = []
store = Store(sys.argv[1], on_moved=told.append)
store.put_setting("before", "kept")
os.truncate(sys.argv[1] + "-shm", 0)   # another program, between two writes
"""


def run_store_script(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    script = textwrap.dedent(PRELUDE) + textwrap.dedent(body)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
           "AKHBAR_LANG": "en"}
    return subprocess.run([sys.executable, "-c", script, str(tmp_path / "store.db")],
                          capture_output=True, text=True, timeout=60, env=env)


def setting(tmp_path: Path, key: str) -> str | None:
    with sqlite3.connect(tmp_path / "store.db") as db:
        row = db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def test_cut_short_between_writes_is_mended_and_the_user_told(tmp_path):
    done = run_store_script(tmp_path, """
        store.put_setting("after", "written")
        print(store.get_setting("before"), store.get_setting("after"))
        print(told[0])
    """)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "kept written"
    assert "-shm" in lines[1] and "cut short" in lines[1]
    assert setting(tmp_path, "after") == "written"


def test_cut_short_mid_statement_is_one_line_and_exit_1_not_a_signal(tmp_path):
    # Straight to the connection, past the check a write makes first: the case
    # the mend cannot catch (the file cut while SQLite is inside a statement).
    done = run_store_script(tmp_path, """
        store.db.execute("INSERT INTO kv (key, value) VALUES ('after', 'lost')")
        print("not reached")
    """)
    assert done.returncode == 1, (done.returncode, -signal.SIGBUS, done.stderr)
    assert "not reached" not in done.stdout
    err = done.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("akhbar: ") and "-shm" in err[0], err
    assert setting(tmp_path, "before") == "kept"  # the store opens and holds what was saved
