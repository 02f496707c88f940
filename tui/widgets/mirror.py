"""The interface mirrored for a right-to-left language (SPEC §3): interface words
through the same shape → reorder engine as content, rows drawn right to left.

With an English interface every function here gives back what it was given, so
the English screen is exactly what it was before there was an Arabic one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from textual.geometry import Region, Spacing
from textual.strip import Strip

from tui.i18n import rtl
from tui.text.bidi import cell_width, display_text

if TYPE_CHECKING:
    from textual.widget import Widget

T = TypeVar("T")


def ui(text: str, mode: str) -> str:
    """An interface string as drawn: in an Arabic interface, shaped and in visual order
    with a right-to-left base ("Enter" inside an Arabic label lands where it belongs);
    mode "off" (the terminal does bidi) keeps it logical."""
    if not rtl() or not text:
        return text
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" "))
    return " " * trail + display_text(text, mode, "rtl") + " " * lead


def row(parts: Sequence[T]) -> list[T]:
    """A row's cells left to right: reversed when the interface reads right to left."""
    return list(reversed(parts)) if rtl() else list(parts)


def align(text: str, width: int) -> str:
    """`text` padded to `width` cells on the side the interface reads from last."""
    pad = " " * max(0, width - cell_width(text))
    return pad + text if rtl() else text + pad


class LeftScrollbar:
    """Mixed into a ScrollView drawn line by line: in an Arabic interface its vertical
    scroll bar stands on the left edge and the lines move right by the bar's width."""

    @property
    def scrollbar_gutter(self) -> Spacing:
        gutter = super().scrollbar_gutter  # type: ignore[misc]
        return Spacing(gutter.top, 0, gutter.bottom, gutter.right) if rtl() else gutter

    def _arrange_scrollbars(self, region: Region) -> Iterable[tuple[Widget, Region]]:
        for bar, area in super()._arrange_scrollbars(region):  # type: ignore[misc]
            if rtl() and area.height > 1 and area.width < region.width:  # the vertical one
                area = Region(region.x, area.y, area.width, area.height)
            yield bar, area

    def __init_subclass__(cls, **kwargs) -> None:
        """A class that draws its own lines gets them moved right past the bar."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("render_line")
        if own is not None:
            def render_line(self, y: int) -> Strip:
                strip = own(self, y)
                bar = self.scrollbar_size_vertical if rtl() else 0
                return Strip.join([Strip.blank(bar, self.rich_style), strip]) if bar else strip

            cls.render_line = render_line  # type: ignore[method-assign]
