"""Untrusted bytes read in worker processes, each job under its own CPU-time bound:
feed bodies (parsing) and web pages (decoding and extracting the article, SPEC §9).

A hostile body can make the parsers quadratic (one element with 100,000
attributes: 20 s in fastfeedparser, over a minute in feedparser). Parsing on
the event loop that fetches would stall every download behind it, and a good
feed would time out, blamed on its server. So the loop never parses: a body
goes to a worker process, the kernel bounds each job's CPU time (RLIMIT_CPU),
a worker that overruns dies with its feed's error, "feed too complex to
parse", and the next body gets a fresh worker. Elements with absurdly many
attributes are refused before either parser sees them. A web page's article
extraction (4–5 ms of CPU a 100 KB page, 400 pages in a refresh of 20 sites)
runs in the same workers, in parallel, for the same reasons.

Workers start on the first body that needs parsing (a refresh of 304s starts
none), each a small program of its own (tui.parse_worker) that imports the
parsers while the first downloads finish.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from tui.i18n import N_
from tui.models import ParsedFeed
from tui.parse_worker import Channel

if TYPE_CHECKING:
    import asyncio
    import subprocess

# asyncio and subprocess are imported where the pool uses them: a worker imports this
# module for its jobs (parse_job), and they would be 2 MB of each worker's memory.

TOO_COMPLEX = N_("feed too complex to parse")


@dataclass(frozen=True)
class Failures:
    """What a job's caller is told when the job's worker dies instead of answering."""

    too_complex: str
    """Over its CPU time, killed, or no answer in three times that."""
    crashed: str
    """The worker died of another signal: `{signal}` is the signal's number."""


FEED = Failures(TOO_COMPLEX, N_("could not parse the feed (the parser crashed: signal {signal})"))
PAGE = Failures(N_("page too complex to read"),
                N_("could not read the page (the extractor crashed: signal {signal})"))

_WARMING = Failures("", "")

PARSE_CPU_SECONDS = 10
"""CPU time one body may take: a legitimate 10 MB feed takes 2.6 s in feedparser."""

MAX_ATTRIBUTES = 256
"""Attributes one element may carry; feeds use a few dozen at most. Parsing cost
grows with the square of this (issue 19), so more is refused unparsed."""

SLOW_AFTER = 1.0
"""Seconds after which a parse gives its slot to the next body, so that two slow
feeds cannot hold every worker; at most `size` parses run past it at once."""


def too_complex(body: bytes, max_attributes: int = MAX_ATTRIBUTES) -> bool:
    """True when one element of `body` has more than `max_attributes` attributes.

    A regular expression, not a parser: about 0.2 ms for a clean 170 KB feed
    (parsing it takes 3 ms). It counts quoted values in one start tag, which may
    hold ">" (legal in XML) but not "<"; possessive, so it never backtracks.
    """
    return _many_attributes(max_attributes).search(body) is not None


@functools.cache
def _many_attributes(limit: int) -> re.Pattern[bytes]:
    return re.compile(rb"<[A-Za-z_:](?:[^<>\"']*+(?:\"[^\"<]*+\"|'[^'<]*+')){%d}" % (limit + 1))


def parse_job(body: bytes, headers: dict[str, str], url: str,
              max_attributes: int | None = MAX_ATTRIBUTES) -> ParsedFeed | str:
    """The parsed feed, or why it could not be read: a bad body stays its feed's problem."""
    if max_attributes is not None and too_complex(body, max_attributes):
        return TOO_COMPLEX
    # Imported here: a refresh of 304s parses nothing and need not load the parsers
    # (the fork server preloads them, so a worker finds them imported).
    from tui.parse import ParseError, parse

    try:
        return _with_search(parse(body, headers, url))
    except ParseError as e:
        return str(e)
    except RecursionError:
        return N_("the feed is nested too deeply to read")
    except Exception as e:  # a bug or a hostile body must stay this feed's problem
        return N_("could not parse the feed ({error})").format(
            error=f"{type(e).__name__}: {str(e)[:100]}")


def _with_search(feed: ParsedFeed) -> ParsedFeed:
    """`feed` with its articles' search form: normalizing in the worker, in parallel,
    spares the store's process a third of its CPU on a cold refresh."""
    from tui.text.search_form import search_fields_many

    fields = search_fields_many((None, a.title, a.summary, a.content, "")
                                for a in feed.articles)
    return replace(feed, search=tuple((title, body) for _, title, body in fields))


