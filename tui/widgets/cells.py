"""Cells the lists and the article share: a label cut to a width, a relative time."""

from __future__ import annotations

from datetime import datetime

from tui.text.bidi import cell_width, truncate


def age(when: datetime, now: datetime) -> str:
    """Compact relative time in at most 6 cells: now, 5m, 3h, 2d, else the
    date: `05 Sep` this year, `Sep'24` in another (the year always shows)."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    if seconds < 7 * 86400:
        return f"{int(seconds // 86400)}d"
    if when.year == now.year:
        return when.strftime("%d %b")
    return when.strftime("%b'%y")


def ago(when: datetime, now: datetime) -> str:
    """How long ago, for the article's header next to its full date: 2d, 3w, 5mo, 2y."""
    days = (now - when).total_seconds() / 86400
    if days < 7:
        return age(when, now)
    if days < 60:
        return f"{int(days // 7)}w"
    if days < 365:
        return f"{int(days // 30.44)}mo"
    return f"{int(days // 365.25)}y"


def fit(text: str, width: int, mode: str, direction: str | None = None) -> str:
    """A label cut to `width` cells by the text engine, padded on the right if LTR."""
    if width <= 0:
        return ""
    shown = truncate(text, width, mode, direction)
    return shown + " " * max(0, width - cell_width(shown))
