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