def _start_worker(cpu_seconds: float) -> tuple[Channel, subprocess.Popen]:
    """A worker process (tui.parse_worker) and the pool's end of the socket to it.

    A program of its own, not a fork: a fork server holding the parsers for cheap
    forks was 32 MB of a cold refresh's 150 (each process's pages count whole in its
    memory), for a saving of 0.1 s of CPU per worker started, which a refresh does
    twice. Its stdout and stderr go nowhere: a parser's warnings must not reach the
    reader's screen; every outcome comes back as a value.
    """
    import socket
    import subprocess

    ours, theirs = socket.socketpair()
    try:
        process = subprocess.Popen(
            # -P: the working directory goes on no path (`_worker_env` says which)
            [sys.executable, "-P", "-m", "tui.parse_worker", str(theirs.fileno()),
             str(cpu_seconds)],
            pass_fds=(theirs.fileno(),), env=_worker_env(), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()  # ours alone now: its end closes when the worker dies
    return Channel(ours.detach()), process


def _worker_env() -> dict[str, str]:
    """The pool's own module search path, in its order, as multiprocessing's spawn gives
    its children: the worker imports the same tui and parsers as the pool's process,
    paths added at run time (tests, an embedding program) included."""
    path = os.pathsep.join(os.path.abspath(p) for p in sys.path)
    return dict(os.environ, PYTHONPATH=path)


class _CannotStart(Exception):
    """Worker processes cannot run here."""


class _Worker:
    """One process and the pipe to it."""

    def __init__(self, cpu_seconds: float) -> None:
        if os.name != "posix":  # the socket is passed by descriptor
            raise RuntimeError("needs POSIX")  # not shown: the pool parses in a thread
        self.conn, self.process = _start_worker(cpu_seconds)
        self.failed = False
        """It died instead of answering. One that answered waits for its next job: no
        need to ask the kernel whether it lives (a system call a job)."""

    async def answered(self, timeout: float) -> bool:
        """Wait until the answer (or the worker's end) can be read; False on timeout."""
        if self.conn.closed:  # the pool was closed from another thread
            return True
        import asyncio

        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(True))
        try:
            done, _ = await asyncio.wait({ready}, timeout=timeout)
        finally:
            loop.remove_reader(fd)
            ready.cancel()
        return bool(done)

    def answer(self, failures: Failures) -> Any:
        import subprocess

        try:
            return self.conn.recv()  # it answered, so it waits for the next job
        except (EOFError, OSError):
            self.failed = True
        try:
            code = self.process.wait(1)
        except subprocess.TimeoutExpired:
            code = None
        if code in (-signal.SIGKILL, -getattr(signal, "SIGXCPU", signal.SIGKILL)):
            return failures.too_complex  # over its CPU time, or killed for its memory
        if code is not None and code < 0:
            return failures.crashed.format(signal=-code)
        # A worker never exits by itself while the pool holds its pipe: it could not
        # start (a __main__ that cannot be re-imported, say), and neither will the next.
        raise _CannotStart(code)

    @property
    def alive(self) -> bool:
        return not self.conn.closed and self.process.poll() is None

    def stop(self) -> None:
        if not self.conn.closed:
            self.conn.close()  # an idle worker reads EOF and ends
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()  # reaped, not left a zombie


