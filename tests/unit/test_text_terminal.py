"""Bidi mode resolution and the BDSM handshake, against a pty playing a terminal."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import threading
import time

import pytest

from tui.text.terminal import bidi_hint, bidi_setting, explicit_bidi_mode, resolve_mode


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_resolve_mode() -> None:
    assert resolve_mode("on", io.StringIO(), {}) == "on"
    assert resolve_mode("off", FakeTty(), {}) == "off"
    assert resolve_mode("auto", io.StringIO(), {}) == "off"  # a pipe gets logical text
    assert resolve_mode("auto", FakeTty(), {}) == "on"
    assert resolve_mode("auto", FakeTty(), {"KONSOLE_VERSION": "230804"}) == "off"
    assert resolve_mode("auto", FakeTty(), {"MLTERM": "3.9.3"}) == "off"
    assert resolve_mode("nonsense", FakeTty(), {}) == "on"
    assert bidi_setting(None, "ON", "off") == "on"
    assert bidi_setting(None, None, None) == "auto"


def test_hints() -> None:
    assert "Bi-Directional" in bidi_hint({"KONSOLE_VERSION": "1"})
    assert "use_ctl" in bidi_hint({"MLTERM": "1"})
    assert bidi_hint({}) is None


class PlayedTerminal:
    """The master side of a pty: records what the app writes, answers DECRQM."""

    def __init__(self, answer: bytes | None) -> None:
        self.master, self.slave = os.openpty()
        self.answer = answer
        self.seen = b""
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop:
            if select.select([self.master], [], [], 0.01)[0]:
                try:
                    data = os.read(self.master, 1024)
                except OSError:
                    return
                self.seen += data
                if self.answer and b"\x1b[8$p" in data:
                    os.write(self.master, self.answer)

    def shows(self, tail: bytes) -> bool:
        """Wait (5 s at most) for the terminal to have been sent bytes ending in `tail`."""
        deadline = time.monotonic() + 5
        while not self.seen.endswith(tail) and time.monotonic() < deadline:
            time.sleep(0.001)
        return self.seen.endswith(tail)

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def streams():
    made = []

    def make(answer):
        term = PlayedTerminal(answer)
        fin = open(term.slave, "rb", buffering=0, closefd=False)  # noqa: SIM115
        fout = open(term.slave, "wb", buffering=0, closefd=False)  # noqa: SIM115
        made.append((term, fin, fout))
        return term, fin, fout

    yield make
    for term, fin, fout in made:
        fin.close()
        fout.close()
        term.close()


def test_vte_like_terminal_is_switched_and_restored(streams) -> None:
    term, fin, fout = streams(b"\x1b[8;1$y")
    with explicit_bidi_mode(fin, fout, {}) as state:
        assert state == 1
        assert term.shows(b"\x1b[8l")
    assert term.shows(b"\x1b[8h")


def test_restored_on_exception_too(streams) -> None:
    term, fin, fout = streams(b"\x1b[8;1$y")
    with pytest.raises(RuntimeError), explicit_bidi_mode(fin, fout, {}):
        raise RuntimeError
    assert term.shows(b"\x1b[8h")


def test_silent_terminal_gets_nothing_but_the_query(streams) -> None:
    term, fin, fout = streams(None)
    start = time.monotonic()
    with explicit_bidi_mode(fin, fout, {}) as state:
        assert state is None
    assert time.monotonic() - start < 0.5
    time.sleep(0.05)
    assert term.seen == b"\x1b[8$p"


def test_tmux_passthrough(streams) -> None:
    term, fin, fout = streams(b"\x1b[8;1$y")
    with explicit_bidi_mode(fin, fout, {"TMUX": "/tmp/tmux-0/default,1,0"}):
        assert term.shows(b"\x1bPtmux;\x1b\x1b[8l\x1b\\")


def test_no_op_when_not_a_tty() -> None:
    out = io.StringIO()
    with explicit_bidi_mode(io.StringIO(), out, {}) as state:
        assert state is None
    assert out.getvalue() == ""


def test_text_package_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys\n"
        "import tui.text.bidi, tui.text.clean, tui.text.html, tui.text.normalize, "
        "tui.text.terminal, tui.text.shape\n"
        "from tui.text.html import html_to_blocks; html_to_blocks('<p>x</p>')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "assert not bad, bad\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "PYTHONPATH": root}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=root)
