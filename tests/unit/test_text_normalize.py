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
