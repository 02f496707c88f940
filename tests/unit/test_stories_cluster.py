"""`cluster`, the store-free core of story grouping: placing rules one by one."""

from __future__ import annotations

from tests.unit.stories_support import background
from tui.stories import WINDOW, cluster, story_text

QUAKE_A = story_text("زلزال بقوة 5.8 درجات يضرب ولاية ملاطية التركية",
                     "ضرب زلزال بقوة 5.8 درجات ولاية ملاطية شرق تركيا فجر اليوم.")
QUAKE_B = story_text("هزة أرضية بقوة 5.8 درجات تهز ملطية شرقي تركيا",
                     "شعر سكان ملطية بهزة أرضية قوية قبل الفجر وخرجوا إلى الشوارع.")


def test_two_tellings_of_one_event_are_one_story_and_new_ids_are_negative():
    got = cluster([(1, "a", 0, QUAKE_A), (2, "b", 600, QUAKE_B), *background()])
    assert got[1] == got[2] < 0
    assert all(got[k] != got[1] for k in got if k >= 1000)  # the background stays apart


def test_outside_the_window_is_another_story():
    got = cluster([(1, "a", 0, QUAKE_A), (2, "b", WINDOW + 60, QUAKE_B), *background()])
    assert got[1] != got[2]


def test_one_feed_does_not_tell_an_event_twice():
    got = cluster([(1, "a", 0, QUAKE_A), (2, "a", 600, QUAKE_B), *background()])
    assert got[1] != got[2]


def test_new_articles_join_stored_stories():
    existing = [(1, "a", 0, 7, QUAKE_A)] + [(k, f, p, -k, t) for k, f, p, t in background()]
    got = cluster([(2, "b", 600, QUAKE_B)], existing)
    assert got == {2: 7}


def test_nothing_new_is_nothing_placed():
    assert cluster([], [(1, "a", 0, 7, QUAKE_A)]) == {}
