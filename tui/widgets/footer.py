"""The footers: Textual's, composed again only when the keys it shows change
(`KeysFooter`), and the Arabic interface's: keys right-aligned, read from the
right, each key to the right of its Arabic label; the command palette's key at
the left edge (`MirroredFooter`)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.i18n import N_

N_("palette")  # Textual's description of ctrl+p, translated with the screen's keys


class MirroredFooterKey(FooterKey):
    def render(self) -> Text:
        text = Text.assemble(
            (f" {self.description}" if self.description else "",
             self.get_component_rich_style("footer-key--description")),
            (f" {self.key_display} ", self.get_component_rich_style("footer-key--key")))
        text.stylize_before(self.rich_style)
        return text


class KeysFooter(Footer):
    """Textual's footer, composed again only when what it would show has changed.

    Focus, the screen stack and each resize announce new bindings, seven times
    while the reader starts, and Textual's footer mounts and styles every key
    anew each time: 70 keys, a sixth of the first screen's CPU. Most of those
    announcements change nothing the footer shows."""

    _shown: tuple | None = None

    def _what_it_shows(self) -> tuple:
        return (self._bindings_ready, self.show_command_palette, tuple(
            (key, b.key, b.key_display, b.description, b.action, b.show, b.group, enabled,
             tooltip) for key, (_, b, enabled, tooltip) in self.screen.active_bindings.items()))

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self._what_it_shows()
        if shown != self._shown:
            self._shown = shown
            await super().recompose()


class MirroredFooter(KeysFooter):
    DEFAULT_CSS = """
    MirroredFooter {
        align-horizontal: right;
        FooterKey.-command-palette {
            dock: left;
            border-left: none;
            border-right: vkey $foreground 20%;
            padding-right: 0;
            padding-left: 1;
        }
    }
    """

    def compose(self) -> ComposeResult:
        keys = [k for k in super().compose() if isinstance(k, FooterKey)]
        for k in reversed(keys):
            yield MirroredFooterKey(k.key, k.key_display, k.description, k.action,
                                    disabled=k._disabled, tooltip=str(k.tooltip or ""),
                                    classes=" ".join(k.classes))
