"""Messages of ours about feeds with names in another script (issue #13.10): the
message's language sets the direction, the feed's name is an isolate inside it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tui.text.bidi import ELLIPSIS, FSI, PDI, cell_width, display_text, isolate, layout, truncate

NAME = "الجزيرة نت (عاجل)"
MESSAGE = "could not connect: host name not found (URL?): " + isolate(NAME)


def fribidi(logical: str, direction: str) -> str:
    out = subprocess.run(["fribidi", "--nopad", "--nobreak", f"--{direction}"], input=logical,
                         capture_output=True, text=True, check=True).stdout.rstrip("\n")
    return out.replace("\ufeff", "").replace(FSI, "").replace(PDI, "")


def test_isolate_cleans_the_name_and_wraps_it():
    assert isolate("\u202eالجزيرة\x1b[31m  نت\u2069") == FSI + "الجزيرة نت" + PDI


def test_an_english_message_reads_left_to_right_around_an_arabic_name():
    shown = display_text(MESSAGE, "on", isolates=True)
    assert shown.startswith("could not connect: host name not found (URL?): ")
    assert FSI not in shown and PDI not in shown
    # The name keeps its own order and shape inside: the same as drawn on its own.
    assert shown.endswith(display_text(NAME, "on"))
    name_first = isolate("الجزيرة نت") + ": HTTP 404 Not Found"
    assert display_text(name_first, "on", isolates=True) == (
        display_text("الجزيرة نت", "on") + ": HTTP 404 Not Found")


@pytest.mark.skipif(shutil.which("fribidi") is None, reason="needs fribidi (libfribidi-bin)")
@pytest.mark.parametrize("message", [
    MESSAGE,
    isolate("الجزيرة نت") + ": HTTP 404 Not Found",
    "تعذر الاتصال بالخلاصة " + isolate("Harbour Daily") + " (HTTP 404)",
    "2 feeds refreshed — " + isolate("نشرة (الضفة)") + ": timed out; " + isolate("BBC") + ": 500",
])
def test_each_line_is_what_fribidi_makes_of_it(message):
    direction = "rtl" if message.startswith("تعذر") else "ltr"
    assert display_text(message, "on", isolates=True).strip() == fribidi(message, direction)
    for width in (20, 33, 50):
        lines = layout(message, width, "on", isolates=True)
        assert all(cell_width(line) <= width for line in lines)
        assert all(FSI not in line and PDI not in line for line in lines)


def test_a_wrapped_message_starts_with_its_own_words():
    lines = layout("  " + isolate("الجزيرة نت") + ": could not connect: host name not found",
                   30, "on", isolates=True)
    assert lines[0].startswith(display_text("الجزيرة نت", "on") + ":")
    assert lines[1].startswith("name not found") or lines[1].startswith("host")


def test_a_long_message_is_cut_with_an_ellipsis_at_its_end():
    for width in range(8, 70):
        cut = truncate(MESSAGE, width, "on", isolates=True)
        assert cell_width(cut) <= width
        assert cut.endswith(ELLIPSIS) or cut == display_text(MESSAGE, "on", isolates=True)
        assert FSI not in cut and PDI not in cut


def test_mode_off_hands_logical_text_without_the_isolates():
    assert display_text(MESSAGE, "off", isolates=True) == (
        "could not connect: host name not found (URL?): " + NAME)


def test_without_isolates_a_feed_s_own_isolate_controls_are_dropped():
    assert display_text(f"{FSI}abc{PDI} سلام", "on") == display_text("abc سلام", "on")
