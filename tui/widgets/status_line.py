"""One line under the panes: refresh progress, per-feed errors, the search, a feed's error.

Each part is a message of ours with the feed's text (a name, the search) as an
isolate inside it, so the message keeps its own direction: an English message
about an Arabic feed reads left to right with the name shaped and ordered in
place. A line too long for the width is cut with an ellipsis at its logical end.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.i18n import _, ngettext, num, rtl, translated
from tui.models import FeedError, RefreshSummary
from tui.text.bidi import cell_width, display_text, isolate, truncate

SEPARATOR = "  │  "


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
        self.feed_order: tuple[str, ...] = ()
        """The configured feeds' URLs: errors are listed in this order."""
        self._note: tuple[str, bool] | None = None

    def show_view(self, label: str, total: int, unread_only: bool,
                  stories: bool = False) -> None:
        """What the headline list shows, for when nothing else is worth saying."""
        if stories:
            what = ngettext("{n} unread story", "{n} unread stories", total) if unread_only \
                else ngettext("{n} story", "{n} stories", total)
        else:
            what = _("{n} unread") if unread_only \
                else ngettext("{n} article", "{n} articles", total)
        self._view = f"{isolate(label)} · {what.format(n=num(total))}"
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
            self._refresh_text = ngettext("{total} feed refreshed, {new} new",
                                          "{total} feeds refreshed, {new} new",
                                          summary.total).format(total=num(summary.total),
                                                                new=num(new))
            if summary.errors:
                self._refresh_text += ngettext(", {n} failed", ", {n} failed",
                                               len(summary.errors)).format(
                    n=num(len(summary.errors)))
            # In the order of the feeds file, not of which fetch failed first.
            order = {url: i for i, url in enumerate(self.feed_order)}
            self._errors = sorted(summary.errors, key=lambda e: order.get(e.url, len(order)))
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

    def show_note(self, text: str | None, error: bool = False) -> None:
        """A line about the open article (its full text being fetched, or why it failed)."""
        self._note = (text, error) if text else None
        self.refresh()

    def redraw(self) -> None:
        self.refresh()

    @property
    def plain(self) -> str:
        return self.render().plain

    def _parts(self) -> list[tuple[str, str]]:
        """(logical message, component class) in reading order; "" for plain."""
        parts: list[tuple[str, str]] = []
        if self._search is not None:
            found = _("searching…") if self._search_count is None else ngettext(
                "{n} found", "{n} found", self._search_count).format(n=num(self._search_count))
            parts += [(_("search: {query} ({found}, escape clears)").format(
                query=isolate(self._search), found=found), ""), (SEPARATOR, "")]
        if self._note:
            note, is_error = self._note
            return parts + [(note, "status-line--error" if is_error else "status-line--progress")]
        if self._feed_error:
            title, message = self._feed_error
            return parts + [(f"{isolate(title)}: {translated(message)}", "status-line--error")]
        if self._view:
            parts += [(self._view, ""), (SEPARATOR, "")]
        if self._refresh_text:
            parts.append((self._refresh_text, "status-line--progress"))
        if self._failure:
            parts.append((f": {self._failure}", "status-line--error"))
        if self._errors:
            parts.append((" — ", ""))
            parts.append(("; ".join(f"{isolate(e.title)}: {translated(e.message)}"
                                    for e in self._errors),
                          "status-line--error"))
        return parts

    def render(self) -> Text:
        """The parts that fit, the last one cut; an Arabic interface draws them from the
        right (the stylesheet aligns the line right), each part read right to left."""
        direction = "rtl" if rtl() else None
        shown_parts: list[tuple[str, str]] = []
        room = self.content_region.width or 10_000
        for message, component in self._parts():
            style = self.get_component_rich_style(component, partial=True) if component else ""
            if message.strip(" │—") == "":  # a separator: drawn as it is
                shown = message
            else:
                shown = display_text(message, self.mode, direction, isolates=True)
            if cell_width(shown) > room:
                if message.strip(" │—"):
                    shown_parts.append((truncate(message, room, self.mode, direction,
                                                 isolates=True).strip(), style))
                break
            shown_parts.append((shown, style))
            room -= cell_width(shown)
        out = Text(no_wrap=True, end="")
        for shown, style in reversed(shown_parts) if direction else shown_parts:
            out.append(shown, style)
        return out
