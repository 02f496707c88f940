"""ctrl+s in the search box: name the query, and it is saved as a feed (SPEC §2)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


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
