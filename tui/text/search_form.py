"""What the search index holds for an article (SPEC §4.8): its title and body text
in the search form. Computed where the article is parsed (a parse worker, so on
both cores) or by the store for what it indexes later (changed articles, full text)."""

from __future__ import annotations

from tui.text.normalize import normalize, normalize_many
from tui.text.plain import visible_text

SEARCH_BODY_CHARS = 20_000
"""Body text beyond this is not indexed: no article is this long, a hostile feed may be."""


def _body(summary: str, content: str, full_text: str = "") -> str:
    """The full article when one was fetched, else the feed's longer text."""
    return visible_text(full_text or (content if len(content or "") >= len(summary or "")
                                      else summary), SEARCH_BODY_CHARS)


def search_fields(title: str, summary: str, content: str,
                  full_text: str = "") -> tuple[str, str]:
    """What the search index holds for an article: normalized title and body text."""
    return normalize(title), normalize(_body(summary, content, full_text))


def search_fields_many(rows) -> list[tuple[int, str, str]]:
    """(id, `search_fields`) of many (id, title, summary, content, full_text) rows,
    normalized all at once."""
    rows = list(rows)
    titles = normalize_many([r[1] for r in rows])
    bodies = normalize_many([_body(r[2], r[3], r[4]) for r in rows])
    return [(r[0], t, b) for r, t, b in zip(rows, titles, bodies, strict=True)]
