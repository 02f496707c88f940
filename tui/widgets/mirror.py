"""The interface mirrored for a right-to-left language (SPEC §3): interface words
through the same shape → reorder engine as content, rows drawn right to left.

With an English interface every function here gives back what it was given, so
the English screen is exactly what it was before there was an Arabic one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from tui.i18n import rtl
from tui.text.bidi import cell_width, display_text

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
