"""One line under the panes: refresh progress, per-feed errors, the search, a feed's error."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.i18n import _, num, rtl
from tui.models import FeedError, RefreshSummary
from tui.text.bidi import display_text
from tui.widgets.mirror import ui


class StatusLine(Widget):
    COMPONENT_CLASSES = {"status-line--error", "status-line--progress"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = "on"
        self._refresh_text = ""
        self._errors: list[FeedError] = []
        self._feed_error: tuple[str, str] | None = None
        self._search: str | None = None
        self._search_count: int | None = None
        self._failure: str | None = None
        self._view: str = ""

    def show_view(self, label: str, total: int, unread_only: bool,
                  stories: bool = False) -> None:
        """What the headline list shows, for when nothing else is worth saying."""
        what = _("{n} unread") if unread_only else _("{n} articles")
        if stories:
            what = _("{n} unread stories") if unread_only else _("{n} stories")
        self._view = f"{self._d(label)} · {what.format(n=num(total))}"
        self.refresh()

    @property
    def errors(self) -> list[FeedError]:
        return list(self._errors)

    def progress(self, done: int, total: int) -> None:
        self._refresh_text = _("refreshing {done}/{total}").format(done=num(done),
                                                                   total=num(total))
        self._failure = None
        self.refresh()

    def finished(self, summary: RefreshSummary | None, failure: str | None) -> None:
        if summary is None:
            self._refresh_text = _("refresh failed")
            self._failure = failure
            self._errors = []
        else:
            new = summary.new_articles
            self._refresh_text = _("{total} feeds refreshed, {new} new").format(
                total=num(summary.total), new=num(new))
            if summary.errors:
                self._refresh_text += _(", {n} failed").format(n=num(len(summary.errors)))
            self._errors = list(summary.errors)
            self._failure = None
        self.refresh()

    def say(self, text: str) -> None:
        """A word from the app (offline, no browser), where refresh news goes."""
        self._refresh_text = text
        self._failure = None
        self.refresh()

    def show_feed_error(self, title: str | None, error: str | None) -> None:
        self._feed_error = (title, error) if title and error else None
        self.refresh()

    def show_search(self, text: str | None, count: int | None) -> None:
        self._search, self._search_count = text, count
        self.refresh()

    def redraw(self) -> None:
        self.refresh()

    @property
    def plain(self) -> str:
        return self.render().plain

    def _d(self, text: str) -> str:
        # An Arabic interface draws each span whole (below); English, each piece.
        return text if rtl() else display_text(text, self.mode)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        spans = self._spans()
        for text, style in reversed(spans) if rtl() else spans:
            out.append(ui(text, self.mode), style)
        return out

    def _spans(self) -> list[tuple[str, Style | str]]:
        """The line's pieces in reading order."""
        spans: list[tuple[str, Style | str]] = []
        error = self.get_component_rich_style("status-line--error", partial=True)
        progress = self.get_component_rich_style("status-line--progress", partial=True)
        if self._search is not None:
            found = _("searching…") if self._search_count is None \
                else _("{n} found").format(n=num(self._search_count))
            spans.append((_("search: {query} ({found}, escape clears)").format(
                query=self._d(self._search), found=found), ""))
            spans.append(("  ", ""))
        if self._feed_error:
            title, message = self._feed_error
            spans.append((f"{self._d(title)}: {self._d(message)}", error))
            return spans
        if self._view:
            spans.append((self._view, ""))
            spans.append(("  │  ", ""))
        if self._refresh_text:
            spans.append((self._refresh_text, progress))
        if self._failure:
            spans.append((f": {self._d(self._failure)}", error))
        if self._errors:
            spans.append((" — ", ""))
            spans.append(("; ".join(f"{self._d(e.title)}: {self._d(e.message)}"
                                    for e in self._errors), error))
        return spans
