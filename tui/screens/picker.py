"""Go to a feed or tag: the feed list over the screen, at any width.

Under 100 columns the main screen has no room for the feed list, so `tab`
(and the palette's "Go to feed or tag…") shows it here. It returns the entry
chosen, or None when closed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import _, rtl
from tui.views import FeedEntry
from tui.widgets.feed_list import FeedList
from tui.widgets.mirror import ui


class FeedPicker(ModalScreen[FeedEntry | None]):
    BINDINGS = [
        Binding("escape,tab,shift+tab,q", "dismiss(None)", "Close", show=True),
    ]

    def __init__(self, entries: list[FeedEntry], current: str | None, mode: str) -> None:
        super().__init__(classes="-rtl" if rtl() else None)
        self.entries = entries
        self.current = current
        self.mode = mode

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(ui(_("Go to feed or tag — enter shows it, escape closes"), self.mode),
                         id="picker-title", markup=False)
            yield FeedList(id="picker-list")

    def on_mount(self) -> None:
        feeds = self.query_one(FeedList)
        feeds.mode = self.mode
        feeds.show(self.entries, keep_key=self.current)
        feeds.focus()

    @on(FeedList.Highlighted)
    def _highlighted(self, message: FeedList.Highlighted) -> None:
        message.stop()  # browsing the list changes nothing until enter

    @on(FeedList.Chosen)
    def _chosen(self, message: FeedList.Chosen) -> None:
        message.stop()
        self.dismiss(message.entry)
