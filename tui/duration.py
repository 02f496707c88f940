"""Durations as users write them (`90m`, `24h`, `7d`, `2w`): one parser for
`--since` and the search filter `since:`."""

from __future__ import annotations

import re
from datetime import timedelta

from tui.i18n import _

__all__ = ["parse_duration"]

_DURATION = re.compile(r"(-?)(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_LONGEST = timedelta(days=36525)
"""A hundred years: anything longer would count back past what a date can hold."""


def parse_duration(text: str | None) -> timedelta:
    """The timedelta `text` spells; ValueError with a one-line reason otherwise."""
    m = _DURATION.fullmatch((text or "").strip().lower())
    if not m:
        raise ValueError(_("invalid duration {text}: use a number and m, h, d or w, "
                           "e.g. 90m, 24h, 7d").format(text=repr(text)))
    sign, n, unit = m.groups()
    if sign:
        raise ValueError(_("invalid duration {text}: it counts back from now, so write "
                           "{duration}").format(text=repr(text), duration=f"{n}{unit}"))
    if int(n) > _LONGEST / timedelta(**{_UNITS[unit]: 1}):
        raise ValueError(_("invalid duration {text}: longer than 100 years").format(
            text=repr(text)))
    return timedelta(**{_UNITS[unit]: int(n)})
