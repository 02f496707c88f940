"""Dates and relative ages in the interface's language and digits (no Textual).

Short ages fit the headline list's time column ("3h" / "٣ س"); long ones are for
the detail pane ("3 hours ago" / "منذ ٣ ساعات"). Month names come from the
catalog, so Arabic gets يناير… rather than the C locale's "Jan".
"""

from __future__ import annotations

from datetime import datetime

from tui.i18n import N_, _, language, ngettext, num

MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
          N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


def day_month(when: datetime) -> str:
    """"05 Mar" / "٠٥ مارس"."""
    return _("{day} {month}").format(day=num(f"{when.day:02d}"), month=_(MONTHS[when.month - 1]))


def year(when: datetime) -> str:
    return num(when.strftime("%Y"))


def full_date(when: datetime) -> str:
    """"2026-03-05" in English, as it always read; Arabic names the month, as Arabic
    news sites do: "5 مارس 2026"."""
    if language() == "en":
        return num(when.strftime("%Y-%m-%d"))
    return _("{day} {month} {year}").format(day=num(when.day), month=_(MONTHS[when.month - 1]),
                                            year=num(when.year))


def stamp(when: datetime) -> str:
    """The full time of the detail pane: "2026-03-05 14:30 UTC"."""
    return _("{date} {time} UTC").format(date=full_date(when),
                                         time=num(when.strftime("%H:%M")))


def age(when: datetime, now: datetime) -> str:
    """Compact relative time in at most 6 cells (English): now, 5m, 3h, 2d, else the
    date: `05 Sep` this year, `Sep'24` in another (the year always shows)."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return _("now")
    if seconds < 3600:
        return _("{n}m").format(n=num(int(seconds // 60)))
    if seconds < 86400:
        return _("{n}h").format(n=num(int(seconds // 3600)))
    if seconds < 7 * 86400:
        return _("{n}d").format(n=num(int(seconds // 86400)))
    if when.year == now.year:
        return day_month(when)
    return _("{month}'{year}").format(month=_(MONTHS[when.month - 1]),
                                      year=num(f"{when.year % 100:02d}"))


def ago(when: datetime, now: datetime) -> str:
    """How long ago, for the article's header next to its full date: 2d, 3w, 5mo, 2y."""
    days = (now - when).total_seconds() / 86400
    if days < 7:
        return age(when, now)
    if days < 60:
        n = int(days // 7)
        return ngettext("{n}w", "{n}w", n).format(n=num(n))  # Arabic: أسبوعان, ٣ أسابيع
    if days < 365:
        n = int(days // 30.44)
        return ngettext("{n}mo", "{n}mo", n).format(n=num(n))
    n = int(days // 365.25)
    return ngettext("{n}y", "{n}y", n).format(n=num(n))


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
