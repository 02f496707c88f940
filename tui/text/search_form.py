"""What the search index holds for an article (SPEC §4.8): its title and body text
in the search form. Computed where the article is parsed (a parse worker, so on
both cores) or by the store for what it indexes later (changed articles, full text)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence

from tui.text.normalize import JOIN, fold, normalize, normalize_many
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
    folded all at once."""
    rows = list(rows)
    titles = search_forms([r[1] for r in rows])
    bodies = search_forms([_body(r[2], r[3], r[4]) for r in rows])
    return [(r[0], t, b) for r, t, b in zip(rows, titles, bodies, strict=True)]


def search_forms(texts: Sequence[str | None]) -> list[str]:
    """`[index_form(normalize(t)) for t in texts]`, most of it over bytes (#15).

    A text is cut at the space before and after each word holding a character the byte
    table lacks: the search form of `a + " " + b` is that of `a` and of `b` joined by a
    space, or the one that is not empty (a space neither composes under NFKC nor
    changes, and normalize splits at it). The words go the plain way, the rest by bytes;
    a text with many such words (another script) goes the plain way whole."""
    texts = [t or "" for t in texts]
    forms = _byte_forms(texts)
    if forms is not None:
        return forms
    pieces: list[str] = []  # all the byte path folds, once
    layouts: list[list[int | str | None] | None] = []
    whole: list[str] = []  # texts the plain way, whole
    for text in texts:
        layout = _layout(text, pieces)
        layouts.append(layout)
        if layout is None:
            whole.append(text)
    folded = [form or None for form in _byte_forms(pieces) or []]
    plain = iter(index_form(t) for t in normalize_many(whole))
    return [next(plain) if layout is None
            else " ".join(form for form in (folded[p] if isinstance(p, int) else p
                                            for p in layout) if form is not None)
            for layout in layouts]


def _layout(text: str, pieces: list[str]) -> list[int | str | None] | None:
    """`text` as its pieces in order: the index in `pieces` of each run the byte path
    folds (appended there), the search form of each word it cannot fold (None where
    normalize leaves nothing of it). None for a text with too many such words."""
    layout: list[int | str | None] = []
    start = 0
    match = _OUTSIDE.search(text)
    while match:
        if len(layout) > 32:
            return None
        space = text.rfind(" ", start, match.start())
        end = text.find(" ", match.start())
        end = len(text) if end < 0 else end
        if space >= 0:
            layout.append(len(pieces))
            pieces.append(text[start:space])
        # What normalize leaves nothing of is skipped, not what index_form empties
        # (a lone U+0307): its spaces stay. The byte path empties only the former.
        word = normalize(text[space + 1 if space >= 0 else start:end])
        layout.append(index_form(word) if word else None)
        start = end + 1
        match = _OUTSIDE.search(text, start)
    layout.append(len(pieces))
    pieces.append(text[start:])
    return layout


# -- The byte path ----------------------------------------------------------------
# A feed's text is nearly all in a few hundred characters: ASCII, the Arabic letters,
# marks and digits, common punctuation. None of them composes with another under NFKC
# (tests/unit/test_search_form.py tries every pair), so each has one search form
# wherever it stands: nothing (a mark), a space to fold with its neighbours (white
# space), a space of its own (punctuation: index_form's) or the same few characters.
# A text of only these is encoded one byte a character by a charmap codec of our own,
# mapped by one bytes.translate, its runs of spaces folded by one split, and decoded:
# search_fields_many took 3.2 ms a bench feed on str, 1.1 this way (half of it is
# visible_text).
_CANDIDATES = (
    "\x00\t\n\x0b\x0c\r" + "".join(map(chr, range(0x20, 0x7F))) + JOIN
    + "\u060c\u061b\u061f" + "".join(map(chr, (*range(0x0621, 0x063B), *range(0x0640, 0x0653))))
    + "".join(map(chr, range(0x0660, 0x066D))) + "\u0670\u0671\u067e\u0686\u0698\u06a4"
    + "\u06a9\u06af\u06be\u06c1\u06cc\u06d2\u06d4\u06d5"
    + "".join(map(chr, range(0x06F0, 0x06FA)))
    # invisible format characters (dropped), spaces
    + "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    + "\u2060\u2066\u2067\u2068\u2069\ufeff\u00a0\u2009\u202f"
    # punctuation and symbols
    + "\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00b0\u00b2"
    + "\u00b3\u00b9\u00d7\u00f7\u20ac\u00a3\u00a9\u00ae\u00b7\u2122\u00a7\ufdfa\ufdf2"
    # Latin letters of names in Arabic news
    + "\u00e0\u00e1\u00e2\u00e4\u00e7\u00e8\u00e9\u00ea\u00eb\u00ee\u00ef\u00f1"
    + "\u00f3\u00f4\u00f6\u00fa\u00fb\u00fc\u00c7\u00c9\u00d6\u00dc\u00df"
)


