"""Arabic for terminals that neither shape nor reorder: shape, wrap, reorder.

The order of the steps is the point (SPEC §4.3). A paragraph is shaped in
logical order, broken into lines by the cell width of the *shaped* words, and
only then is each line reordered on its own, with the paragraph's base
direction. Reordering first and wrapping after puts the paragraph's last
words on its first line.

Engines: shape.py shapes (arabic-reshaper's letter table, our own faster
joining loop), python-bidi (Rust unicode-bidi) reorders.
python-bidi 0.6 skips rule L4 (mirroring), so lines holding a mirrorable
character get their levels from python-bidi's debug output and are mirrored
and reordered here (`_reorder_mirrored`); the result then equals GNU FriBidi,
which the tests use as the oracle.

Shaping is word-local (a space never joins), so each distinct word is shaped
once and cached: news text repeats its words.

Alignment: RTL lines are padded on the left to `width`; LTR lines are not
padded (trailing spaces are noise in a pipe or a copy; the app pads anyway).
With mode "off" nothing is padded: the terminal does bidi and would move
leading spaces to the other side.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress
from typing import Literal

from bidi import get_base_level, get_display
from bidi.mirror import MIRRORED

from .clean import strip_controls
from .shape import shape_clusters, shape_word

Direction = Literal["rtl", "ltr"]
Mode = Literal["on", "off"]

ELLIPSIS = "\u2026"
FSI, PDI = "\u2068", "\u2069"
"""First-strong isolate and its end: what `isolate()` puts around feed text inside a
message of ours, so that the message keeps its own direction (UAX #9 X5c, P2)."""

# Our own isolates pass _prepare (which strips every control) as private-use stand-ins.
_KEEP_ISOLATES = str.maketrans({FSI: "\ue068", PDI: "\ue069"})
_BACK_ISOLATES = str.maketrans({"\ue068": FSI, "\ue069": PDI})
_NO_ISOLATES = str.maketrans(dict.fromkeys(range(0x2066, 0x206A)))

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_HARAKAT = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u08d3-\u08e1\u08e3-\u08ff]+"
)
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_MIRRORABLE = re.compile("[" + "".join(re.escape(c) for c in sorted(MIRRORED)) + "]")
_LEVELS_AT = "\n    levels: ["
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")

# Characters known to take exactly one cell; everything else is looked up.
_NARROW = re.compile(
    "[\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u048a-\u052f\u0531-\u0556\u0559-\u058a"
    "\u05be\u05c0\u05c3\u05c6\u05d0-\u05ea\u0606-\u060f\u061b\u061d-\u064a\u0660-\u066f"
    "\u0671-\u06d5\u06de\u06e5\u06e6\u06e9\u06ee-\u06ff\u0750-\u077f\u2010-\u2027"
    "\u2030-\u205e\u20a0-\u20c0\ufb50-\ufbc1\ufbd3-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfd"
    "\ufe70-\ufe74\ufe76-\ufefc]+"
)


