"""The feed list: All, Starred, then feeds grouped by tag, each with its unread count.

Two feeds whose names would be cut to the same text at this width show where
they differ instead: "Al Jaz…World News" / "Al Jaz…Middle East".
"""

from __future__ import annotations

from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tui.i18n import num, rtl
from tui.text.bidi import cell_width
from tui.views import FeedEntry
from tui.widgets.cells import fit
from tui.widgets.mirror import row
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
        self._labels: tuple[tuple[int, str, int], list[str]] | None = None
        """(width, mode, row count) → each row's label as drawn."""

    def show(self, entries: list[FeedEntry], keep_key: str | None = None) -> None:
        """New entries (counts changed); the cursor stays on the entry with `keep_key`."""
        self.entries = entries
        self._labels = None
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
        count = num(entry.unread) if entry.unread else ""
        mark = ERROR_MARK if entry.error else " "
        label_style = style("feed-list--tag") if entry.kind in ("tag", "all", "starred") \
            else Style()
        parts: list[tuple[str, Style]] = [
            (" " * entry.indent, Style()),
            (mark, style("feed-list--error")),
            (" ", Style()),
            (self._drawn_labels(width)[index], label_style),
            (" ", Style()),
            (count, style("feed-list--count")),
        ]
        return segments_line(row(parts), width, base)

    def _drawn_labels(self, width: int) -> list[str]:
        """Every row's label fitted to `width`; feeds that would look the same show the
        part where their names differ (computed once per width, not per row)."""
        key = (width, self.mode, len(self.entries))
        if self._labels is not None and self._labels[0] == key:
            return self._labels[1]
        widths = [_label_width(e, width) for e in self.entries]
        drawn = [fit(e.label, w, self.mode, end=rtl())
                 for e, w in zip(self.entries, widths, strict=True)]
        same: dict[str, list[int]] = {}
        for i, e in enumerate(self.entries):
            if e.kind == "feed":
                same.setdefault(drawn[i], []).append(i)
        for rows in same.values():
            labels = {self.entries[i].label for i in rows}
            if len(labels) < 2:
                continue  # one feed listed under two tags, or truly the same name
            for i in rows:
                label = self.entries[i].label
                start = max(_common_prefix(label, other) for other in labels - {label})
                drawn[i] = fit(_elide_to(label, start, widths[i]), widths[i], self.mode,
                               end=rtl())
        self._labels = (key, drawn)
        return drawn


def _label_width(entry: FeedEntry, width: int) -> int:
    count = len(str(entry.unread)) if entry.unread else 0
    return max(1, width - entry.indent - 2 - count - 1)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _elide_to(label: str, start: int, width: int) -> str:
    """`label` with its middle elided so that what follows `start` (where it differs
    from a look-alike) is in view: "Al Jaz…World News"."""
    tail = label[start:].strip()
    head = label[:max(0, width - 1 - cell_width(tail))].rstrip()
    return f"{head}…{tail}" if head else f"…{tail}"
