"""Which bidi mode to draw in, and switching VTE-like terminals to explicit mode.

Mode "on" means akhbar shapes and reorders; "off" means it hands logical text
to the terminal. A terminal that reorders by itself would reorder our visual
lines a second time (pitfall P8/P9):

- VTE (GNOME Terminal, Tilix …) and WezTerm implement BDSM (ECMA-48 mode 8):
  asked with DECRQM `CSI 8 $ p` they answer `CSI 8 ; Ps $ y` (1 implicit,
  2 explicit); `CSI 8 l` selects explicit mode, where they lay out cells as
  given. `explicit_bidi_mode()` does that around the app.
- Konsole, mlterm and macOS Terminal.app reorder each line and cannot be
  switched by an escape sequence: auto mode gives them logical text and
  `bidi_hint()` names the setting that turns their bidi off.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import select
import time
from collections.abc import Iterator, Mapping
from typing import IO, Literal

Mode = Literal["on", "off"]
SETTINGS = ("auto", "on", "off")

QUERY_BDSM = "\x1b[8$p"
"""DECRQM, ANSI form, for ECMA-48 mode 8 (BDSM)."""
EXPLICIT = "\x1b[8l"
IMPLICIT = "\x1b[8h"
REPLY_TIMEOUT = 0.1
_REPLY = re.compile(rb"\x1b\[8;(\d)\$y")


def bidi_setting(*values: str | None) -> str:
    """The first valid of (--bidi, settings.bidi, $AKHBAR_BIDI), else "auto"."""
    for value in values:
        if value and value.strip().lower() in SETTINGS:
            return value.strip().lower()
    return "auto"


def _isatty(stream) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _reorders_per_line(env: Mapping[str, str]) -> str | None:
    if env.get("KONSOLE_VERSION"):
        return "konsole"
    if env.get("MLTERM"):
        return "mlterm"
    if env.get("TERM_PROGRAM") == "Apple_Terminal":
        return "apple"
    return None


def resolve_mode(setting: str | None, stream, env: Mapping[str, str] | None = None) -> Mode:
    """ "on" or "off" for a setting of on | off | auto and the output stream.

    auto: a pipe or file gets logical text; so does a terminal that reorders
    by itself and cannot be told not to; every other terminal gets "on".
    """
    env = os.environ if env is None else env
    setting = bidi_setting(setting)
    if setting in ("on", "off"):
        return setting  # type: ignore[return-value]
    if not _isatty(stream):
        return "off"
    if _reorders_per_line(env):
        return "off"
    return "on"


def bidi_hint(env: Mapping[str, str] | None = None) -> str | None:
    """One line for the user when their terminal needs a setting changed."""
    env = os.environ if env is None else env
    which = _reorders_per_line(env)
    if which == "konsole":
        return (
            "Konsole lays out Arabic itself, line by line: akhbar shows logical text. "
            "For akhbar's own layout, untick Settings › Edit Current Profile › Advanced › "
            "'Bi-Directional text rendering' and run with --bidi on."
        )
    if which == "mlterm":
        return (
            "mlterm lays out Arabic itself, line by line: akhbar shows logical text. "
            "For akhbar's own layout, set use_ctl = false in ~/.mlterm/main "
            "and run with --bidi on."
        )
    if which == "apple":
        return (
            "Terminal.app lays out Arabic itself, line by line: akhbar shows logical text. "
            "Its bidi cannot be turned off; another terminal shows akhbar's layout."
        )
    if env.get("KITTY_WINDOW_ID"):
        return "kitty: if Arabic words look reversed, set force_ltr yes in kitty.conf."
    return None


# --- BDSM -----------------------------------------------------------------------


def _wrap_tmux(seq: str, env: Mapping[str, str]) -> str:
    # tmux keeps modes to itself; passthrough (needs `allow-passthrough on`)
    # hands the sequence to the outer terminal (P10).
    if env.get("TMUX"):
        return "\x1bPtmux;" + seq.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return seq


def _write(fd: int, seq: str) -> None:
    with contextlib.suppress(OSError):
        os.write(fd, seq.encode("ascii"))


def query_bdsm(
    fd_in: int, fd_out: int, env: Mapping[str, str] | None = None, timeout: float = REPLY_TIMEOUT
) -> int | None:
    """1 implicit, 2 explicit, 0 mode unknown to the terminal, None: no reply."""
    import termios
    import tty

    env = os.environ if env is None else env
    try:
        old = termios.tcgetattr(fd_in)
    except termios.error:
        return None
    buf = b""
    try:
        tty.setcbreak(fd_in, termios.TCSANOW)
        _write(fd_out, _wrap_tmux(QUERY_BDSM, env))
        end = time.monotonic() + timeout
        while not _REPLY.search(buf):
            left = end - time.monotonic()
            if left <= 0 or not select.select([fd_in], [], [], left)[0]:
                break
            chunk = os.read(fd_in, 64)
            if not chunk:
                break
            buf += chunk
    except OSError:
        return None
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd_in, termios.TCSADRAIN, old)
    m = _REPLY.search(buf)
    return int(m.group(1)) if m else None


def _vte_behind_tmux(env: Mapping[str, str]) -> bool:
    # tmux may not hand the outer terminal's reply back; VTE_VERSION survives
    # into the tmux session, and VTE ≥ 0.58 does implicit bidi.
    try:
        return bool(env.get("TMUX")) and int(env.get("VTE_VERSION", "0")) >= 5800
    except ValueError:
        return False


@contextlib.contextmanager
def explicit_bidi_mode(
    stream_in: IO | None, stream_out: IO | None, env: Mapping[str, str] | None = None
) -> Iterator[int | None]:
    """Put a BDSM terminal in explicit mode for the duration; a no-op elsewhere.

    Yields the state found (see query_bdsm). The terminal is put back on
    exit, on an exception, and by atexit should the process end inside.
    """
    env = os.environ if env is None else env
    if not (_isatty(stream_in) and _isatty(stream_out)):
        yield None
        return
    try:
        fd_in, fd_out = stream_in.fileno(), stream_out.fileno()
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream_out.flush()
    except (AttributeError, ValueError, OSError):
        yield None
        return
    state = query_bdsm(fd_in, fd_out, env)
    if state is None and _vte_behind_tmux(env):
        state = 1
    if state not in (1, 2):
        yield state
        return
    restore_seq = _wrap_tmux(IMPLICIT, env) if state == 1 else ""
    done = False

    def restore() -> None:
        nonlocal done
        if not done:
            done = True
            if restore_seq:
                _write(fd_out, restore_seq)

    _write(fd_out, _wrap_tmux(EXPLICIT, env))
    atexit.register(restore)
    try:
        yield state
    finally:
        restore()
        atexit.unregister(restore)