class ParsePool:
    """Worker processes for parsing feeds and reading pages; usable from one event
    loop at a time."""

    def __init__(self, size: int | None = None, *, cpu_seconds: float = PARSE_CPU_SECONDS,
                 max_attributes: int | None = MAX_ATTRIBUTES,
                 slow_after: float = SLOW_AFTER) -> None:
        self.size = size or max(1, min(2, os.cpu_count() or 1))
        """Parses that run at once (a slow one leaves its place after `slow_after`)."""
        self.cpu_seconds = cpu_seconds
        """CPU time one body may take before its feed fails as too complex."""
        self.max_attributes = max_attributes
        """Attributes one element may have; None parses whatever comes."""
        self.slow_after = slow_after
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None
        self._overtime = 0
        self._no_processes = False
        self._closed = False
        self._warmed: dict[Callable[[], Any], asyncio.AbstractEventLoop] = {}
        self._warming: set[asyncio.Task] = set()

    async def parse(self, body: bytes, headers: dict[str, str], url: str) -> ParsedFeed | str:
        """The parsed feed, or its error in plain words.

        Raises CancelledError when the pool is closed meanwhile (the app quits):
        that is no fault of the feed's, to be recorded against it.
        """
        return await self.run(parse_job, (body, headers, url, self.max_attributes), FEED)

    async def run(self, function: Callable[..., Any], args: tuple, failures: Failures) -> Any:
        """`function(*args)` in a worker, under the CPU bound; `failures` words the
        answer when the worker dies. `function` is module-level (it is pickled by
        name) and answers its own failures as values. CancelledError as `parse`."""
        import asyncio

        if self._closed:
            raise asyncio.CancelledError
        if self._no_processes:
            return await self._in_thread(function, args)
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # the app runs each refresh in a new loop
            self._loop, self._slots = loop, asyncio.Semaphore(self.size)
        slots = self._slots
        await slots.acquire()
        holding = True
        worker = None
        try:
            try:
                worker = self._send((function, args))
            except (OSError, ValueError, RuntimeError):
                return await self._in_thread(function, args)
            answered = await worker.answered(self.slow_after)
            if not answered and self._overtime < self.size:
                holding = False
                self._overtime += 1
                slots.release()
            if not answered:
                # The kernel ends the worker at its CPU bound; this catches a hang.
                answered = await worker.answered(3 * self.cpu_seconds)
            if self._closed:
                raise asyncio.CancelledError
            if not answered:
                return failures.too_complex
            try:
                result = worker.answer(failures)
            except _CannotStart:
                return await self._in_thread(function, args)
            if not worker.failed:
                self._idle.append(worker)
                worker = None
            return result
        finally:
            if worker is not None:
                self._discard(worker)
            if holding:
                slots.release()
            else:
                self._overtime -= 1

    def warm(self, function: Callable[[], Any]) -> None:
        """Run `function()` in as many workers as run at once, in the background, once
        per event loop: the imports and first-call costs of a kind of job (70 ms for
        the article extractor) are paid while the loop waits for the network, not by
        the first job. Nothing waits for it; a failure is the next job's to meet."""
        import asyncio

        loop = asyncio.get_running_loop()
        if self._closed or self._no_processes or self._warmed.get(function) is loop:
            return
        self._warmed[function] = loop
        for _ in range(self.size):
            task = loop.create_task(self.run(function, (), _WARMING))
            self._warming.add(task)
            task.add_done_callback(self._warming.discard)

    def start(self) -> None:
        """Start the workers now, to wait idle: a refresh sure to parse (a feed never
        fetched) has their start-up, 0.15 s of imports each, overlap its first
        downloads instead of following the first body. Failing to start is the
        first job's to meet, as without this."""
        if self._closed or self._no_processes:
            return
        while len(self._workers) < self.size:
            try:
                worker = _Worker(self.cpu_seconds)
            except (OSError, ValueError, RuntimeError):
                return
            self._workers.add(worker)
            self._idle.append(worker)

    async def _in_thread(self, function: Callable[..., Any], args: tuple) -> Any:
        """Where processes cannot run: a thread still frees the loop, without the CPU bound."""
        import asyncio

        self._no_processes = True
        return await asyncio.to_thread(function, *args)

    def _send(self, job) -> _Worker:
        """A worker that has the job: an idle one, or a new one if that one died."""
        while self._idle:
            worker = self._idle.pop()
            try:
                worker.conn.send(job)
                return worker
            except OSError:
                self._discard(worker)
        worker = _Worker(self.cpu_seconds)
        self._workers.add(worker)
        try:
            worker.conn.send(job)
        except BaseException:
            self._discard(worker)
            raise
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        self._workers.discard(worker)

    @property
    def pids(self) -> list[int]:
        """Process ids of the workers alive now (for diagnostics and fault tests)."""
        return [w.process.pid for w in self._workers if w.alive and w.process.pid]

    def close(self) -> None:
        """End every worker; parses still running are cancelled."""
        self._closed = True
        for worker in list(self._workers):
            self._discard(worker)
        self._idle.clear()
