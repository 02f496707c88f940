"""The command palette's entries for the main screen: every key of the table, the
feed picker and each saved search (SPEC §3: all keys are also in the palette), in
the interface's language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import CommandPalette

from tui.i18n import N_, _, rtl
from tui.keys import KEYS
from tui.models import SavedSearch
from tui.widgets.mirror import ui

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


# Textual's own palette entries (App.get_system_commands), named here so that the
# catalogs hold them: the palette speaks one language, ours.
TEXTUAL_WORDS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)


def translated_system(commands: Iterable[SystemCommand], mode: str) -> Iterator[SystemCommand]:
    """Textual's entries in the interface's language (unknown ones as Textual wrote them)."""
    for command in commands:
        yield command._replace(title=ui(_(command.title), mode), help=ui(_(command.help), mode))


def palette(mode: str) -> CommandPalette:
    """Textual's command palette, its prompt in the interface's language."""
    return CommandPalette(placeholder=ui(_("Search for commands…"), mode),
                          id="--command-palette", classes="-rtl" if rtl() else None)


def main_commands(main: MainScreen, searches: Iterable[SavedSearch]) -> Iterator[SystemCommand]:
    app = main.app
    mode = main.akhbar.bidi_mode

    def entry(title: str, help: str, run) -> SystemCommand:
        return SystemCommand(ui(title, mode), ui(help, mode), run)

    yield entry(_("Go to feed or tag…"), _("pick a feed or tag to show [tab when narrow]"),
                lambda: app.call_later(main.action_pick_feed))
    keys: dict[str, list[str]] = {}  # one entry per action: space and pgdn both page
    for k in KEYS:
        if k.action and k.action not in ("quit", "next_pane(1)"):  # tab: see "Go to…"
            keys.setdefault(k.action, []).append(k.keys)
    for k in KEYS:
        if k.action not in keys:
            continue

        def run(action: str = k.action) -> None:
            app.call_later(main.run_action, action)

        yield entry(_(k.title), f"{_(k.help)} [{', '.join(keys.pop(k.action))}]", run)
    for saved in searches:
        def show(key: str = f"search:{saved.name}") -> None:
            app.call_later(main.show_search_entry, key)

        yield entry(_("Saved search: {name}").format(name=saved.name), saved.query, show)
