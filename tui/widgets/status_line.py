"""One line under the panes: refresh progress, per-feed errors, the search, a feed's error."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.models import FeedError, RefreshSummary
from tui.text.bidi import display_text


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
        self._note: tuple[str, bool] | None = None

    def show_view(self, label: str, total: int, unread_only: bool,
                  stories: bool = False) -> None:
        """What the headline list shows, for when nothing else is worth saying."""
        what = "unread" if unread_only else "articles"
        if stories:
            what = "unread stories" if unread_only else "stories"
        self._view = f"{display_text(label, self.mode)} · {total} {what}"
        self.refresh()

    @property
    def errors(self) -> list[FeedError]:
        return list(self._errors)

    def progress(self, done: int, total: int) -> None:
        self._refresh_text = f"refreshing {done}/{total}"
        self._failure = None
        self.refresh()

    def finished(self, summary: RefreshSummary | None, failure: str | None) -> None:
        if summary is None:
            self._refresh_text = "refresh failed"
            self._failure = failure
            self._errors = []
        else:
            new = summary.new_articles
            self._refresh_text = (f"{summary.total} feeds refreshed, {new} new"
                                  + (f", {len(summary.errors)} failed" if summary.errors else ""))
            self._errors = list(summary.errors)
            self._failure = None
        self.refresh()

    def show_feed_error(self, title: str | None, error: str | None) -> None:
        self._feed_error = (title, error) if title and error else None
        self.refresh()

    def show_search(self, text: str | None, count: int | None) -> None:
        self._search, self._search_count = text, count
        self.refresh()

    def show_note(self, text: str | None, error: bool = False) -> None:
        """A line about the open article (its full text being fetched, or why it failed)."""
        self._note = (text, error) if text else None
        self.refresh()

    def redraw(self) -> None:
        self.refresh()

    @property
    def plain(self) -> str:
        return self.render().plain

    def _d(self, text: str) -> str:
        return display_text(text, self.mode)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        error = self.get_component_rich_style("status-line--error", partial=True)
        progress = self.get_component_rich_style("status-line--progress", partial=True)
        if self._search is not None:
            found = "searching…" if self._search_count is None else f"{self._search_count} found"
            out.append(f"search: {self._d(self._search)} ({found}, escape clears)  ")
        if self._note:
            note, is_error = self._note
            out.append(self._d(note), error if is_error else progress)
            return out
        if self._feed_error:
            title, message = self._feed_error
            out.append(f"{self._d(title)}: {self._d(message)}", error)
            return out
        if self._view:
            out.append(self._view + "  │  ")
        if self._refresh_text:
            out.append(self._refresh_text, progress)
        if self._failure:
            out.append(f": {self._d(self._failure)}", error)
        if self._errors:
            out.append(" — ")
            out.append("; ".join(f"{self._d(e.title)}: {self._d(e.message)}"
                                 for e in self._errors), error)
        return out
