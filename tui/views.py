"""What the widgets render and the screen asks for: plain data, no Textual.

`Library` builds `FeedEntry` rows, the pagers give `StoryMark`s, the main
screen holds the `View`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.i18n import _, ngettext, num


@dataclass(frozen=True)
class FeedEntry:
    """One row of the feed list; the app builds them, the list draws them."""

    key: str
    """Stable identity: "all", "starred", "tag:<name>", "feed:<url>" (+ tag for repeats)."""
    label: str
    unread: int = 0
    kind: str = "feed"
    """"all", "starred", "tag", "feed" or "search" (a saved search)."""
    urls: tuple[str, ...] | None = None
    """The feeds this entry shows (None: every feed)."""
    indent: int = 0
    error: str | None = None
    """The feed's last refresh error, in plain words."""


@dataclass(frozen=True)
class StoryMark:
    """Where a row sits when the list is grouped by story."""

    members: int = 1
    """Articles in the story (a story row)."""
    others: int = 0
    """Other feeds that told it."""
    unread: int = 0
    """Unread articles in the story."""
    expanded: bool = False
    """Its other articles are shown under it."""
    child: bool = False
    """The row is one of those other articles."""
    last: bool = False
    """…the last of them."""

    @property
    def label(self) -> str:
        if self.child or self.members < 2:
            return ""
        if self.others:
            return ngettext("+{n} source", "+{n} sources", self.others).format(
                n=num(self.others))
        return _("+{n} more").format(n=num(self.members - 1))


@dataclass(frozen=True)
class View:
    """What the headline list shows."""

    entry: FeedEntry
    unread_only: bool = False
    search: str | None = None
    search_ids: tuple[int, ...] | None = None
    stories: bool = False
    """Grouped by story (`g`): one row per story."""
    show_muted: bool = False
    """The muted articles are shown too, marked (`M`, for a moment)."""
