"""ctrl+s in the search box: name the query, and it is saved as a feed (SPEC §2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

if TYPE_CHECKING:
    from tui.app import AkhbarApp


class SaveSearch(ModalScreen[str | None]):
    """Asks for the saved search's name; dismisses with it, or None (escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    SaveSearch { align: center middle; }
    SaveSearch > Vertical { width: 60; height: auto; border: round $accent;
                            padding: 0 1; background: $surface; }
    """

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Save “{self.query_text}” as a feed named:", markup=False)
            yield Input(value=self.query_text, id="name")
            yield Label("enter to save, escape to cancel", markup=False)

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
        app.notify(f"not saved: {e}", severity="error", markup=False)
        return
    app.config = app.library.config = with_search(app.config, saved)
    app.notify(f"saved “{saved.name}” in {app.config.path}", markup=False)
    app.main.refresh_counts(recount=True)
