"""A cursor list drawn with Textual's line API: only the visible rows are built.

Subclasses say how many rows there are and how to draw one row at a given
width; this class owns the cursor, scrolling and the mouse. No widget per row,
so 100,000 rows cost what the 40 on screen cost.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.mirror import LeftScrollbar


class VirtualList(LeftScrollbar, ScrollView, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor(1)", "Next", show=False),
        Binding("k,up", "cursor(-1)", "Previous", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cursor = 0
        self.row_count = 0

    # -- for subclasses --------------------------------------------------------

    def render_row(self, index: int, width: int, selected: bool) -> Strip:
        raise NotImplementedError

    def render_empty(self, y: int, width: int) -> Strip:
        """A line of the view when it has no rows."""
        return Strip.blank(width, self.rich_style)

    def cursor_moved(self, index: int) -> None:
        """The cursor landed on `index` (by key, mouse or program)."""

    def activated(self, index: int) -> None:
        """The row under the cursor was chosen (enter or click)."""

    # -- state -----------------------------------------------------------------

    def set_rows(self, count: int, cursor: int | None = None, top: int | None = None) -> None:
        """Change the number of rows; keep the cursor (clamped) or move it to `cursor`,
        and scroll so that row `top` is the first visible one when given."""
        self.row_count = max(0, count)
        self.virtual_size = Size(self.size.width, self.row_count)
        if cursor is not None:
            self.cursor = cursor
        self.cursor = min(max(0, self.cursor), max(0, self.row_count - 1))
        if top is not None:
            self.scroll_to(y=max(0, top), animate=False, immediate=True)
        self._keep_cursor_visible()
        self.refresh()

    def move_cursor(self, index: int, notify: bool = True) -> None:
        if not self.row_count:
            return
        index = min(max(0, index), self.row_count - 1)
        changed = index != self.cursor
        self.cursor = index
        self._keep_cursor_visible()
        self.refresh()
        if changed and notify:
            self.cursor_moved(index)

    @property
    def top(self) -> int:
        return int(self.scroll_offset.y)

    def _keep_cursor_visible(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = self.top
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    # -- actions and events ----------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor + step)

    def action_cursor_to(self, index: int) -> None:
        self.move_cursor(index if index >= 0 else self.row_count - 1)

    def action_page_down(self) -> None:  # pgdn inside a list pages the cursor
        self.move_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        if self.row_count:
            self.activated(self.cursor)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.top + offset.y
        if 0 <= index < self.row_count:
            self.focus()
            self.move_cursor(index)
            self.activated(index)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.row_count)
        self._keep_cursor_visible()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if not self.row_count:
            return self.render_empty(y, width)
        index = self.top + y
        if index >= self.row_count:
            return Strip.blank(width, self.rich_style)
        return self.render_row(index, width, index == self.cursor).adjust_cell_length(
            width, self.rich_style)


def segments_line(parts: list[tuple[str, Style]], width: int, base: Style) -> Strip:
    """One row from plain (text, style) parts — never markup — cut or padded to width."""
    return Strip([Segment(text, base + style) for text, style in parts if text]).adjust_cell_length(
        width, base)
