"""Cells the lists and the article share: a label cut to a width, a relative time."""

from __future__ import annotations

from tui.dates import age, ago  # noqa: F401 - the lists' and the article's relative time
from tui.text.bidi import cell_width, truncate


def fit(text: str, width: int, mode: str, direction: str | None = None,
        end: bool = False) -> str:
    """A label cut to `width` cells by the text engine, padded on the right if LTR;
    `end`: pushed to the right edge whatever its direction (a mirrored row)."""
    if width <= 0:
        return ""
    shown = truncate(text, width, mode, direction)
    if end:
        shown = shown.lstrip(" ")
        return " " * max(0, width - cell_width(shown)) + shown
    return shown + " " * max(0, width - cell_width(shown))
