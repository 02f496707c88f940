"""`?`: every key and what it does, from the same table as the bindings.

In an Arabic interface the table is mirrored: keys in the right column, what
they do to their left, every line right-aligned."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import _, rtl
from tui.keys import KEYS, key_label
from tui.text.bidi import layout
from tui.widgets.mirror import LeftScrollbar, ui


def help_text(mode: str = "on", width: int = 84) -> Text:
    rows: list[tuple[str, str]] = []
    for k in KEYS:
        rows.append((key_label(k.keys), _(k.help)))
        if k.keys.startswith("j/k"):
            rows.append(("", _("in the article: j/k next/previous article, arrows scroll")))
    notes = [_("All of these are also in the command palette (ctrl+p), "
               "where the theme can be changed."),
             _("Mouse: click a feed or a headline; the wheel scrolls."), "",
             _("escape, q or ? closes this help.")]
    if rtl():
        return _mirrored(_("akhbar — keys"), rows, notes, mode, width)
    text = Text(no_wrap=True, end="")
    text.append(_("akhbar — keys") + "\n\n", style="bold")
    for key, what in rows:
        text.append(f"  {key:<10}", style="bold" if key else "")
        text.append(f" {what}\n")
    text.append("\n" + "\n".join(notes))
    return text


def _mirrored(title: str, rows: list[tuple[str, str]], notes: list[str], mode: str,
              width: int) -> Text:
    """Keys at the right edge, what they do to their left; a description too long
    for `width` goes on under itself, never under its key."""
    text = Text(no_wrap=True, end="")
    text.append(ui(title, mode) + "\n\n", style="bold")
    for key, what in rows:
        for i, line in enumerate(layout(what, max(10, width - 13), mode, direction="rtl")
                                 or [""]):
            text.append(line.lstrip(" ") + " ")
            text.append(f"{key if i == 0 else '':>10}  \n", style="bold")
    for note in notes:
        text.append("\n" + "\n".join(line.lstrip(" ") for line in
                                      layout(note, max(10, width), mode, direction="rtl")))
    return text


class HelpScroll(LeftScrollbar, VerticalScroll):
    """The help's box: its scroll bar on the left in an Arabic interface."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
    ]

    def __init__(self) -> None:
        super().__init__(classes="-rtl" if rtl() else None)

    def compose(self) -> ComposeResult:
        with HelpScroll(id="help"):
            yield Static(self._text(), id="help-text")

    def _text(self) -> Text:
        """The table for the box's room: 90 columns, less its border, padding and bar."""
        return help_text(getattr(self.app, "bidi_mode", "on"), min(90, self.app.size.width) - 6)

    def on_resize(self) -> None:
        if rtl():  # the Arabic table is wrapped to the width
            self.query_one("#help-text", Static).update(self._text())
