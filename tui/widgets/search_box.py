"""The search box: an input field drawn by the Arabic engine.

What is typed stays logical (the value searched for); what is drawn is shaped
and in visual order like every other Arabic text, with the cursor on the
letter it stands before in logical order (at the left edge at the end of an
RTL text). Latin-only text, and mode "off", are drawn by Textual's Input.
In an Arabic interface the line (the placeholder too) stands at the right edge
while it fits, as an Arabic form field does.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

from tui.i18n import rtl
from tui.text.cursor import visual_map


class SearchBox(Input):
    def __init__(self, *, placeholder: str = "", value: str = "",
                 id: str | None = None) -> None:
        super().__init__(value=value, placeholder=placeholder, id=id)
        self.mode = "on"
        self.right_aligned = rtl()
        """The line stands at the right edge (an Arabic interface)."""

    def drawn(self) -> tuple[str, int]:
        """The line drawn for the value and the index of the cursor in it."""
        line, at = visual_map(self.value, self.mode)
        return line, at[self.cursor_position]

    def render_line(self, y: int) -> Strip:
        strip = self._line(y)
        return _to_the_right(strip) if self.right_aligned and y == 0 else strip

    def _line(self, y: int) -> Strip:
        line, cursor = self.drawn() if self.value else ("", 0)
        if y != 0 or line == self.value:  # nothing to shape or reorder
            return super().render_line(y)
        text = Text(line, no_wrap=True, overflow="ignore", end="")
        if self.has_focus and self._cursor_visible:
            if cursor >= len(line):
                text.pad_right(1)
            text.stylize(self.get_component_rich_style("input--cursor"), cursor, cursor + 1)
        width = self.scrollable_content_region.width
        segments = self.app.console.render(text, self.app.console_options.update_width(width + 1))
        strip = Strip(list(segments)).crop(0, width + 1).extend_cell_length(width + 1)
        return strip.apply_style(self.rich_style)


def _to_the_right(strip: Strip) -> Strip:
    """The same line with its trailing blank cells (but the hidden last) moved to its left."""
    segments = list(strip)
    if not segments:
        return strip
    pad_style, pad = segments[-1].style, 0
    while segments and segments[-1].style == pad_style and not segments[-1].text.strip(" "):
        pad += segments.pop().cell_length
    if segments and segments[-1].style == pad_style and segments[-1].text.endswith(" "):
        last = segments.pop()  # text and blanks in one segment: keep the text
        kept = last.text.rstrip(" ")
        pad += len(last.text) - len(kept)
        segments.append(Segment(kept, last.style, last.control))
    if pad < 2 or not segments:
        return strip
    # Input draws one cell more than it shows (room for the cursor after the text).
    return Strip([Segment(" " * (pad - 1), pad_style), *segments, Segment(" ", pad_style)],
                 strip.cell_length)
