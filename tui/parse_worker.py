"""A parse worker's life, `python -m tui.parse_worker FD CPU_SECONDS`: run each job the
pool sends over the socket FD, `(function, args)`, until the pool hangs up.

Its own small program, started by tui.parse_pool, rather than a fork of a fork server:
every process of a refresh counts whole in its memory (a fork's pages are the server's
too, but resident in both), and a fork server holding the parsers was 32 MB of a cold
refresh's 150. This module imports the standard library only, so that a worker holds
the parsers and its jobs, not the event loop or the store.
"""

from __future__ import annotations

import math
import os
import pickle
import signal
import sys

PRELOAD = ("tui.parse", "fastfeedparser", "tui.text.search_form")
"""Imported before the first job: while the pool still downloads, not on its first body."""


NICENESS = 10
"""Workers yield the CPU to the reader's process: its event loop and store thread set
a refresh's pace (what they store frees the place of the next download), and the
app's screen must stay quick while workers parse. Parses fill the rest of the cores:
1000 feeds at 0 ms, 2 cores, 6.47 -> 6.04 s (bench_refresh_cpu)."""


class Channel:
    """One end of the socket between the pool and a worker: pickled messages, each
    after its length. multiprocessing's Connection does the same for 4 MB more in
    each process (its package, sockets, threads)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @property
    def closed(self) -> bool:
        return self.fd < 0

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)

    def send(self, message: object) -> None:
        """Raises OSError when the other end is gone."""
        data = memoryview(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        header = len(data).to_bytes(8, "big")
        sent = os.writev(self.fd, (header, data))
        while sent < len(header):
            sent += os.write(self.fd, header[sent:])
        while sent < len(header) + len(data):
            sent += os.write(self.fd, data[sent - len(header):])

    def recv(self) -> object:
        """Raises EOFError when the other end is gone."""
        return pickle.loads(self._read(int.from_bytes(self._read(8), "big")))

    def _read(self, size: int) -> bytearray:
        buffer = bytearray(size)
        view, got = memoryview(buffer), 0
        while got < size:
            n = os.readv(self.fd, (view[got:],))
            if n == 0:
                raise EOFError
            got += n
        return buffer


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the refresh's to handle
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    conn = Channel(int(argv[0]))
    cpu_seconds = float(argv[1])
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # the job that needs it will say so
            pass
    _serve(conn, cpu_seconds)


def _serve(conn: Channel, cpu_seconds: float) -> None:
    """The function answers failures as values (parse_job, tui.article.page.page_job);
    an exception is still an answer, its job's alone."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU would dump core
    except (ImportError, ValueError, OSError):
        resource = None
    from tui.i18n import N_

    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError):
            return
        if resource is not None:
            _limit_cpu(resource, cpu_seconds)
        try:
            result = function(*args)
        except Exception as e:  # a bug: still an answer, this job's alone
            result = N_("could not read it ({error})").format(error=type(e).__name__)
        try:
            conn.send(result)
        except OSError:
            return
        except Exception as e:  # a result that does not pickle is still an answer
            conn.send(N_("could not read it ({error})").format(error=type(e).__name__))


def _limit_cpu(resource, seconds: float) -> None:
    """Let this job use `seconds` more CPU; past that the kernel ends the process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):
        pass  # the pool's wall-clock bound still holds


if __name__ == "__main__":
    main(sys.argv[1:])
