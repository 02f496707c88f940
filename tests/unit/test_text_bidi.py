"""Layout against GNU FriBidi (the SPEC §4.3 oracle) and the known pitfalls."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tui.text.bidi import (
    base_direction,
    cell_width,
    display_text,
    layout,
    logical_lines,
    truncate,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "text"
MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670]")
PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def paragraphs() -> list[str]:
    lines = (FIXTURES / "oracle_lines.txt").read_text(encoding="utf-8").splitlines()
    return [x for x in lines if x.strip() and not x.startswith("#")]


def fribidi_many(lines: list[str], rtl: bool) -> list[str]:
    """Visual lines from the fribidi CLI: one process for many lines."""
    exe = shutil.which("fribidi")
    if exe is None:
        pytest.fail(
            "the fribidi CLI is the layout oracle and is not on PATH: "
            "install it with `apt-get install libfribidi-bin`"
        )
    flag = "--rtl" if rtl else "--ltr"
    out = subprocess.run(
        [exe, "--nopad", "--nobreak", flag],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [x.replace("\ufeff", "") for x in out.split("\n")[: len(lines)]]


def comparable(s: str, drop_marks: bool) -> str:
    s = unicodedata.normalize("NFKC", s.strip(" "))
    return MARKS.sub("", s) if drop_marks else s


@pytest.mark.parametrize("width", [18, 30, 47, 80])
@pytest.mark.parametrize("harakat", ["drop", "keep"])
def test_every_line_equals_fribidi(width: int, harakat: str) -> None:
    pars = paragraphs()
    assert len(pars) >= 40
    checked = 0
    for rtl in (True, False):
        logical, mine = [], []
        for par in pars:
            if (base_direction(par) == "rtl") != rtl:
                continue
            lg = logical_lines(par, width, harakat=harakat)
            vis = layout(par, width, harakat=harakat)
            assert len(lg) == len(vis)
            logical += lg
            mine += vis
        oracle = fribidi_many(logical, rtl)
        for lg, m, f in zip(logical, mine, oracle, strict=True):
            assert comparable(m, False) == comparable(f, harakat == "drop"), lg
            checked += 1
    assert checked >= 40


def test_english_paragraph_is_unchanged() -> None:
    text = "The committee met in Geneva on Monday to discuss the draft."
    assert layout(text, 80) == [text]
    assert layout(text, 20) == ["The committee met in", "Geneva on Monday to", "discuss the draft."]


def test_lines_are_reordered_after_wrapping_not_before() -> None:
    """P1: the first logical words belong on the first screen line, at its right end."""
    words = ["بداية", *["وسط"] * 20, "نهاية"]
    par = " ".join(words)
    lines = layout(par, 24)
    assert len(lines) >= 4
    first = unicodedata.normalize("NFKC", lines[0].split()[-1][::-1])
    last = unicodedata.normalize("NFKC", lines[-1].split()[0][::-1])
    assert first == "بداية"
    assert last == "نهاية"
    assert all(cell_width(x) == 24 for x in lines)  # right-aligned: padded on the left


def test_base_direction_is_the_paragraphs_on_every_line() -> None:
    """P3: a wrapped line that starts with a Latin word keeps the RTL layout."""
    par = "أعلنت الشركة الألمانية أن Siemens ستورد القطارات"
    for line, logical in zip(layout(par, 20), logical_lines(par, 20), strict=True):
        if logical.startswith("Siemens"):
            assert line.rstrip().endswith("Siemens"), line


def test_brackets_are_mirrored() -> None:
    """P5: python-bidi alone leaves ")" where "(" belongs."""
    (line,) = layout("قال (نعم)", 20)
    assert line.strip()[0] == "(" and line.strip()[-1] != "("


def test_direction_override_and_detection() -> None:
    assert base_direction("123 مرحبا") == "rtl"
    assert base_direction("Apple تعلن") == "ltr"
    assert base_direction("") == "ltr"
    assert base_direction("123 !") == "ltr"
    (forced,) = layout("Apple Inc.", 20, direction="rtl")
    assert forced.strip() == ".Apple Inc"


def test_allah_stays_four_cells_and_lam_alef_is_one() -> None:
    (line,) = layout("الله", 10)
    assert "\ufdf2" not in line and cell_width(line.strip()) == 4
    assert cell_width(display_text("لا")) == 1


def test_cell_width() -> None:
    assert cell_width("abc") == 3
    assert cell_width("中文") == 4
    assert cell_width("كَتَبَ") == 3
    assert cell_width("a\u200db") == 2
    assert cell_width("") == 0


def test_narrow_table_agrees_with_unicodedata() -> None:
    from tui.text import bidi

    for cp in range(0x20, 0x10000):
        ch = chr(cp)
        if bidi._NARROW.fullmatch(ch) and unicodedata.category(ch) != "Cn":
            assert bidi._char_width(ch) == 1, hex(cp)


def test_truncate_rtl_keeps_beginning_and_puts_ellipsis_on_the_left() -> None:
    title = "وزير الخارجية يبحث مع نظيره ملفات المنطقة في زيارة رسمية"
    out = truncate(title, 20)
    assert cell_width(out) == 20
    assert out.lstrip().startswith("…")
    first_word = unicodedata.normalize("NFKC", out.split()[-1][::-1])
    assert first_word == "وزير"
    assert truncate(title, 200).strip() == display_text(title)


def test_truncate_ltr_and_off() -> None:
    assert truncate("A long English headline here", 12) == "A long…"
    out = truncate("وزير الخارجية يبحث مع نظيره", 12, mode="off")
    assert out.endswith("…") and not PRESENTATION.search(out)
    assert cell_width(truncate("كلمةطويلةجداجدا", 5)) <= 5
    assert truncate("x", 0) == "x"


def test_mode_off_is_logical_and_wrapped() -> None:
    par = "أعلنت وكالة ناسا NASA عن مهمة جديدة إلى القمر"
    lines = layout(par, 15, mode="off")
    assert " ".join(lines) == par
    assert all(cell_width(x) <= 15 for x in lines)


def test_hostile_and_odd_input_never_raises() -> None:
    for text in ["", "   ", "\x1b[31mأحمر\x1b[0m", "\u202eabc", "ﻻ ﺍﻟﻤﺴﺘﺸﻔﻰ", "a\tb\nc", "\ud800"]:
        for width in (0, -3, 1, 5):
            for mode in ("on", "off"):
                for line in layout(text, width, mode=mode):
                    assert "\x1b" not in line and "\u202e" not in line
                truncate(text, width, mode=mode)
                display_text(text, mode)


def test_presentation_forms_in_input_are_reshaped() -> None:
    # A feed that ships pre-shaped letters: mode off gives letters back.
    assert layout("ﺍﻟﻤﺴﺘﺸﻔﻰ", 20, mode="off") == ["المستشفى"]


def test_python_bidi_debug_format_still_parses() -> None:
    """_levels reads python-bidi's Rust debug dump; an upgrade must not break it."""
    from tui.text.bidi import _levels

    assert _levels("قال (Apple) ok", "R") == "11111222221122"