@lru_cache(maxsize=8192)
def _char_width(ch: str) -> int:
    if ch == "\u00ad":
        return 1  # soft hyphen: terminals draw it
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me", "Cf", "Cc") or "\u1160" <= ch <= "\u11ff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells text takes: East Asian wide 2, combining and format 0."""
    if text.isascii():
        return len(text)
    rest = _NARROW.sub("", text)
    if not rest:
        return len(text)
    return len(text) - len(rest) + sum(_char_width(c) for c in rest)


def base_direction(text: str) -> Direction:
    """Direction of the first strong character (UAX #9 P2–P3); "ltr" if none."""
    if not text or not text.strip():
        return "ltr"
    try:
        return "rtl" if get_base_level(text) == 1 else "ltr"
    except Exception:  # noqa: BLE001 - an engine error must not take the screen down
        return "ltr"


_ORNATE = str.maketrans({"\ufd3e": "(", "\ufd3f": ")"})


def _logical_only(text: str) -> str:
    """Mode off: no presentation-block character at all. NFKC (in _prepare)
    has turned the decomposable ones into letters; what is left (ornate
    parentheses, honorific ligatures without a decomposition, unassigned
    code points) is approximated or dropped, since a bidi terminal would
    shape and order the text itself around it."""
    if not _PRESENTATION.search(text):
        return text
    return _PRESENTATION.sub("", text.translate(_ORNATE))


def _prepare(text: str, harakat: str) -> str:
    """Controls out, presentation forms back to letters, whitespace folded."""
    text = strip_controls(text or "")
    if _PRESENTATION.search(text):
        # Feeds that ship pre-shaped text: shape again from the letters.
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if harakat != "keep" and _HARAKAT.search(text):
        text = _HARAKAT.sub("", text)
    return text


def isolate(text: str) -> str:
    """Feed text (a feed's name, a search) to put inside a message of ours:
    cleaned of controls, then wrapped in FSI…PDI. Lay the message out with
    `isolates=True`; the two controls never reach the screen."""
    return FSI + " ".join(_prepare(text, "drop").split()) + PDI


def _prepare_with(text: str, harakat: str, isolates: bool) -> str:
    if not isolates:
        return _prepare(text, harakat)
    return _prepare(text.translate(_KEEP_ISOLATES), harakat).translate(_BACK_ISOLATES)


def _balanced(lines: list[str]) -> list[str]:
    """Each line of a wrapped paragraph reordered on its own keeps its isolates:
    one left open is closed at the line's end and reopened on the next line."""
    out, depth = [], 0
    for line in lines:
        opened = FSI * depth
        for c in line:
            if c == FSI:
                depth += 1
            elif c == PDI and depth:
                depth -= 1
        out.append(opened + line + PDI * depth)
    return out


@lru_cache(maxsize=65536)
def _shape_word(word: str, harakat: str) -> str:
    if not _ARABIC.search(word):
        return word
    return shape_word(word)


def _direction(text: str, direction: str | None) -> Direction:
    if direction in ("rtl", "ltr"):
        return direction  # type: ignore[return-value]
    return base_direction(text)


# --- wrapping -------------------------------------------------------------------


def _fold(word: str, shaped: str, width: int, mode: str) -> list[tuple[str, str]]:
    """Cut a word wider than the line into (logical, shaped) pieces of at most
    width cells, between letters; zero-width marks stay with their letter."""
    clusters = shape_clusters(word) if mode != "off" and shaped != word else [(c, c) for c in word]
    merged: list[list[str]] = []
    for logical, drawn in clusters:
        if merged and cell_width(drawn) == 0:
            merged[-1][0] += logical
            merged[-1][1] += drawn
        else:
            merged.append([logical, drawn])
    pieces: list[tuple[str, str]] = []
    cur_l, cur_s, cur_w = "", "", 0
    for logical, drawn in merged:
        w = cell_width(drawn)
        if cur_s and cur_w + w > width:
            pieces.append((cur_l, cur_s))
            cur_l, cur_s, cur_w = "", "", 0
        cur_l += logical
        cur_s += drawn
        cur_w += w
    if cur_s or cur_l:
        pieces.append((cur_l, cur_s))
    return pieces


def _wrap(words: list[str], shaped: list[str], width: int, mode: str) -> list[tuple[str, str]]:
    """Greedy line breaking at spaces by the cell width of the shaped words.
    Returns (logical line, shaped line) pairs."""
    lines: list[tuple[str, str]] = []
    cur_l: list[str] = []
    cur_s: list[str] = []
    cur_w = 0
    for word, sw in zip(words, shaped, strict=True):
        w = cell_width(sw)
        if w > width:
            if cur_s:
                lines.append((" ".join(cur_l), " ".join(cur_s)))
            pieces = _fold(word, sw, width, mode)
            lines.extend(pieces[:-1])
            last_l, last_s = pieces[-1]
            cur_l, cur_s, cur_w = [last_l], [last_s], cell_width(last_s)
        elif not cur_s:
            cur_l, cur_s, cur_w = [word], [sw], w
        elif cur_w + 1 + w <= width:
            cur_l.append(word)
            cur_s.append(sw)
            cur_w += 1 + w
        else:
            lines.append((" ".join(cur_l), " ".join(cur_s)))
            cur_l, cur_s, cur_w = [word], [sw], w
    if cur_s:
        lines.append((" ".join(cur_l), " ".join(cur_s)))
    return lines


# --- reordering -----------------------------------------------------------------


_DIGITS_ONLY = {c: None for c in range(128) if not 48 <= c <= 57}
# continuation bytes of UTF-8 → 0, lead bytes → 1: which byte levels belong to a character
_LEAD_BYTE = bytes(0 if 0x80 <= b <= 0xBF else 1 for b in range(256))


def _levels(line: str, base: str) -> str:
    """Resolved embedding level per character, as chr(48 + level), from
    python-bidi's debug dump.

    The dump gives one level per UTF-8 byte; it is Rust's `{:#?}` of BidiInfo,
    so a python-bidi upgrade can change it (a test pins the behaviour).
    """
    dump = get_display(line, base_dir=base, debug=True)
    section = dump[dump.rindex(_LEVELS_AT) + len(_LEVELS_AT) :].split("paragraphs:", 1)[0]
    data = line.encode("utf-8")
    digits = section.translate(_DIGITS_ONLY)
    if len(digits) != len(data):  # a level of 10 or more: parse properly
        digits = "".join(chr(48 + int(x)) for x in _LEVEL.findall(section))
    return "".join(compress(digits, data.translate(_LEAD_BYTE)))


def _reorder_mirrored(line: str, base: str) -> str:
    """UAX #9 L2 (reverse runs from the highest level down) and L4 (mirror
    glyphs at odd levels), done here because python-bidi skips L4.

    Works run by run with a regex over the level string rather than
    character by character.
    """
    levels = _levels(line, base)
    chars = list(line)
    for m in _MIRRORABLE.finditer(line):
        i = m.start()
        if ord(levels[i]) & 1:
            chars[i] = MIRRORED[chars[i]]
    present = {ord(x) - 48 for x in levels}
    odd = [x for x in present if x & 1]
    if not odd:
        return "".join(chars)
    lv = list(levels)
    for level in range(max(present), min(odd) - 1, -1):
        runs = _RUNS[level].finditer("".join(lv)) if level < len(_RUNS) else ()
        for m in runs:
            i, j = m.span()
            chars[i:j] = chars[i:j][::-1]
            lv[i:j] = lv[i:j][::-1]
    return "".join(chars)


# A run of characters at `level` or deeper, over the chr(48 + level) string.
class _LazyRuns:
    """Compiled on first use: 126 compiles of a range up to U+10FFFF cost ~0.5 s at import."""

    def __len__(self) -> int:
        return 126

    @lru_cache(maxsize=256)  # noqa: B019 - one module-level instance
    def __getitem__(self, n: int) -> re.Pattern[str]:
        return re.compile(f"[{re.escape(chr(48 + n))}-\\U0010ffff]+")


_RUNS = _LazyRuns()


def _reorder(line: str, base: Direction) -> str:
    if base == "ltr" and not _RTL.search(line):
        return line
    b = "R" if base == "rtl" else "L"
    try:
        if _MIRRORABLE.search(line):
            return _reorder_mirrored(line, b)
        return get_display(line, base_dir=b)
    except Exception:  # noqa: BLE001 - show the logical line rather than nothing
        return line


# --- public API -----------------------------------------------------------------


def layout(
    paragraph: str,
    width: int,
    mode: str = "on",
    harakat: str = "drop",
    direction: str | None = None,
    *,
    isolates: bool = False,
) -> list[str]:
    """Lines to draw, top to bottom, each at most `width` cells.

    Mode "on": shaped and in visual order, RTL lines padded on the left to
    `width`. Mode "off": logical text wrapped by cell width, for terminals
    that do bidi themselves. A hard newline starts a new paragraph (with its
    own direction unless `direction` forces one). Empty input gives [].
    `isolates`: the paragraph is a message of ours holding `isolate()`d parts.
    """
    try:
        width = max(1, int(width))
    except (TypeError, ValueError):
        width = 1
    return [
        line
        for part in _paragraphs(paragraph, harakat, isolates)
        for line in _layout_one(part, width, mode, harakat, direction)
    ]


def _paragraphs(paragraph: str, harakat: str, isolates: bool = False) -> list[str]:
    return _prepare_with(paragraph, harakat, isolates).split("\n")


def _broken(text: str, width: int, mode: str, harakat: str) -> list[tuple[str, str]]:
    words = text.split()
    if not words:
        return []
    if mode == "off":
        words = _logical_only(text).split()
        return _wrap(words, words, width, mode)
    return _wrap(words, [_shape_word(w, harakat) for w in words], width, mode)


def _layout_one(text: str, width: int, mode: str, harakat: str, direction: str | None) -> list[str]:
    lines = _broken(text, width, mode, harakat)
    if mode == "off":
        return [logical.translate(_NO_ISOLATES) for logical, _ in lines]
    base = _direction(text, direction)
    shaped_lines = [shaped for _, shaped in lines]
    if FSI in text:
        shaped_lines = _balanced(shaped_lines)
    out = []
    for shaped in shaped_lines:
        visual = _reorder(shaped, base).translate(_NO_ISOLATES)
        if base == "rtl":
            visual = " " * (width - cell_width(visual)) + visual
        out.append(visual)
    return out


def logical_lines(paragraph: str, width: int, mode: str = "on", harakat: str = "drop") -> list[str]:
    """The logical text of each line layout() draws, in the same order.

    What a line "says" before shaping and reordering: the input for the
    FriBidi oracle, and what a copy of that screen line should yield.
    """
    width = max(1, width) if isinstance(width, int) else 1
    return [
        logical
        for part in _paragraphs(paragraph, harakat)
        for logical, _ in _broken(part, width, mode, harakat)
    ]


def display_text(text: str, mode: str = "on", direction: str | None = None, *,
                 isolates: bool = False) -> str:
    """One short label (a feed title) shaped and reordered, not wrapped or padded.
    `isolates`: a message of ours holding `isolate()`d parts."""
    text = " ".join(_prepare_with(text, "drop", isolates).split())
    if mode == "off" or not text:
        return " ".join(_logical_only(text).split()).translate(_NO_ISOLATES)
    shaped = " ".join(_shape_word(w, "drop") for w in text.split(" "))
    return _reorder(shaped, _direction(text, direction)).translate(_NO_ISOLATES)


def truncate(title: str, width: int, mode: str = "on", direction: str | None = None, *,
             isolates: bool = False) -> str:
    """A title as one display line of at most `width` cells.

    Keeps the logical beginning and puts "…" at the logical end, which mode
    "on" draws on the left of an RTL title. The cut is made on logical words
    and each kept word is shaped on its own, so the last letter takes its
    final form instead of reaching towards a letter that is gone.
    `isolates`: a message of ours holding `isolate()`d parts.
    """
    try:
        width = max(1, int(width))
    except (TypeError, ValueError):
        width = 1
    text = " ".join(_prepare_with(title, "drop", isolates).split())
    if mode == "off":
        text = " ".join(_logical_only(text).split()).translate(_NO_ISOLATES)
    if not text:
        return ""
    shape = (lambda w: w) if mode == "off" else (lambda w: _shape_word(w, "drop"))
    words = text.split(" ")
    shaped = [shape(w) for w in words]
    line = " ".join(shaped)
    if cell_width(line) > width:
        line = _cut_words(words, shaped, width - 1, shape)
        line += PDI * max(0, line.count(FSI) - line.count(PDI)) + ELLIPSIS
    if mode == "off":
        return line
    base = _direction(text, direction)
    visual = _reorder(line, base).translate(_NO_ISOLATES)
    if base == "rtl":
        visual = " " * (width - cell_width(visual)) + visual
    return visual


def _cut_words(words: list[str], shaped: list[str], room: int, shape) -> str:
    kept: list[str] = []
    used = 0
    for word, sw in zip(words, shaped, strict=True):
        w = cell_width(sw)
        need = w if not kept else used + 1 + w
        if need <= room:
            kept.append(sw)
            used = need
            continue
        if kept and used >= room // 2:
            return " ".join(kept)
        # Cut inside this word: the longest logical prefix whose shape fits.
        avail = room - (used + 1 if kept else 0)
        best = ""
        for end in range(1, len(word) + 1):
            piece = shape(word[:end])
            if cell_width(piece) > avail:
                break
            best = piece
        if best:
            kept.append(best)
        return " ".join(kept)
    return " ".join(kept)
