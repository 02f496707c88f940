"""A cleaned article body: what html.py produces and clean.lead() reads.

Lives in its own module so that clean.py (which html.py uses) can take a Body
without a circular import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCK_KINDS = frozenset({"p", "h", "li", "quote", "pre"})


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit of an article, in logical order, NFC, no controls."""

    kind: str
    """"p" paragraph, "h" heading, "li" list item, "quote" block quote, "pre" preformatted."""
    text: str
    """Logical text. Inline links appear as "[n]" after their text; n indexes Body.links from 1."""
    trailer: bool = False
    """True for "read also" / related / tags / source blocks and all that follows a trailer
    heading: shown in the full article, never in a digest lead."""


@dataclass(frozen=True, slots=True)
class Body:
    """An article body as blocks plus its numbered links."""

    blocks: tuple[Block, ...] = ()
    links: tuple[str, ...] = field(default=())
    """http(s) URLs; the text reference "[1]" is links[0]."""

    @property
    def text(self) -> str:
        """Plain logical text, blocks separated by blank lines (for storage or export)."""
        return "\n\n".join(b.text for b in self.blocks)
