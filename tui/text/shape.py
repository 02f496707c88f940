"""Arabic contextual shaping: logical letters → presentation forms.

The letter table is arabic-reshaper's (`arabic_reshaper.letters`), the joining
loop is ours. arabic-reshaper's `reshape()` costs about 58 µs per call before
it looks at a letter (measured: 1,500 distinct words of an article ≈ 90 ms),
which alone would blow the 50 ms layout budget; this loop shapes one word in
a few µs and gives the same forms (a property test compares the two).

What it does, and nothing more: isolated/initial/medial/final forms, the
mandatory lam-alef ligatures, marks transparent to joining. No ALLAH or other
optional ligature: they turn several letters into one cell (pitfall P7).
"""

from __future__ import annotations

from arabic_reshaper.letters import FINAL, INITIAL, ISOLATED, LETTERS_ARABIC, MEDIAL

_FORMS: dict[str, tuple[str, str, str, str]] = dict(LETTERS_ARABIC)
_JOINS_BACK = frozenset(c for c, f in _FORMS.items() if f[FINAL])
_JOINS_FWD = frozenset(c for c, f in _FORMS.items() if f[MEDIAL])
_LAM = "\u0644"
# alef variant → (isolated, final) lam-alef ligature
_LAM_ALEF = {
    "\u0622": ("\ufef5", "\ufef6"),
    "\u0623": ("\ufef7", "\ufef8"),
    "\u0625": ("\ufef9", "\ufefa"),
    "\u0627": ("\ufefb", "\ufefc"),
}
# Marks are transparent: a letter joins across them (joining type T).
TRANSPARENT = frozenset(
    chr(c)
    for lo, hi in (
        (0x0610, 0x061A),
        (0x064B, 0x065F),
        (0x0670, 0x0670),
        (0x06D6, 0x06DC),
        (0x06DF, 0x06E4),
        (0x06E7, 0x06E8),
        (0x06EA, 0x06ED),
        (0x08D3, 0x08E1),
        (0x08E3, 0x08FF),
    )
    for c in range(lo, hi + 1)
)
# Letters Unicode gives no presentation forms, drawn as their nearest relative
# that has them (display only; stored text keeps the original).
_NO_FORMS = str.maketrans(
    {
        "\u063b": "\u06a9",
        "\u063c": "\u06a9",
        "\u063d": "\u06cc",
        "\u063e": "\u06cc",
        "\u063f": "\u06cc",
    }
)


def shape_word(word: str) -> str:
    """Shape one word (no spaces needed; any are simply non-joining).

    Marks that follow a letter are emitted *before* its presentation form, so
    that after the line is reversed for display each mark follows its letter,
    which is where a terminal attaches it (pitfall P6).
    """
    return "".join(shaped for _, shaped in shape_clusters(word))


def shape_clusters(word: str) -> list[tuple[str, str]]:
    """(logical, shaped) pieces of a word: a letter with its marks, a lam-alef
    pair, or any other character. Lets a word too long for a line be cut
    between letters while the caller still knows which logical text each
    piece stands for."""
    chars = word.translate(_NO_FORMS)
    n = len(chars)
    out: list[tuple[str, str]] = []
    prev_fwd = False  # the last letter seen can join the next one
    i = 0
    while i < n:
        c = chars[i]
        forms = _FORMS.get(c)
        if forms is None:
            out.append((word[i], c))
            if c not in TRANSPARENT:
                prev_fwd = False
            i += 1
            continue
        j = i + 1
        while j < n and chars[j] in TRANSPARENT:
            j += 1
        marks = chars[i + 1 : j]
        if c == _LAM and j < n and chars[j] in _LAM_ALEF:
            k = j + 1
            while k < n and chars[k] in TRANSPARENT:
                k += 1
            lig = _LAM_ALEF[chars[j]][1 if prev_fwd else 0]
            out.append((word[i:k], marks + chars[j + 1 : k] + lig))
            prev_fwd = False  # alef never joins forward
            i = k
            continue
        back = prev_fwd and c in _JOINS_BACK
        fwd = c in _JOINS_FWD and j < n and chars[j] in _JOINS_BACK
        form = forms[MEDIAL if back and fwd else FINAL if back else INITIAL if fwd else ISOLATED]
        out.append((word[i:j], marks + form))
        prev_fwd = c in _JOINS_FWD
        i = j
    return out
