"""What an input field draws for Arabic as it is typed, and where its cursor goes:
the engine of tui.text.bidi applied one cluster at a time, so every logical cursor
position has a cell."""

from __future__ import annotations

import re

from bidi.mirror import MIRRORED

from .bidi import _ARABIC, _HARAKAT, _RTL, _levels, base_direction
from .clean import strip_controls
from .shape import shape_clusters

_TOKENS = re.compile(r"\S+|\s+")


def visual_map(text: str, mode: str = "on") -> tuple[str, list[int]]:
    """What an input field draws for `text` as typed, and where its cursor goes.

    Returns the drawn line (shaped and in visual order, as `display_text`
    draws it, one line, nothing dropped but harakat) and, for each logical
    cursor position 0…len(text), the index in that line the cursor is drawn on. The end of
    an RTL text is its left edge, so such a line starts with one blank cell
    for the cursor there. The text itself stays logical: only drawing changes.
    """
    clusters: list[tuple[int, int, str]] = []  # logical start, end, drawn
    at = 0
    for m in _TOKENS.finditer(text):
        token = m.group()
        pieces = (shape_clusters(token) if mode != "off" and _ARABIC.search(token)
                  else [(c, c) for c in token])
        for logical, drawn in pieces:
            drawn = _HARAKAT.sub("", drawn) if _HARAKAT.search(drawn) else drawn
            clusters.append((at, at + len(logical), strip_controls(drawn).replace("\t", " ")))
            at += len(logical)
    base = base_direction(text)
    if mode == "off" or not _RTL.search(text):
        order = list(range(len(clusters)))
    else:
        try:
            levels = [ord(x) - 48 for x in _levels(text, "R" if base == "rtl" else "L")]
        except Exception:  # noqa: BLE001 - draw it logical rather than not at all
            levels = [0] * len(text)
        level = [levels[start] for start, _, _ in clusters]
        clusters = [(s, e, MIRRORED.get(d, d) if level[i] & 1 else d)
                    for i, (s, e, d) in enumerate(clusters)]
        order = _l2_order(level)
    lead = 1 if base == "rtl" and mode != "off" else 0
    cells = [0] * (len(text) + 1)
    col = lead
    drawn_line = " " * lead
    for i in order:
        start, end, drawn = clusters[i]
        for p in range(start, end):
            cells[p] = col
        drawn_line += drawn
        col += len(drawn)
    cells[len(text)] = 0 if lead else col
    return drawn_line, cells


def _l2_order(levels: list[int]) -> list[int]:
    """UAX #9 L2 over a list of levels: the visual order of their indices."""
    order = list(range(len(levels)))
    odd = [x for x in levels if x & 1]
    if not odd:
        return order
    lv = list(levels)
    for level in range(max(levels), min(odd) - 1, -1):
        i = 0
        while i < len(lv):
            if lv[i] >= level:
                j = i
                while j < len(lv) and lv[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                lv[i:j] = lv[i:j][::-1]
                i = j
            else:
                i += 1
    return order
