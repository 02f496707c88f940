"""The reader: feeds | headlines over the article, a search box, a status line, the footer.

The screen owns what is being viewed (which feed, unread only, the search) and
routes every widget message; data comes from the app's `Library`, never from
SQL here. Under 100 columns the feed list folds away (tab brings it back over
the list, as a picker) and the article takes the headline list's place while it
is open (escape goes back).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input

from tui.i18n import N_, _, ngettext, num, rtl
from tui.keys import KEYS, key_label
from tui.models import Article, RefreshSummary
from tui.views import FeedEntry, View
from tui.widgets.article_view import ArticleView
from tui.widgets.feed_list import FeedList
from tui.widgets.footer import KeysFooter, MirroredFooter
from tui.widgets.headline_list import HeadlineList
from tui.widgets.mirror import ui
from tui.widgets.search_box import SearchBox
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.app import AkhbarApp

NARROW = 100
SEARCH_HINT = N_("search — enter to find, escape to cancel")


class MainScreen(Screen):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
    BINDINGS = [
        Binding(k.keys, k.action, k.title, show=k.footer, key_display=key_label(k.keys))
        for k in KEYS if k.action and k.action != "quit"
    ] + [
        Binding("q", "app.quit", N_("Quit"), show=True),
        Binding("shift+tab", "next_pane(-1)", N_("Previous pane"), show=False),
        Binding("ctrl+s", "save_search", N_("Save search"), show=False, priority=True),
    ]
    NARROW_FOOTER = {k.action: k.narrow for k in KEYS if k.action and k.action != "quit"}
    """Under 100 columns the footer shows fewer keys (and tab, which brings the feeds)."""

    def __init__(self) -> None:
        super().__init__(classes="-rtl" if rtl() else None)  # an Arabic interface: mirrored
        self.view: View | None = None
        self.reading = False
        """Narrow layout: the article has the list's place."""
        self._was_narrow: bool | None = None
        """The layout at the last resize: None before the first."""

    @property
    def akhbar(self) -> AkhbarApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        clock = self.akhbar.clock
        with Horizontal(id="panes"):
            yield FeedList(id="feeds")
            with Vertical(id="reader"):
                yield HeadlineList(clock=clock, id="headlines")
                yield ArticleView(clock=clock, id="article")
        yield SearchBox(placeholder=_(SEARCH_HINT), id="search")
        yield StatusLine(id="status")
        yield MirroredFooter() if rtl() else KeysFooter()

    # -- widgets ---------------------------------------------------------------

    @property
    def feeds(self) -> FeedList:
        return self.query_one(FeedList)

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one(HeadlineList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def on_mount(self) -> None:
        app = self.akhbar
        self.headlines.feed_dirs = app.library.feed_dirs
        self.article_view.harakat = app.config.settings.harakat
        self.status.feed_order = tuple(f.url for f in app.config.feeds)
        self.apply_mode()
        entries = app.library.feed_entries()
        self.feeds.show(entries)
        self.view = View(entries[0])
        self.reload(keep=False)
        self.headlines.focus()

    def apply_mode(self) -> None:
        mode = self.akhbar.bidi_mode
        self.feeds.mode = mode
        self.headlines.mode = mode
        self.feeds.refresh()
        self.headlines.redraw()
        self.article_view.set_mode(mode)
        self.status.mode = mode
        self.status.redraw()
        box = self.query_one(SearchBox)
        box.mode = mode
        box.placeholder = ui(_(SEARCH_HINT), mode)
        box.refresh()
        self.refresh_bindings()  # the footer's labels are laid out for the mode too

    # -- the view --------------------------------------------------------------

    def reload(self, keep: bool = True, recount: bool = True) -> None:
        """Query the view again; keep the highlighted article where the reader left it."""
        if self.view is None:
            return
        library = self.akhbar.library
        hl = self.headlines
        selected = hl.highlighted if keep else None
        old_cursor, old_top = hl.cursor, hl.top
        pager = library.pager(self.view)
        if selected is not None:
            index = pager.index_of(selected)
            if index is not None:
                hl.show(pager, cursor=index, top=old_top + index - old_cursor)
            else:
                hl.show(pager, cursor=min(old_cursor, max(0, pager.total - 1)), top=old_top)
        elif keep:
            hl.show(pager, cursor=old_cursor, top=old_top)
        else:
            hl.show(pager, cursor=0, top=0)
        hl.empty_lines = self.akhbar.empty_state(self.view) if pager.total == 0 else []
        self._show_view_status(pager.top_total)
        self.refresh_counts(recount=recount)

    def _show_view_status(self, total: int | None = None) -> None:
        """The status line's "label · N articles"; `None`: count the unread again (the
        reader just marked some), since an unread view keeps its rows until reloaded."""
        view = self.view
        if view is None:
            return
        if total is None:
            if not view.unread_only:
                return  # "N articles" does not change with read marks
            total = self.akhbar.library.unread_total(view)
        self.status.show_view(view.entry.label, total, view.unread_only, view.stories)

    def refresh_counts(self, recount: bool = False) -> None:
        """Redraw the feed list from the counts known; `recount` counts again, off-thread."""
        if recount:
            self.akhbar.start_recount()
        current = self.feeds.current
        self.feeds.show(self.akhbar.library.feed_entries(),
                        keep_key=current.key if current else None)

    def set_view(self, **changes) -> None:
        if self.view is not None:
            self.view = replace(self.view, **changes)
            self.reload(keep=False, recount=False)

    def current_article(self) -> Article | None:
        """The article the keys act on: the open one when the article has focus."""
        if self.article_view.has_focus and self.article_view.article is not None:
            return self.article_view.article
        return self.headlines.highlighted or self.article_view.article

    # -- routing ---------------------------------------------------------------

    @on(FeedList.Highlighted)
    def _feed_highlighted(self, message: FeedList.Highlighted) -> None:
        self._show_entry(message.entry)

    def _show_entry(self, entry: FeedEntry) -> None:
        if entry.error:
            self.status.show_feed_error(entry.label, entry.error)
        else:
            self.status.show_feed_error(None, None)
        self.set_view(entry=entry, search=None, search_ids=None)

    @on(FeedList.Chosen)
    def _feed_chosen(self, message: FeedList.Chosen) -> None:
        if self.view is None or self.view.entry.key != message.entry.key:
            self.set_view(entry=message.entry, search=None, search_ids=None)
        self.headlines.focus()

    @on(HeadlineList.Opened)
    def _headline_opened(self, message: HeadlineList.Opened) -> None:
        hl = self.headlines
        mark = hl.source.mark(hl.cursor) if hl.source.grouped else None
        if mark is not None and not mark.child and not mark.expanded:
            self._toggle_story(hl.cursor, True)  # its other sources, one j away
        self.open_article(message.article)

    @on(HeadlineList.StoryToggled)
    def _story_toggled(self, message: HeadlineList.StoryToggled) -> None:
        self._toggle_story(message.index, message.expand)

    def _toggle_story(self, index: int, expand: bool) -> None:
        hl = self.headlines
        pager = hl.source
        at = pager.expand(index) if expand else pager.collapse(index)
        if at is None:
            return
        hl.show(pager, cursor=hl.cursor if expand else at, top=hl.top)

    @on(ArticleView.Step)
    def _article_step(self, message: ArticleView.Step) -> None:
        hl = self.headlines
        hl.move_cursor(hl.cursor + message.step)
        article = hl.highlighted
        if article is not None:
            self.open_article(article, focus=False)

    def open_article(self, article: Article, focus: bool | None = None) -> None:
        library = self.akhbar.library
        article = library.open(article)
        if self.article_view.article is None or self.article_view.article.id != article.id:
            self.status.show_note(None)
        self.article_view.show(article, library.feed_dirs.get(article.feed_url),
                               library.other_sources(article))
        self._marks_changed()
        if self.narrow:
            self.reading = True
            self.add_class("-reading")
            if focus is not False:
                self.article_view.focus()

    def action_full_text(self) -> None:
        """`f`: fetch the article's web page once, then toggle full article / feed text."""
        from tui.screens.full_text import toggle_full_text

        toggle_full_text(self)

    def show_full_text(self, article_id: int, error: str | None) -> None:
        """The page of article `article_id` was fetched (`f`): show it if it is open."""
        from tui.screens.full_text import full_text_fetched

        full_text_fetched(self, article_id, error)

    def on_resize(self) -> None:
        """Keep what the reader reads (SPEC §3): narrowing with an article open
        shows the article in the list's place; widening shows both again."""
        narrow = self.narrow
        if narrow and self._was_narrow is False and self.article_view.article is not None:
            self.reading = True
            self.add_class("-reading")
            if not self.query_one("#search", Input).has_focus:
                self.article_view.focus()
        elif not narrow and self.reading:
            self.reading = False
            self.remove_class("-reading")
        self._was_narrow = narrow
        self.refresh_bindings()  # the footer's keys depend on the width

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer shows: under 100 columns, the keys marked `narrow` in KEYS."""
        active = {key: a._replace(binding=replace(
            a.binding, description=ui(_(a.binding.description), self.akhbar.bidi_mode)))
            if a.binding.description else a for key, a in super().active_bindings.items()}
        if not self.narrow:
            return active
        shown = self.NARROW_FOOTER
        return {
            key: a if shown.get(a.binding.action, a.binding.show) == a.binding.show
            else a._replace(binding=replace(a.binding, show=not a.binding.show))
            for key, a in active.items()
        }

    # -- what the app tells ----------------------------------------------------

    def show_refresh_started(self, total: int) -> None:
        self.status.progress(0, total)
        self._update_empty()

    def show_progress(self, done: int, total: int) -> None:
        """The refresh under way has `done` feeds of `total`."""
        self.status.progress(done, total)

    def show_refreshed(self, summary: RefreshSummary | None, failure: str | None) -> None:
        self.status.finished(summary, failure)
        self.reload(keep=True)

    def say(self, text: str) -> None:
        """A word on the status line (offline, no browser)."""
        self.status.say(text)

    def show_search_results(self, text: str, ids: list[int]) -> None:
        self.set_view(search=text, search_ids=tuple(ids))
        self.status.show_search(text, len(ids))
        self.headlines.focus()

    def redraw_headlines(self) -> None:
        """Time passed: the relative times change."""
        self.headlines.redraw()

    def _update_empty(self) -> None:
        if self.view is not None and self.headlines.row_count == 0:
            self.headlines.empty_lines = self.akhbar.empty_state(self.view)
            self.headlines.redraw()

    # -- actions ---------------------------------------------------------------

    def action_page_article(self, direction: int) -> None:
        self.article_view.action_page(direction)

    def action_toggle_read(self) -> None:
        article = self.current_article()
        if article is None:
            return
        hl = self.headlines
        story = None
        if not self.article_view.has_focus and hl.source.grouped:
            story = hl.source.story_at(hl.cursor)
        if story is not None:  # a story row stands for all its articles
            story_id, mark = story
            read = mark.unread > 0
            n = self.akhbar.library.set_story_read(story_id, read)
            self.notify((ngettext("story marked read ({n} article)",
                                  "story marked read ({n} articles)", n) if read else
                         ngettext("story marked unread ({n} article)",
                                  "story marked unread ({n} articles)", n)).format(n=num(n)))
            shown = self.article_view.article
            if shown is not None and shown.story_id == story_id:
                self.article_view.article = replace(shown, read=read)
            self._marks_changed(recount=True)
            return
        self._changed(self.akhbar.library.toggle_read(article))

    def action_toggle_star(self) -> None:
        article = self.current_article()
        if article is not None:
            self._changed(self.akhbar.library.toggle_star(article))

    def _changed(self, article: Article) -> None:
        if self.article_view.article is not None and self.article_view.article.id == article.id:
            self.article_view.article = article
        self._marks_changed()

    def _marks_changed(self, recount: bool = False) -> None:
        """Read or starred marks changed: the rows, the counts, the status line."""
        self.headlines.redraw()
        self.refresh_counts(recount=recount)
        self._show_view_status()

    def action_mark_all_read(self) -> None:
        if self.view is not None:
            n = self.akhbar.library.mark_all_read(self.view)
            self.notify(ngettext("marked {n} article read", "marked {n} articles read",
                                 n).format(n=num(n)))
            self._marks_changed(recount=True)

    def action_toggle_unread(self) -> None:
        if self.view is not None:
            self.set_view(unread_only=not self.view.unread_only)
            self.notify(_("unread only") if self.view.unread_only else _("all articles"))

    def action_refresh(self) -> None:
        self.akhbar.start_refresh(force=True)

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, message: Input.Submitted) -> None:
        box = message.input
        box.remove_class("-shown")
        text = message.value.strip()
        if not text:
            self.set_view(search=None, search_ids=None)
            self.headlines.focus()
            return
        if self.view is not None:
            self.status.show_search(text, None)
            self.akhbar.start_search(text, replace(self.view, search=None, search_ids=None))

    def action_open_link(self) -> None:
        article = self.current_article()
        if article is not None:
            self.akhbar.open_link(article.link)

    def action_copy_link(self) -> None:
        article = self.current_article()
        if article is None or not article.link:
            self.notify(_("no link to copy"))
            return
        self.app.copy_to_clipboard(article.link)
        self.notify(_("link copied"), markup=False)

    def action_group(self) -> None:
        if self.view is None:
            return
        self.view = replace(self.view, stories=not self.view.stories)
        self.reload(keep=True, recount=False)  # the same article stays under the cursor
        self.notify(_("grouped by story") if self.view.stories else _("one row per article"))

    def action_next_pane(self, step: int) -> None:
        """tab: the next pane; under 100 columns the feed list is folded away, so tab
        brings it up as a picker over the list."""
        if self.narrow:
            self.action_pick_feed()
        elif step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_pick_feed(self) -> None:
        from tui.screens.picker import FeedPicker

        current = self.view.entry.key if self.view is not None else None
        self.app.push_screen(FeedPicker(self.akhbar.library.feed_entries(), current,
                                        self.akhbar.bidi_mode), self._feed_picked)

    def _feed_picked(self, entry: FeedEntry | None) -> None:
        if entry is None:
            return
        self.feeds.show(self.feeds.entries, keep_key=entry.key)
        if self.reading:
            self.reading = False
            self.remove_class("-reading")
        self._show_entry(entry)
        self.headlines.focus()

    MUTED_SECONDS = 8
    """How long `M` shows the muted articles."""

    def action_show_muted(self) -> None:
        if self.view is None:
            return
        showing = not self.view.show_muted
        self.view = replace(self.view, show_muted=showing)
        self.reload(keep=True, recount=False)
        if showing:
            self.set_timer(self.MUTED_SECONDS, self._hide_muted)

    def _hide_muted(self) -> None:
        if self.view is not None and self.view.show_muted:
            self.view = replace(self.view, show_muted=False)
            self.reload(keep=True, recount=False)

    def action_save_search(self) -> None:
        """ctrl+s: offer to save the query in the search box (or the last one) as a feed."""
        from tui.screens.save_search import SaveSearch, save_search

        text = self.query_one("#search", Input).value.strip() or (
            self.view.search if self.view is not None else None) or ""
        if not text:
            self.notify(_("type a query in the search box (/) first, then ctrl+s"))
            return

        def save(name: str | None) -> None:
            if name:
                save_search(self.akhbar, name, text)

        self.app.push_screen(SaveSearch(text), save)

    def show_search_entry(self, key: str) -> None:
        """Show the saved search of this feed list key (the palette's choice)."""
        self._feed_picked(next((e for e in self.akhbar.library.feed_entries()
                                if e.key == key), None))

    def action_cycle_bidi(self) -> None:
        self.akhbar.cycle_bidi()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_back(self) -> None:
        box = self.query_one("#search", Input)
        if box.has_focus:
            box.remove_class("-shown")
            self.headlines.focus()
        elif self.reading:
            self.reading = False
            self.remove_class("-reading")
            self.headlines.focus()
        elif self.view is not None and self.view.search is not None:
            self.set_view(search=None, search_ids=None)
            self.status.show_search(None, None)
