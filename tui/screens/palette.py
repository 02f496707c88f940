"""The reader's entries in the command palette (ctrl+p), from the key table, in the
interface's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tui.i18n import _
from tui.keys import KEYS
from tui.widgets.mirror import ui

if TYPE_CHECKING:
    from tui.app import AkhbarApp


def reader_commands(app: AkhbarApp) -> Iterable[SystemCommand]:
    mode = app.bidi_mode

    def entry(title: str, help: str, run) -> SystemCommand:
        return SystemCommand(ui(title, mode), ui(help, mode), run)

    yield entry(_("Go to feed or tag…"), _("pick a feed or tag to show [tab when narrow]"),
                lambda: app.call_later(app.main.action_pick_feed))
    keys: dict[str, list[str]] = {}  # one entry per action: space and pgdn both page
    for k in KEYS:
        if k.action and k.action not in ("quit", "next_pane(1)"):  # tab: see "Go to…"
            keys.setdefault(k.action, []).append(k.keys)
    for k in KEYS:
        if k.action not in keys:
            continue
        action = k.action

        def run(action: str = action) -> None:
            app.call_later(app.main.run_action, action)

        yield entry(_(k.title), f"{_(k.help)} [{', '.join(keys.pop(action))}]", run)
