from tui.text.normalize import normalize


def test_spec_examples() -> None:
    assert normalize("لافرُوف") == normalize("لافروف")
    assert normalize("ترکیا وسوریا") == normalize("تركيا وسوريا")
    assert normalize("أوغلو") == normalize("اوغلو")
    assert normalize("سيرغي") != normalize("سيرجي")


def test_folds() -> None:
    assert normalize("إأآٱا") == "ااااا"
    assert normalize("مستشفى") == normalize("مستشفي")
    assert normalize("مدرسة") == "مدرسه"
    assert normalize("مسؤول شاطئ") == "مسوول شاطي"
    assert normalize("جميـــل") == "جميل"
    assert normalize("٢٠٢٤ ۱۴۰۳") == "2024 1403"
    assert normalize("ﺍﻟﻤﺴﺘﺸﻔﻰ ﻻ") == "المستشفي لا"
    assert normalize("  NASA\n\tCovid ") == "nasa covid"
    assert normalize("گ پ چ ژ") == "گ پ چ ژ"  # kept: see the module docstring
    assert normalize(None) == ""


def test_fast_fold_equals_the_table_it_is_built_from():
    """normalize finds the letters to fold with a regex (fast); folding with the
    table itself (str.translate, slow) must give the same text for any input,
    marks, invisible characters and presentation forms among the letters."""
    import random
    import unicodedata

    from tui.text import normalize as n

    def reference(text: str) -> str:
        def fold(t: str) -> str:
            t = unicodedata.normalize("NFKC", t)
            return n._MARKS.sub("", n._INVISIBLE.sub("", t)).translate(n._TABLE)
        return " ".join(fold(fold(text).casefold()).split())

    rng = random.Random(5)
    alphabet = ("ابةىأإآٱؤئکیےۀھ٠١٩۰۹ـًٌٍَُِّْٰ\u200c\u200f\ufeffﻻﷲAaİßẞﬁ Σς\u0301e ,.\n\t"
                + "".join(chr(c) for c in range(0x0600, 0x0700, 7)))
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert n.normalize(text) == reference(text), repr(text)


def test_casefold_makes_nothing_that_fold_removes_or_changes():
    """What lets `normalize_many` skip its second pass over NFKC text."""
    from tui.text.normalize import _FOLD_MAP, _INVISIBLE, _MARKS

    made = {c.casefold() for c in map(chr, range(0x110000)) if c.casefold() != c}
    assert not [f for f in made if _INVISIBLE.search(f) or _MARKS.search(f)
                or any(k in f for k in _FOLD_MAP)]


def test_normalize_many_with_a_mark_left_between_letter_and_accent():
    """e + an Arabic mark + U+0301: NFKC cannot join e and the accent until the mark
    is gone, so the second pass has work to do."""
    from tui.text.normalize import normalize_many

    texts = ["e\u0610\u0301 ق", "كتاب", "\u2400", ""]
    assert normalize_many(texts) == [normalize(t) for t in texts]
    assert normalize_many(texts)[0].startswith("\u00e9")