def _byte_tables():
    """The codec's 256 characters, what bytes.translate maps and drops, the byte of
    index_form's own spaces and the bytes that stand for more than one character."""
    forms = {}
    for char in dict.fromkeys(_CANDIDATES):
        form = fold(fold(char).casefold())
        if char == JOIN:
            forms[char] = char
        elif form == "" or form.isspace():
            forms[char] = form and "\n"  # white space, to fold with its neighbours
        elif form == " ".join(form.split()):
            forms[char] = index_form(form)
    chars = list(forms)
    assert len(chars) <= 256 and all(c in forms for f in forms.values() for c in f if c != " ")
    ascii_kept = [c for c in chars if ord(c) < 0x80]
    free = [b for b in range(256) if chr(b) not in ascii_kept]
    byte = {c: ord(c) for c in ascii_kept}
    byte.update(zip([c for c in chars if ord(c) >= 0x80], free, strict=False))
    decoding = ["\ufffe"] * 256
    for c, b in byte.items():
        decoding[b] = c
    separator = byte[next(c for c in chars if forms[c] == " " and not c.isspace())]
    table, drop, wider = list(range(256)), [], {}
    for c, form in forms.items():
        if form == "":
            drop.append(byte[c])
        elif form == "\n":
            table[byte[c]] = ord(" ")
        elif form == " ":
            table[byte[c]] = separator
        elif len(form) == 1:
            table[byte[c]] = byte[form]
        else:
            wider[bytes([byte[c]])] = bytes(byte[f] if f != " " else 32 for f in form)
    decoding = "".join(decoding)
    outside = re.compile("[^" + "".join(re.escape(c) for c in chars if c != JOIN) + "]")
    return (codecs.charmap_build(decoding), decoding, bytes(table), bytes(drop),
            bytes([separator]), wider, outside)


def _byte_forms(texts: list[str]) -> list[str] | None:
    """`search_forms(texts)` when the byte table holds all their characters, else None."""
    if not texts:
        return []
    try:
        data = codecs.charmap_encode(JOIN.join(texts), "strict", _ENCODING)[0]
    except UnicodeEncodeError:
        return None
    data = data.translate(_TABLE, _DROP)
    # Runs of spaces folded: one split at each pair (bytes.replace of a pair rescans
    # the bytes once for each halving of the longest run); a piece holds no pair, at
    # most one space ahead of it, left over from a run of odd length.
    data = b" ".join([piece for part in data.split(b"  ") if (piece := part.lstrip(b" "))])
    parts = data.split(_JOIN_BYTE)
    if len(parts) != len(texts):
        return None  # the join character in a text
    data = _JOIN_BYTE.join([part.strip(b" ") for part in parts])
    data = data.replace(_SEPARATOR_BYTE, b" ")  # index_form's spaces, after the folding
    for byte, wider in _WIDER.items():
        if byte in data:
            data = data.replace(byte, wider)
    return codecs.charmap_decode(data, "strict", _DECODING)[0].split(JOIN)


(_ENCODING, _DECODING, _TABLE, _DROP, _SEPARATOR_BYTE, _WIDER,
 _OUTSIDE) = _byte_tables()
_JOIN_BYTE = codecs.charmap_encode(JOIN, "strict", _ENCODING)[0]
