"""asyncio runs in the app's worker threads, cancelled together when the app quits.

A worker thread cannot be cancelled, but the task its event loop runs can: each
run registers (loop, task) while it lasts, and `cancel_all` cancels every one
from the UI thread. A run started after `cancel_all` is cancelled at once.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class LoopRuns:
    """The event loops running in worker threads, so that quitting can stop them."""

    def __init__(self) -> None:
        self._runs: set[tuple[asyncio.AbstractEventLoop, asyncio.Task]] = set()
        self._lock = threading.Lock()
        self._closed = False

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """`asyncio.run(coro)` in this thread; raises CancelledError once cancelled."""

        async def tracked() -> T:
            task = asyncio.current_task()
            assert task is not None
            run = (asyncio.get_running_loop(), task)
            with self._lock:
                if self._closed:
                    coro.close()
                    raise asyncio.CancelledError
                self._runs.add(run)
            try:
                return await coro
            finally:
                with self._lock:
                    self._runs.discard(run)

        return asyncio.run(tracked())

    def cancel_all(self) -> None:
        """Cancel every run, and any started from now on."""
        with self._lock:
            self._closed = True
            runs = list(self._runs)
        for loop, task in runs:
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # that loop has just closed
                pass
