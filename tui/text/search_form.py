"""What the search index holds for an article (SPEC §4.8): its title and body text
in the search form. Computed where the article is parsed (a parse worker, so on
both cores) or by the store for what it indexes later (changed articles, full text)."""

from __future__ import annotations

import re
import unicodedata

from tui.text.normalize import normalize, normalize_many
from tui.text.plain import visible_text

SEARCH_BODY_CHARS = 20_000
"""Body text beyond this is not indexed: no article is this long, a hostile feed may be."""


def _accent_folds() -> dict[str, str]:
    """Latin and Greek letters without their accents ("é" → "e"), as FTS5's unicode61
    tokenizer indexed them: "cafe" finds "café" and "ecole" "École"."""
    folds = {}
    for code in (*range(0xC0, 0x250), *range(0x370, 0x400), *range(0x1E00, 0x2000)):
        letter = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", letter)
                       if not unicodedata.combining(c))
        if base and base != letter:
            folds[letter] = base
    return folds


_FOLDS = _accent_folds()
_ACCENTED = re.compile("[" + "".join(_FOLDS) + "]")

# The index's tokenizer is FTS5's `ascii`, at half the cost of unicode61 (#15): it
# splits at ASCII punctuation and space only and keeps every other character. What
# unicode61 did beyond that is done here, the same for every text and query word:
# a character outside ASCII that is neither a letter nor a digit (\w is both, in any
# script) becomes a space, so "«مصر»،" is the word مصر; Latin and Greek letters lose
# their accents. The common Arabic letters come first in the class, before the
# category check: 0.3 ms over a feed's 66 KB of bodies, where the plain class took 0.8.
_SEPARATOR = re.compile(r"[^\x00-\x7f\u0621-\u063a\u0641-\u064a\w]")


def index_form(text: str) -> str:
    """`text` (in the search form) split into words as the index and a query's words
    are: no punctuation, no accents on Latin and Greek letters."""
    # A letter with an accent decomposes: a text already in NFD has none (the check
    # costs a third of the separators' pass; Arabic in the search form passes it).
    if not unicodedata.is_normalized("NFD", text):
        text = _ACCENTED.sub(lambda m: _FOLDS[m.group()], text)
    if "\u0307" in text:  # the dot casefold leaves on Turkish İ: "İstanbul" is one word
        text = text.replace("\u0307", "")
    return _SEPARATOR.sub(" ", text)


def _body(summary: str, content: str, full_text: str = "") -> str:
    """The full article when one was fetched, else the feed's longer text."""
    return visible_text(full_text or (content if len(content or "") >= len(summary or "")
                                      else summary), SEARCH_BODY_CHARS)


def search_fields(title: str, summary: str, content: str,
                  full_text: str = "") -> tuple[str, str]:
    """What the search index holds for an article: normalized title and body text."""
    return (index_form(normalize(title)),
            index_form(normalize(_body(summary, content, full_text))))


def search_fields_many(rows) -> list[tuple[int, str, str]]:
    """(id, `search_fields`) of many (id, title, summary, content, full_text) rows,
    normalized all at once."""
    rows = list(rows)
    titles = normalize_many([r[1] for r in rows])
    bodies = normalize_many([_body(r[2], r[3], r[4]) for r in rows])
    return [(r[0], index_form(t), index_form(b))
            for r, t, b in zip(rows, titles, bodies, strict=True)]
