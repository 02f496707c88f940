"""ctrl+s in the search box: name the query, and it is saved as a feed (SPEC §2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.i18n import N_, _
from tui.widgets.mirror import ui
from tui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from tui.app import AkhbarApp


class SaveSearch(ModalScreen[str | None]):
    """Asks for the saved search's name; dismisses with it, or None (escape)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]
    DEFAULT_CSS = """
    SaveSearch { align: center middle; }
    SaveSearch > Vertical { width: 60; height: auto; border: round $accent;
                            padding: 0 1; background: $surface; }
    """

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        mode = getattr(self.app, "bidi_mode", "on")
        with Vertical():
            yield Label(ui(_("Save “{query}” as a feed named:").format(query=self.query_text),
                           mode), markup=False)
            box = SearchBox(value=self.query_text, id="name")
            box.mode = mode
            yield box
            yield Label(ui(_("enter to save, escape to cancel"), mode), markup=False)

    @on(Input.Submitted, "#name")
    def _submitted(self, message: Input.Submitted) -> None:
        self.dismiss(message.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def save_search(app: AkhbarApp, name: str, query: str) -> None:
    """Append the search to the feeds file and show it in the feed list."""
    from tui.saved import SaveError, append_search, with_search

    try:
        saved = append_search(app.config.path, name, query)
    except (SaveError, OSError) as e:
        app.notify(_("not saved: {error}").format(error=e), severity="error", markup=False)
        return
    app.config = app.library.config = with_search(app.config, saved)
    app.notify(_("saved “{name}” in {path}").format(name=saved.name, path=app.config.path),
               markup=False)
    app.main.refresh_counts(recount=True)
