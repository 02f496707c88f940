"""`?`: every key and what it does, from the same table as the bindings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import KEYS, key_label


def help_text() -> Text:
    text = Text(no_wrap=True, end="")
    text.append("akhbar — keys\n\n", style="bold")
    for k in KEYS:
        text.append(f"  {key_label(k.keys):<10}", style="bold")
        text.append(f" {k.help}\n")
        if k.keys.startswith("j/k"):
            text.append(f"  {'':<10} in the article: j/k next/previous article, arrows scroll\n")
    text.append("\nAll of these are also in the command palette (ctrl+p), "
                "where the theme can be changed.\n")
    text.append("Mouse: click a feed or a headline; the wheel scrolls.\n")
    text.append("\nescape, q or ? closes this help.")
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_text(), id="help-text")
