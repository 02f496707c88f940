"""The feed list: All, Starred, then feeds grouped by tag, each with its unread count."""

from __future__ import annotations

from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tui.views import FeedEntry
from tui.widgets.cells import fit
from tui.widgets.virtual_list import VirtualList, segments_line

ERROR_MARK = "!"


class FeedList(VirtualList):
    COMPONENT_CLASSES = {
        "feed-list--cursor",
        "feed-list--cursor-blur",
        "feed-list--count",
        "feed-list--tag",
        "feed-list--error",
    }
    BINDINGS = [Binding("enter", "select", "Show", show=False)]

    class Highlighted(Message):
        def __init__(self, entry: FeedEntry) -> None:
            super().__init__()
            self.entry = entry

    class Chosen(Message):
        def __init__(self, entry: FeedEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[FeedEntry] = []
        self.mode = "on"

    def show(self, entries: list[FeedEntry], keep_key: str | None = None) -> None:
        """New entries (counts changed); the cursor stays on the entry with `keep_key`."""
        self.entries = entries
        cursor = next((i for i, e in enumerate(entries) if e.key == keep_key), None)
        self.set_rows(len(entries), cursor=cursor)

    @property
    def current(self) -> FeedEntry | None:
        return self.entries[self.cursor] if self.entries else None

    def cursor_moved(self, index: int) -> None:
        self.post_message(self.Highlighted(self.entries[index]))

    def activated(self, index: int) -> None:
        self.post_message(self.Chosen(self.entries[index]))

    def render_row(self, index: int, width: int, selected: bool) -> Strip:
        entry = self.entries[index]

        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        base = self.rich_style
        if selected:
            base = base + style("feed-list--cursor" if self.has_focus else "feed-list--cursor-blur")
        count = str(entry.unread) if entry.unread else ""
        mark = ERROR_MARK if entry.error else " "
        label_width = max(1, width - entry.indent - 2 - len(count) - 1)
        label_style = style("feed-list--tag") if entry.kind in ("tag", "all", "starred") \
            else Style()
        parts: list[tuple[str, Style]] = [
            (" " * entry.indent, Style()),
            (mark, style("feed-list--error")),
            (" ", Style()),
            (fit(entry.label, label_width, self.mode), label_style),
            (" ", Style()),
            (count, style("feed-list--count")),
        ]
        return segments_line(parts, width, base)
