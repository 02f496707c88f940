"""The interactive reader: the Textual app, its store, its refresh worker.

`make_app()` is the one factory, used by `run_app()` (the CLI) and the tests.
The app owns the store connection of the UI thread and the background workers
(refresh, counts, search: each opens its own connection). It handles what the
workers report and tells the main screen what to show; screens and widgets get
data from `Library` and post messages.
"""

from __future__ import annotations

import asyncio
import os
import sys
import webbrowser
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.keys import KEYS
from tui.library import Library
from tui.messages import (
    CountsLoaded,
    FullTextFetched,
    RefreshFinished,
    RefreshProgress,
    RefreshStarted,
    SearchFinished,
)
from tui.models import Article, Config, RefreshSummary
from tui.screens.main import MainScreen
from tui.store import Query, Store, StoreError
from tui.text.terminal import bidi_setting, resolve_mode
from tui.views import View

Clock = Callable[[], datetime]
BIDI_CYCLE = ("auto", "on", "off")


def _now() -> datetime:
    return datetime.now(UTC)


class AkhbarApp(App):
    """akhbar's reader. Build it with `make_app()`."""

    CSS_PATH = "app.tcss"
    TITLE = "akhbar"

    def __init__(self, config: Config, store: Store, store_path: Path, *,
                 bidi: str | None = None, clock: Clock | None = None,
                 auto_mode: str = "on", refresh: bool = True) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.store_path = store_path
        self.clock: Clock = clock or _now
        self.library = Library(store, config)
        self.bidi_setting = bidi_setting(bidi, os.environ.get("AKHBAR_BIDI"),
                                         config.settings.bidi)
        self.auto_mode = auto_mode
        """What "auto" resolved to at start, on the real output stream."""
        self.refresh_at_start = refresh
        self.refreshing = False
        self.last_summary: RefreshSummary | None = None
        self.last_failure: str | None = None
        self._parse_pool = None
        """Processes that parse feeds, so parsing never holds this process's GIL."""
        self._refresh_loop: asyncio.AbstractEventLoop | None = None
        self._refresh_task: asyncio.Task | None = None
        self._page_runs: set[tuple[asyncio.AbstractEventLoop, asyncio.Task]] = set()
        """Pages being fetched for `f`, each in its worker's loop: cancelled on quit."""

    @property
    def bidi_mode(self) -> str:
        return self.auto_mode if self.bidi_setting == "auto" else self.bidi_setting

    @property
    def main(self) -> MainScreen:
        return self.get_screen("main")  # type: ignore[return-value]

    # -- life cycle ------------------------------------------------------------

    def on_mount(self) -> None:
        saved = self.store.get_setting("theme")
        if saved and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.install_screen(MainScreen(), "main")
        self.push_screen("main")
        if self.refresh_at_start:
            # Stored articles are on screen first; the network comes after.
            self.call_after_refresh(self.start_refresh)
            minutes = max(1, self.config.settings.refresh_minutes)
            self.set_interval(minutes * 60, self.start_refresh)
        self.set_interval(60, self._tick)
        if self.store.notice:  # the store was damaged and set aside: say so, and where
            self.notify(self.store.notice, severity="warning", timeout=30)
        self._bidi_hint_once()

    def _bidi_hint_once(self) -> None:
        """A terminal that reorders by itself gets logical text; tell once how to do better."""
        from tui.text.terminal import bidi_hint

        hint = bidi_hint() if self.bidi_setting == "auto" else None
        if hint and self.store.get_setting("bidi_hint_shown") != hint:
            self.notify(hint, timeout=20)
            self.store.put_setting("bidi_hint_shown", hint)

    def on_unmount(self) -> None:
        if self._parse_pool is not None:
            self._parse_pool.shutdown(wait=False, cancel_futures=True)
        runs = [(self._refresh_loop, self._refresh_task), *self._page_runs]
        for loop, task in runs:
            if loop is not None and task is not None and not loop.is_closed():
                try:
                    loop.call_soon_threadsafe(task.cancel)
                except RuntimeError:
                    pass

    def _tick(self) -> None:
        self.main.redraw_headlines()  # relative times

    def on_app_focus(self) -> None:
        # Another process (a cron --digest --mark-read) may have changed flags.
        if self.screen is self.main:
            self.main.reload(keep=True)

    def _remember_theme(self, theme) -> None:
        try:
            self.store.put_setting("theme", theme.name)
        except StoreError:
            pass

    # -- refresh ---------------------------------------------------------------

    def start_refresh(self, force: bool = False) -> None:
        if self.refreshing:
            if force:
                self.notify("a refresh is already running")
            return
        if not self.config.feeds:
            self.notify(f"no feeds configured in {self.config.path}", markup=False)
            return
        self.refreshing = True
        self.post_message(RefreshStarted(len(self.config.feeds), force))
        self._refresh(force)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh(self, force: bool) -> None:
        from tui.refresh import refresh_async  # aiohttp, parsers: after the first frame

        summary: RefreshSummary | None = None
        failure: str | None = None

        def progress(p) -> None:
            self.post_message(RefreshProgress(p))

        async def run(store: Store) -> RefreshSummary:
            self._refresh_loop = asyncio.get_running_loop()
            self._refresh_task = asyncio.current_task()
            return await refresh_async(self.config, store, progress=progress, force=force,
                                       executor=self._parser(), index=True)

        try:
            store = Store(self.store_path)  # this thread's own connection
        except StoreError as e:
            failure = str(e)
        else:
            try:
                summary = asyncio.run(run(store))
            except asyncio.CancelledError:
                failure = "cancelled"
            except Exception as e:  # noqa: BLE001 - reported on the status line
                failure = f"{type(e).__name__}: {e}"
            finally:
                self._refresh_loop = self._refresh_task = None
                store.close()
        self.post_message(RefreshFinished(summary, failure))

    def _parser(self):
        """A small process pool for parsing (spawned once); None (threads) if it fails."""
        if self._parse_pool is None:
            try:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                workers = max(1, min(2, os.cpu_count() or 1))
                self._parse_pool = ProcessPoolExecutor(
                    workers, mp_context=multiprocessing.get_context("spawn"))
            except (OSError, ImportError, ValueError):
                return None
        return self._parse_pool

    def on_refresh_started(self, message: RefreshStarted) -> None:
        self.main.show_refresh_started(message.total)

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self.main.show_progress(message.progress.done, message.progress.total)

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.refreshing = False
        self.last_summary, self.last_failure = message.summary, message.failure
        self.main.show_refreshed(message.summary, message.failure)

    # -- full articles (`f`) ---------------------------------------------------------

    def start_full_text(self, article: Article) -> None:
        """Fetch the article's web page in the background; FullTextFetched says how it went."""
        self._full_text(article)

    @work(thread=True, group="full-text", exit_on_error=False)
    def _full_text(self, article: Article) -> None:
        from tui.fulltext import fetch_one

        async def run(store: Store) -> Article:
            run_id = (asyncio.get_running_loop(), asyncio.current_task())
            self._page_runs.add(run_id)  # type: ignore[arg-type]
            try:
                return await fetch_one(self.config.settings, store, article)
            finally:
                self._page_runs.discard(run_id)  # type: ignore[arg-type]

        try:
            with Store(self.store_path) as store:  # this thread's own connection
                error = asyncio.run(run(store)).full_text_error
        except asyncio.CancelledError:
            return
        except Exception as e:  # noqa: BLE001 - said on the status line; the teaser stays
            error = f"{type(e).__name__}: {e}"
        self.post_message(FullTextFetched(article.id, error))

    def on_full_text_fetched(self, message: FullTextFetched) -> None:
        self.main.show_full_text(message.article_id, message.error)

    # -- unread counts (a full scan: off the UI thread) ---------------------------

    SYNC_COUNT_LIMIT = 20_000
    """Below this many articles the counts are taken at once (cheap, and deterministic)."""

    def start_recount(self) -> None:
        if self.store.count(Query()) < self.SYNC_COUNT_LIMIT:
            self.library.set_counts(*self.library.recount())
        else:
            self._recount()

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _recount(self) -> None:
        try:
            with Store(self.store_path) as store:
                counts, starred = self.library.recount(store)
        except Exception:  # noqa: BLE001 - the counts shown stay as they were
            return
        self.post_message(CountsLoaded(counts, starred))

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        self.library.set_counts(message.counts, message.starred_unread)
        self.main.refresh_counts()

    # -- search ----------------------------------------------------------------

    def start_search(self, text: str, view: View) -> None:
        self._search(text, self.library.query(view))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str, query: Query) -> None:
        from tui.search import search

        tags = {f.url: f.tags for f in self.config.feeds}
        try:
            with Store(self.store_path) as store:
                ids = [a.id for a in search(store, text, query, tags=tags)]
        except Exception as e:  # noqa: BLE001
            self.post_message(SearchFinished(text, None, str(e)))
            return
        self.post_message(SearchFinished(text, ids))

    def on_search_finished(self, message: SearchFinished) -> None:
        if message.ids is None:
            self.notify(f"search failed: {message.failure}", severity="error", markup=False)
        else:
            self.main.show_search_results(message.text, message.ids)

    # -- small actions -----------------------------------------------------------

    def open_link(self, link: str | None) -> None:
        if not link or urlsplit(link).scheme.lower() not in ("http", "https"):
            self.notify("only http and https links are opened", severity="warning")
            return
        self._open_in_browser(link)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, link: str) -> None:
        webbrowser.open(link)

    def cycle_bidi(self) -> None:
        i = BIDI_CYCLE.index(self.bidi_setting)
        self.bidi_setting = BIDI_CYCLE[(i + 1) % len(BIDI_CYCLE)]
        self.main.apply_mode()
        extra = f" ({self.auto_mode})" if self.bidi_setting == "auto" else ""
        self.notify(f"bidi: {self.bidi_setting}{extra}")

    def empty_state(self, view: View) -> list[str]:
        """Plain words for an empty headline list."""
        return self.library.empty_lines(view, self.refreshing, self.last_summary,
                                        self.last_failure)

    # -- command palette ---------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for k in KEYS:
            if not k.action or k.action == "quit":
                continue
            action = k.action

            def run(action: str = action) -> None:
                self.call_later(self.main.run_action, action)

            yield SystemCommand(k.title, f"{k.help} [{k.keys}]", run)


def make_app(config: Config, store_path: Path, bidi: str | None = None,
             clock: Clock | None = None, *, refresh: bool = True,
             stream=None) -> AkhbarApp:
    """The app for this config and store. `bidi` (auto|on|off) overrides the config;
    auto is resolved once, here, on `stream` (default: the real stdout)."""
    store = Store(store_path)
    store.sync_feeds(config.feeds)
    auto_mode = resolve_mode("auto", stream if stream is not None else sys.__stdout__)
    return AkhbarApp(config, store, Path(store_path), bidi=bidi, clock=clock,
                     auto_mode=auto_mode, refresh=refresh)


def run_app(config: Config, store_path: Path | None = None, bidi: str | None = None) -> int:
    """Run the reader in this terminal; the exit code for the CLI."""
    from tui import paths
    from tui.text.terminal import explicit_bidi_mode

    app = make_app(config, store_path or paths.store_file(), bidi=bidi)
    try:
        mode = app.bidi_mode
        if mode == "on":
            with explicit_bidi_mode(sys.stdin, sys.stdout):
                app.run()
        else:
            app.run()
    finally:
        app.store.close()
    return app.return_code or 0
