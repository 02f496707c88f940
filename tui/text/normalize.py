"""The search form of a text (SPEC §4.8): what search, de-duplication and
story grouping compare. Never shown, never stored in place of the original.

Decisions the spec leaves open:

- Persian گ پ چ ژ and ڤ are kept. Arabic-language news spells the sounds they
  stand for in several ways (گ as غ, ج or ك); folding them to one of those
  would merge words that are not spelling variants of each other.
- ک ڪ → ك and ی ے ۓ → ي, ۀ ہ ھ ە → ه: these are the same letters drawn the
  Persian/Urdu way, and feeds mix them (ترکیا/تركيا).
- Only marks are removed, never letters: standalone hamza ء stays.
- Latin accents are kept (casefold only); "café" and "cafe" stay different.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Tashkeel, Quranic annotation marks, superscript alef, extended-Arabic marks
# and tatweel: they change neither the word nor (in news text) its meaning.
_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u0674\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u08d3-\u08e1\u08e3-\u08ff\u0640]+"
)
# Invisible format characters a feed may sprinkle inside words.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+")
# Both dropped in one pass: a class of both costs what _MARKS alone does, and
# _INVISIBLE alone took 0.8 ms over a feed's 70 KB of bodies (its class mixes Latin-1
# with the rest), more than the marks.
_DROPPED = re.compile("[" + _INVISIBLE.pattern[1:-2] + _MARKS.pattern[1:-2] + "]+")

_TABLE = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0672": "\u0627",  # ٲ
        "\u0673": "\u0627",  # ٳ
        "\u0675": "\u0627",  # ٵ
        "\u0649": "\u064a",  # ى
        "\u0629": "\u0647",  # ة
        "\u0624": "\u0648",  # ؤ
        "\u0626": "\u064a",  # ئ
        "\u06a9": "\u0643",  # ک
        "\u06aa": "\u0643",  # ڪ
        "\u06cc": "\u064a",  # ی
        "\u06d2": "\u064a",  # ے
        "\u06d3": "\u064a",  # ۓ
        "\u06c0": "\u0647",  # ۀ
        "\u06c1": "\u0647",  # ہ
        "\u06c2": "\u0647",  # ۂ
        "\u06be": "\u0647",  # ھ
        "\u06d5": "\u0647",  # ە
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)


# The letters _TABLE changes, found by one regex: str.translate with a dict looks up
# every character in Python, the regex only the few that change (2-3x faster on
# titles and bodies alike; normalize runs on every title and body stored).
_FOLD_MAP = {chr(k): v for k, v in _TABLE.items()}
_FOLD_CHARS = re.compile("[" + "".join(re.escape(c) for c in _FOLD_MAP) + "]")


def fold(text: str) -> str:
    """One pass of `normalize`'s folding (NFKC, marks and invisibles dropped, the letter
    table), without casefold or spaces: the search form's byte table is built from it."""
    if not unicodedata.is_normalized("NFKC", text):  # the check is ~10x cheaper
        text = unicodedata.normalize("NFKC", text)
    text = _DROPPED.sub("", text)
    return _FOLD_CHARS.sub(lambda m: _FOLD_MAP[m.group()], text)


def normalize(text: str | None) -> str:
    """Search form: variants folded, marks dropped, digits ASCII, case folded.

    Idempotent. NFKC first turns presentation forms (a shaped string pasted
    into the search box) back into base letters so the table sees them; the
    second pass after casefold keeps the result stable, since casefold can
    produce sequences that NFKC would change again.
    """
    if not text:
        return ""
    text = fold(fold(text).casefold())
    return " ".join(text.split())


JOIN = "\u2400"
"""Between the texts `normalize_many` folds at once: a symbol (SYMBOL FOR NULL) that
no step changes, that is no space, and that NFKC never composes with a neighbour."""


def _fold_joined(joined: str) -> str:
    """`fold` of each text in `joined`: NFKC text by text (a full NFKC pass costs
    ~200 ns a character, and the quick check fails for the whole when one text is
    not NFKC), the table by one `str.replace` per letter (4x cheaper than the regex
    on a long text, where most letters occur)."""
    if not unicodedata.is_normalized("NFKC", joined):
        joined = JOIN.join(part if unicodedata.is_normalized("NFKC", part)
                            else unicodedata.normalize("NFKC", part)
                            for part in joined.split(JOIN))
    joined = _DROPPED.sub("", joined)
    for letter, folded in _FOLD_MAP.items():
        joined = joined.replace(letter, folded)
    return joined


def normalize_many(texts: Sequence[str | None]) -> list[str]:
    """`[normalize(t) for t in texts]`, each step run once over the joined texts:
    indexing 200,000 articles for search costs a third of the per-text calls."""
    joined = JOIN.join(t or "" for t in texts)
    if joined.count(JOIN) == len(texts) - 1:
        folded = _fold_joined(joined).casefold()
        # casefold makes no character that fold removes or changes (checked over all
        # of Unicode); only a text it leaves short of NFKC needs the second pass.
        if not unicodedata.is_normalized("NFKC", folded):
            folded = _fold_joined(folded)
        if folded.count(JOIN) == len(texts) - 1:
            # `" ".join(part.split())` for every part: JOIN is no space, so one split
            # of the whole makes every run of spaces one space (10x cheaper than a
            # regular expression over bodies with newlines), then each part loses
            # the space at its ends.
            folded = " ".join(folded.split())
            return [part.strip(" ") for part in folded.split(JOIN)]
    return [normalize(t) for t in texts]  # the joint in a text
