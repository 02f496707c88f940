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

from textual import work
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from tui import i18n
from tui.i18n import _
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
from tui.runs import LoopRuns
from tui.screens.main import MainScreen
from tui.screens.palette import main_commands, palette, translated_system
from tui.store import Query, Store, StoreError
from tui.text.terminal import SETTINGS, bidi_setting, resolve_mode
from tui.text.urls import is_http_url
from tui.views import View
from tui.widgets.mirror import ui

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
                 auto_mode: str = "on", refresh: bool = True, offline: bool = False) -> None:
        super().__init__()
        self.config = config
        self.store = store
        store.on_moved = lambda line: self.notify(line, severity="warning", markup=False)
        self.store_path = store_path
        self.clock: Clock = clock or _now
        self.library = Library(store, config)
        env_bidi = os.environ.get("AKHBAR_BIDI")
        self.bidi_setting = bidi_setting(bidi, env_bidi, config.settings.bidi)
        self.bidi_env_error = (
            _("AKHBAR_BIDI={value} is not a bidi mode: use {modes} (ignored)").format(
                value=repr(env_bidi), modes=", ".join(SETTINGS))
            if env_bidi and env_bidi.strip().lower() not in SETTINGS else None)
        """Said once at start: a mistyped $AKHBAR_BIDI must not pass silently."""
        self.auto_mode = auto_mode
        """What "auto" resolved to at start, on the real output stream."""
        self.offline = offline
        """--offline: the reader never touches the network, not even with `R`."""
        self.refresh_at_start = refresh and not offline
        self.refreshing = False
        self.last_summary: RefreshSummary | None = None
        self.last_failure: str | None = None
        self._parse_pool = None
        """Processes that parse feeds, so parsing never holds this process's GIL."""
        self._runs = LoopRuns()
        """The workers' event loops (refresh, pages for `f`): cancelled on quit."""

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
        if self.bidi_env_error:
            self.notify(self.bidi_env_error, severity="warning", timeout=20, markup=False)
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
            self._parse_pool.close()
        self._runs.cancel_all()

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

    # -- refresh, and full articles (`f`) ----------------------------------------

    def start_refresh(self, force: bool = False) -> None:
        if self.offline:
            if force:
                self.main.say(_("offline (--offline): not refreshing"))
            return
        if self.refreshing:
            if force:
                self.notify(_("a refresh is already running"))
            return
        if not self.config.feeds:
            self.notify(_("no feeds configured in {path}").format(path=self.config.path),
                        markup=False)
            return
        self.store.ensure_file()  # a deleted data directory: never refresh into a new store
        self.refreshing = True
        self.post_message(RefreshStarted(len(self.config.feeds), force))
        self._refresh(force)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh(self, force: bool) -> None:
        from tui.refresh import refresh_async  # aiohttp, parsers: after the first frame

        summary: RefreshSummary | None = None
        try:
            store = Store(self.store_path)  # this thread's own connection
        except StoreError as e:
            self.post_message(RefreshFinished(None, str(e)))
            return
        failure: str | None = None
        with store:
            try:
                summary = self._runs.run(refresh_async(
                    self.config, store, progress=lambda p: self.post_message(RefreshProgress(p)),
                    force=force, parser=self._parser(), stories=True))
            except asyncio.CancelledError:
                failure = "cancelled"
            except Exception as e:  # noqa: BLE001 - reported on the status line
                failure = f"{type(e).__name__}: {e}"
        self.post_message(RefreshFinished(summary, failure))

    def _parser(self):
        """Processes that parse feeds (started when a body needs them, kept for the session)."""
        if self._parse_pool is None:
            from tui.parse_pool import ParsePool

            self._parse_pool = ParsePool()
        return self._parse_pool

    def on_refresh_started(self, message: RefreshStarted) -> None:
        self.main.show_refresh_started(message.total)

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self.main.show_progress(message.progress.done, message.progress.total)

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.refreshing = False
        summary = message.summary
        if summary is not None:
            summary = self.library.in_config_order(summary)
        self.last_summary, self.last_failure = summary, message.failure
        self.main.show_refreshed(summary, message.failure)

    @work(thread=True, group="full-text", exit_on_error=False)
    def start_full_text(self, article: Article) -> None:
        """Fetch the article's web page in the background; FullTextFetched says how it went."""
        from tui.fulltext import fetch_stored

        try:
            error = fetch_stored(self.config.settings, self.store_path, article, self._runs.run)
        except asyncio.CancelledError:
            return
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
            self.notify(_("search failed: {error}").format(error=message.failure),
                        severity="error", markup=False)
        else:
            self.main.show_search_results(message.text, message.ids)

    # -- small actions -----------------------------------------------------------

    def open_link(self, link: str | None) -> None:
        if not is_http_url(link):
            self.notify(_("only http and https links are opened"), severity="warning")
            return
        self._open_in_browser(link)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, link: str) -> None:
        try:
            opened = webbrowser.open(link)
        except webbrowser.Error:
            opened = False
        if not opened:
            self.call_from_thread(self.main.say, _("no web browser found (set $BROWSER); "
                                                   "y copies the link"))

    def cycle_bidi(self) -> None:
        i = BIDI_CYCLE.index(self.bidi_setting)
        self.bidi_setting = BIDI_CYCLE[(i + 1) % len(BIDI_CYCLE)]
        self.main.apply_mode()
        extra = f" ({self.auto_mode})" if self.bidi_setting == "auto" else ""
        self.notify(_("bidi: {mode}").format(mode=self.bidi_setting + extra))

    def empty_state(self, view: View) -> list[str]:
        """Plain words for an empty headline list."""
        return self.library.empty_lines(view, self.refreshing, self.last_summary,
                                        self.last_failure)

    # -- command palette ---------------------------------------------------------

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(palette(self.bidi_mode))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from translated_system(super().get_system_commands(screen), self.bidi_mode)
        if isinstance(screen, MainScreen):
            yield from main_commands(screen, self.config.searches)

    def notify(self, message: str, *args, **kwargs) -> None:
        """Every notification in the interface's direction (Arabic: right to left)."""
        super().notify(ui(message, self.bidi_mode), *args, **kwargs)


def make_app(config: Config, store_path: Path, bidi: str | None = None,
             clock: Clock | None = None, *, refresh: bool = True, offline: bool = False,
             stream=None) -> AkhbarApp:
    """The app for this config and store. `bidi` (auto|on|off) overrides the config;
    auto is resolved once, here, on `stream` (default: the real stdout). `offline`:
    no refresh at all, at start, on the timer or on `R`."""
    i18n.activate(config.settings.language, config.settings.digits)
    store = Store(store_path)
    store.sync_feeds(config.feeds)
    auto_mode = resolve_mode("auto", stream if stream is not None else sys.__stdout__)
    return AkhbarApp(config, store, Path(store_path), bidi=bidi, clock=clock,
                     auto_mode=auto_mode, refresh=refresh, offline=offline)


def run_app(config: Config, store_path: Path | None = None, bidi: str | None = None,
            offline: bool = False) -> int:
    """Run the reader in this terminal; the exit code for the CLI."""
    from tui import paths
    from tui.text.terminal import explicit_bidi_mode

    app = make_app(config, store_path or paths.store_file(), bidi=bidi, offline=offline)
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
