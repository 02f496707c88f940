"""Property tests over generated Arabic/Latin/digit paragraphs (SPEC §4, §7)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from arabic_reshaper import ArabicReshaper
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.output import safe_link, safe_links
from tui.text.bidi import base_direction, cell_width, layout, logical_lines
from tui.text.clean import _clean_field, _strip_controls, clean_field, clean_fields, strip_controls
from tui.text.html import html_to_blocks
from tui.text.normalize import normalize, normalize_many
from tui.text.shape import shape_word

pytestmark = pytest.mark.slow  # hypothesis properties

SETTINGS = settings(max_examples=200, deadline=None)
ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x064B) if c != 0x0640] + list("پچژگکیۀ")
HARAKAT = [chr(c) for c in range(0x064B, 0x0653)]
PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
BASE_ARABIC = re.compile("[\u0621-\u063f\u0641-\u064a]")
DIGITS = re.compile("[0-9\u0660-\u0669]+")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

arabic_word = st.builds(
    "".join,
    st.lists(
        st.one_of(
            st.sampled_from(ARABIC_LETTERS),
            st.sampled_from(ARABIC_LETTERS).map(lambda c: c + "\u064e"),
            st.just("\u0640"),
        ),
        min_size=1,
        max_size=12,
    ),
)
latin_word = st.text(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=14
)
number = st.one_of(
    st.integers(0, 10**6).map(str),
    st.integers(0, 9999).map(lambda n: "".join(chr(0x0660 + int(d)) for d in str(n))),
    st.integers(0, 100).map(lambda n: f"{n}%"),
)
word = st.one_of(arabic_word, arabic_word, arabic_word, latin_word, number)
paragraph = st.lists(word, min_size=1, max_size=60).map(" ".join)
width = st.integers(10, 120)


def visual_to_logical_words(line: str) -> list[str]:
    """Read a visual pure-Arabic/number line back: NFKC, reverse the line, and
    re-reverse each number (digit runs keep their LTR order)."""
    # Reverse before NFKC: a lam-alef ligature expands to lam, alef in logical order.
    text = unicodedata.normalize("NFKC", re.sub("[\u064b-\u0652]", "", line.strip(" "))[::-1])
    return [DIGITS.sub(lambda m: m.group()[::-1], w) for w in text.split()]


@SETTINGS
@given(paragraph, width)
def test_no_line_wider_than_width(par: str, w: int) -> None:
    for mode in ("on", "off"):
        for line in layout(par, w, mode=mode):
            assert cell_width(line) <= w


@SETTINGS
@given(st.lists(st.one_of(arabic_word, number), min_size=1, max_size=60).map(" ".join), width)
def test_lines_read_back_give_the_words_in_order(par: str, w: int) -> None:
    """Without Latin runs every word sits in one RTL line: reversal is exact."""
    if base_direction(par) != "rtl":
        return
    expected = [x for x in normalize_marks(par).split()]
    got = [x for line in layout(par, w) for x in visual_to_logical_words(line)]
    # Which side of its number a "%" lands on is UBA's business (the fribidi
    # oracle test checks it); here only the order of the words matters.
    # A word wider than the line is folded over two lines: compare the letters.
    assert "".join(normalize_marks(x).strip("%") for x in got) == "".join(
        x.strip("%") for x in expected
    )


# Letters without presentation forms are drawn as a relative (shape.py).
_NO_FORMS = str.maketrans("\u063b\u063c\u063d\u063e\u063f", "\u06a9\u06a9\u06cc\u06cc\u06cc")


def normalize_marks(s: str) -> str:
    return re.sub("[\u064b-\u0652]", "", unicodedata.normalize("NFKC", s)).translate(_NO_FORMS)


@SETTINGS
@given(paragraph, width)
def test_logical_lines_cover_the_paragraph_in_order(par: str, w: int) -> None:
    # Words are kept whole unless wider than the line; then folded in order.
    joined = "".join(" ".join(logical_lines(par, w)).split())
    assert joined == "".join(re.sub("[\u064b-\u0652]", "", par).split())


@SETTINGS
@given(st.text(), width)
def test_mode_off_never_emits_presentation_forms(text: str, w: int) -> None:
    for line in layout(text, w, mode="off"):
        assert not PRESENTATION.search(line)


@SETTINGS
@given(paragraph, width, st.sampled_from(["drop", "keep"]))
def test_mode_on_never_emits_a_base_arabic_letter(par: str, w: int, harakat: str) -> None:
    for line in layout(par, w, harakat=harakat):
        assert not BASE_ARABIC.search(line), line


@SETTINGS
@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@SETTINGS
@given(st.text())
def test_cleaners_leave_no_control(text: str) -> None:
    assert not CONTROLS.search(strip_controls(text))
    assert not CONTROLS.search(clean_field(text))
    body = html_to_blocks(text)
    for block in body.blocks:
        assert not CONTROLS.search(block.text)
    body = html_to_blocks(f"<p>{text}</p><a href='http://x.org/\x1b'>{text}</a>")
    for block in body.blocks:
        assert not CONTROLS.search(block.text)


@SETTINGS
@given(st.one_of(st.text(), paragraph, paragraph.map(lambda p: p.replace(" ", "\n", 3))))
def test_cleaners_shortcuts_change_nothing(text: str) -> None:
    """The printable-text shortcuts of clean_field and strip_controls give what the
    whole work gives."""
    assert strip_controls(text) == _strip_controls(text)
    assert clean_field(text) == _clean_field(text)


SHAPED_LETTERS = [c for c in ARABIC_LETTERS if not "\u063b" <= c <= "\u063f"]
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": True, "ARABIC LIGATURE ALLAH": False})


@SETTINGS
@given(st.text(st.sampled_from([*SHAPED_LETTERS, "\u0640", "a", "1", "-"]), max_size=15))
def test_own_shaper_matches_arabic_reshaper(w: str) -> None:
    # U+063B–U+063F have no forms in Unicode; shape.py draws them as relatives.
    assert shape_word(w) == _RESHAPER.reshape(w)


field_text = st.one_of(st.text(), paragraph, st.just("\u2400"), st.just(" \u0627  \u064e "))


@SETTINGS
@given(st.lists(field_text, max_size=8))
def test_clean_fields_is_clean_field_for_each(texts: list[str]) -> None:
    """Checked a list at a time (the fast path of --headlines), each text comes out as
    `clean_field` makes it alone: no separator, control or fold leaks between them."""
    assert clean_fields(texts) == [clean_field(t) for t in texts]


@SETTINGS
@given(st.lists(st.one_of(st.text(), st.just("http://a.example/x"),
                          st.text().map(lambda t: "https://b.example/" + t)), max_size=6))
@example(["http://a.example/x\nhttp://b.example/y"])  # one link, two lines: not two links
def test_safe_links_is_safe_link_for_each(links: list[str]) -> None:
    assert safe_links(links) == [safe_link(link) for link in links]


@SETTINGS
@given(st.lists(st.one_of(st.text(), paragraph, st.just("\u2400"), st.just("ﻻ \u0654ا ة")),
                max_size=8))
def test_normalize_many_is_normalize_for_each(texts: list[str]) -> None:
    """Folded all at once (the search index's batches), each text comes out as
    `normalize` makes it alone."""
    assert normalize_many(texts) == [normalize(t) for t in texts]
