"""`cluster`, the store-free core of story grouping: placing rules one by one."""

from __future__ import annotations

from tui.stories import WINDOW, cluster, story_text

_PLACES = "بغداد عمان الرباط تونس الخرطوم الدوحة مسقط صنعاء طرابلس نواكشوط بيروت دمشق".split()
_TOPICS = ("افتتاح مدرسة", "ارتفاع أسعار الخبز", "مهرجان للمسرح", "إصلاح طريق سريع",
           "معرض للصور", "حملة تشجير", "انقطاع الكهرباء", "سوق للكتب")


def background(count: int = 16, start: int = 0) -> list[tuple]:
    """Unrelated articles of the same hours, so that document frequencies mean something."""
    return [(1000 + n, f"bg{n}", start + 900 * n,
             story_text(f"{_TOPICS[n % len(_TOPICS)]} في {_PLACES[n % len(_PLACES)]}",
                        f"قال مسؤولون في {_PLACES[(n * 5) % len(_PLACES)]} إن العمل بدأ."))
            for n in range(count)]


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
