"""The footer of an Arabic interface: keys right-aligned, read from the right, each
key to the right of its Arabic label; the command palette's key at the left edge.
The English interface keeps Textual's own `Footer`."""

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


class MirroredFooter(Footer):
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
