"""The WAL index file (`<store>-shm`) that SQLite maps into memory.

SQLite never shrinks that file while a connection has it open, but another
program can (a cleaner, a sync tool, a user's `truncate`): the next touch of a
mapped page past the new end is SIGBUS, and the process dies with no word.
Two defences, neither costing the normal path more than a stat():

- `ShmWatch.mend()`, before every write and refresh: a file found shorter than
  it was is extended back to its size. The zero pages fail SQLite's header
  check, so SQLite rebuilds the index from the WAL itself: nothing is lost.
- `install_bus_handler()`, once a process: if the file is cut short in the
  middle of a statement anyway, one line on stderr and exit 1 instead of a
  signal. What was committed before is in the WAL and the store stays sound.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

from tui.i18n import _

EXIT_CODE = 1

before_exit: Callable[[], None] | None = None
"""Run by the handler before it writes its line: the CLI sets it to give the
terminal back (leave the alternate screen, restore the tty modes)."""

_handler = None  # the C callback must outlive the installation


class ShmWatch:
    """The size the store's `-shm` file was last seen at, to notice it shrink."""

    def __init__(self, store_path: Path):
        self.path = Path(f"{store_path}-shm")
        self.size = self._stat()

    def _stat(self) -> int:
        try:
            return os.stat(self.path).st_size
        except OSError:
            return 0

    def mend(self) -> bool:
        """Extend the file back if it shrank since last seen; True when it did."""
        size = self._stat()
        if size >= self.size:
            self.size = size
            return False
        try:
            os.truncate(self.path, self.size)
        except OSError:
            return False  # gone or unwritable: the handler is what is left
        return True


def install_bus_handler() -> None:
    """Turn SIGBUS into one line on stderr and exit 1 (once per process).

    Python's own `signal.signal` cannot: its C handler only sets a flag and
    returns, and the faulting instruction faults again forever. A C-level
    handler through ctypes runs our callback on the faulting thread instead;
    SQLite releases the GIL inside its calls, so the callback can take it.
    """
    global _handler
    if _handler is not None or not hasattr(signal, "SIGBUS"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        callback_type = ctypes.CFUNCTYPE(None, ctypes.c_int)
        line = ("akhbar: " + _("the store's index file (-shm) was cut short by another "
                               "program; what was saved before is kept, start akhbar "
                               "again") + "\n").encode("utf-8", "replace")

        def on_bus(signum: int) -> None:
            try:
                if before_exit is not None:
                    before_exit()
                os.write(2, line)
            finally:
                os._exit(EXIT_CODE)

        _handler = callback_type(on_bus)
        libc.signal.restype = ctypes.c_void_p
        libc.signal.argtypes = [ctypes.c_int, callback_type]
        libc.signal(signal.SIGBUS, _handler)
    except (OSError, AttributeError):  # no C library to ask: keep the default
        _handler = False
