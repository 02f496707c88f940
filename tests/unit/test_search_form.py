"""The search form computed many texts at once over bytes (tui.text.search_form,
#15) is the plain definition, `index_form(normalize(text))`, text by text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.text import search_form
from tui.text.normalize import normalize
from tui.text.search_form import index_form, search_fields, search_fields_many, search_forms


def plain(texts):
    return [index_form(normalize(t)) for t in texts]


# What the byte table holds, and what it must send the plain way: marks that compose
# (U+0301 after e, U+0653-0655 after alef, waw, yeh), presentation forms, superscripts,
# Turkish İ, ß and ligatures, Hangul syllables and jamo, Cherokee, emoji, spaces of
# every kind, invisible format characters and the join character itself.
TRICKY = list(
    "اأإآٱؤئىةکیےۀھـًٌٍَُِّْٰٕٓٔ٠٩۰۹،؛؟«»ـ"
    "ﻻﷲﷺﺍﻟﻤﺴﺘﺸﻔﻰ²³¹½…™ßẞﬁİıΣσςÉéeE\u0301\u0307\u0308\u0327"
    "가각\u1100\u1161\u11a8ᏸᎠ😀👍🏽\u200d\u200c\u200f\u00ad\ufeff\u2066\u2069\u061c"
    " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2009\u2028\u2029\u202f\u3000"
    "\u2400\x00\x01,.!?-_'\"()aZ09€×°"
)
char = st.one_of(st.sampled_from(TRICKY), st.sampled_from(TRICKY),
                 st.sampled_from(search_form._DECODING.replace("\ufffe", "")),
                 st.characters(codec="utf-8"))
text = st.one_of(st.text(char, max_size=40), st.just(""), st.none())


@settings(max_examples=400, deadline=None)
@given(st.lists(text, max_size=8))
@example(["x " * 40 + "\U0001F600 " * 40])  # too many words outside the table: whole
@example(["a \u2400 b", "", None, "\u2400"])
@example(["\u0307\u2069 x", "\u0307 x\u0307"])  # index_form empties, normalize does not
@example(["e \u0301", "e\u064e\u0301", "ا\u0653", "\u064e \u064e", " \u0301 "])
def test_search_forms_is_the_plain_search_form_of_each(texts):
    assert search_forms(texts) == plain(t or "" for t in texts)


@pytest.mark.slow
def test_every_pair_of_byte_table_characters():
    """The byte path folds a character alone: no two of its characters may compose
    under NFKC, or fold otherwise side by side (a mark between them too)."""
    chars = search_form._DECODING.replace("\ufffe", "")
    pairs = [a + b for a in chars for b in chars]
    assert search_forms(pairs) == plain(pairs)
    triples = [a + "\u064e" + b for a in chars for b in chars]
    assert search_forms(triples) == plain(triples)


def test_search_fields_many_is_search_fields_of_each():
    rows = [(1, "Türkiye² «كأس» ", "<p>x</p>", "<p>مُدرسة 😀 ﷺ  …</p>", ""),
            (2, None, "short", "", "full <b>text</b>"), (3, "", "", "", "")]
    assert search_fields_many(rows) == [(r[0], *search_fields(*r[1:])) for r in rows]
