"""Story features without a store: what an article's text becomes."""

from __future__ import annotations

import subprocess
import sys

from tui.stories.features import Features, latin_names, skeleton, story_text


def test_skeleton_meets_across_scripts_and_spellings():
    assert skeleton("دوبروف") == skeleton("dobrov")
    assert skeleton("كرمان") == skeleton("kerman")
    assert skeleton("سيرغي") == skeleton("سيرجي")
    assert skeleton("russian") == skeleton("روسي")  # the demonym's ending goes


def test_latin_names_skip_sentence_starts_and_title_case_headlines():
    assert latin_names("Talks end. Then Dobrov left Ankara", headline=False) == ["Dobrov", "Ankara"]
    assert latin_names("Dobrov in Ankara", headline=True) == ["Dobrov", "Ankara"]
    assert latin_names("Storm Cancels All North Sea Ferries", headline=True) == []


def test_story_text_has_title_lead_and_names_and_drops_markup():
    text = story_text("Floods in Tanta", '<p>Water rose <a href="https://x.example/a">here</a> '
                      "as Nile levels climbed.</p> [caption id=1]")
    title, lead, names = text.split("\t")
    assert title == "floods in tanta"
    assert "<" not in lead and "https" not in lead and "caption" not in lead
    assert "tanta" in names.split() and "nile" in names.split()


def test_an_arabic_only_text_has_an_empty_names_field():
    assert story_text("أمطار غزيرة في طنطا", "ارتفع منسوب المياه").split("\t")[2] == ""


def test_features_rows_and_cross_script_keys():
    fx = Features()
    fx.add(1, "a", 0, story_text("وصول دوبروف إلى أنقرة", "التقى دوبروف بنظيره"))
    fx.add(2, "b", 0, story_text("Dobrov arrives in Ankara", "He met his counterpart."))
    ar, en = fx.docs
    assert ar.arabic and not en.arabic
    assert ar.cross_keys & en.cross_keys  # the name and the city meet
    assert fx.indptr == [0, fx.indptr[1], len(fx.columns)]
    assert len(fx.counts) == len(fx.columns) == len(fx.crossing)


def test_stories_does_not_import_output():
    code = "import sys, tui.stories; print('tui.output' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "False"
