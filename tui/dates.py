"""Dates and relative ages in the interface's language and digits (no Textual).

Short ages fit the headline list's time column ("3h" / "٣ س"); long ones are for
the detail pane ("3 hours ago" / "منذ ٣ ساعات"). Month names come from the
catalog, so Arabic gets يناير… rather than the C locale's "Jan".
"""

from __future__ import annotations

from datetime import datetime

from tui.i18n import N_, _, ngettext, num

MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
          N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


def day_month(when: datetime) -> str:
    """"05 Mar" / "٠٥ مارس"."""
    return _("{day} {month}").format(day=num(f"{when.day:02d}"), month=_(MONTHS[when.month - 1]))


def year(when: datetime) -> str:
    return num(when.strftime("%Y"))


def stamp(when: datetime) -> str:
    """The full time of the detail pane: "2026-03-05 14:30 UTC"."""
    return _("{date} {time} UTC").format(date=num(when.strftime("%Y-%m-%d")),
                                         time=num(when.strftime("%H:%M")))


def age(when: datetime, now: datetime) -> str:
    """Compact relative time: now, 5m, 3h, 2d, else the date."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return _("now")
    if seconds < 3600:
        return _("{n}m").format(n=num(int(seconds // 60)))
    if seconds < 86400:
        return _("{n}h").format(n=num(int(seconds // 3600)))
    if seconds < 7 * 86400:
        return _("{n}d").format(n=num(int(seconds // 86400)))
    if seconds < 300 * 86400:
        return day_month(when)
    return year(when)


def long_age(when: datetime, now: datetime) -> str:
    """"3 hours ago" / "منذ ٣ ساعات"; a week or older: the date."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        n = int(seconds // 60)
        return ngettext("{n} minute ago", "{n} minutes ago", n).format(n=num(n))
    if seconds < 86400:
        n = int(seconds // 3600)
        return ngettext("{n} hour ago", "{n} hours ago", n).format(n=num(n))
    if seconds < 7 * 86400:
        n = int(seconds // 86400)
        return ngettext("{n} day ago", "{n} days ago", n).format(n=num(n))
    return day_month(when) if seconds < 300 * 86400 else year(when)
