"""The search box: an input field drawn by the Arabic engine.

What is typed stays logical (the value searched for); what is drawn is shaped
and in visual order like every other Arabic text, with the cursor on the
letter it stands before in logical order (at the left edge at the end of an
RTL text). Latin-only text, and mode "off", are drawn by Textual's Input.
"""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

from tui.text.cursor import visual_map


class SearchBox(Input):
    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.mode = "on"

    def drawn(self) -> tuple[str, int]:
        """The line drawn for the value and the index of the cursor in it."""
        line, at = visual_map(self.value, self.mode)
        return line, at[self.cursor_position]

    def render_line(self, y: int) -> Strip:
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
