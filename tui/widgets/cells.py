"""Cells the lists and the article share: a label cut to a width, a relative time."""

from __future__ import annotations

from datetime import datetime

from tui.text.bidi import cell_width, truncate


def age(when: datetime, now: datetime) -> str:
    """Compact relative time: now, 5m, 3h, 2d, else the date."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    if seconds < 7 * 86400:
        return f"{int(seconds // 86400)}d"
    if seconds < 300 * 86400:
        return when.strftime("%d %b")
    return when.strftime("%Y")


def fit(text: str, width: int, mode: str, direction: str | None = None) -> str:
    """A label cut to `width` cells by the text engine, padded on the right if LTR."""
    if width <= 0:
        return ""
    shown = truncate(text, width, mode, direction)
    return shown + " " * max(0, width - cell_width(shown))
