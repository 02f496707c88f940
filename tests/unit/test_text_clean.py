from pathlib import Path

from tui.text.clean import (
    _clean_field,
    _strip_controls,
    clean_field,
    lead,
    strip_controls,
    strip_shortcodes,
    trailer_kind,
)
from tui.text.html import html_to_blocks

FIXTURES = Path(__file__).parents[1] / "fixtures" / "text"
TRAILER_WORDS = ("اقرأ", "إقرأ", "المصدر", "كلمات دلالية", "مقالات", "Tags", "بلدية مجاورة")


def test_strip_controls_and_clean_field() -> None:
    assert (
        strip_controls("a\x1b[31mb\x1b]8;;http://x\x07c\x9bd\u202ee\tf\ng") == "abce\tf\ng"
    )  # 8-bit CSI takes its final byte "d"
    assert clean_field("  عنوان\n\tالخبر\x00 ") == "عنوان الخبر"


# Each fails the printable-text shortcut of clean_field or strip_controls in its own way.
NOT_PLAIN = {
    "عنوان\x1b[31mأحمر": "عنوانأحمر",  # an escape sequence in a title
    "خبر\u202eعاجل": "خبرعاجل",  # a bidi override
    "a\u200fb\u061cc\ufeffd": "abcd",  # marks and a BOM
    "a\x85b": "a b",  # NEL ends a line
    "a\u2028b": "a b",  # a line separator
    "a  b\t\tc": "a b c",  # spaces folded
    "e\u0301t\u00e9": "\u00e9t\u00e9",  # NFC
    "\u00a0a\u00a0": "a",  # a no-break space at an end
    "a\ud800b": "a\ufffdb",  # a lone surrogate
}


def test_clean_field_shortcut_leaves_nothing_uncleaned() -> None:
    for text, cleaned in NOT_PLAIN.items():
        assert clean_field(text) == _clean_field(text) == cleaned, repr(text)
    plain = "  عنوان الخبر «اليوم» ٢٠٢٦ "
    assert clean_field(plain) == _clean_field(plain) == plain.strip()


def test_strip_controls_shortcut_keeps_newlines_and_removes_the_rest() -> None:
    body = "<p>سطر</p>\n<p>«سطر» ثان</p>\n"
    assert strip_controls(body) is body
    for text, stripped in (("a\nb\x07", "a\nb"), ("a\n\u200fb", "a\nb"),
                           ("\ud800\n", "\ufffd\n"), ("a\r\nb", "a\nb"),
                           ("a\tb\u00a0\n", "a\tb\u00a0\n")):
        assert strip_controls(text) == _strip_controls(text) == stripped, repr(text)


def test_shortcodes_go_and_bracketed_text_stays() -> None:
    text = (
        "قبل [gallery ids=”1,2″] [vc_row][vc_column_text]النص[/vc_column_text][/vc_row] "
        "[embed]https://v.example/x[/embed]بعد [1] [sic] [تعليق المحرر] [image: صورة]"
    )
    out = " ".join(strip_shortcodes(text).split())
    assert out == "قبل النص بعد [1] [sic] [تعليق المحرر] [image: صورة]"


def test_trailer_kinds() -> None:
    for heading in ("إقرأ أيضاً:", "اقرأ ايضا", "مقالات مشابهة", "مواضيع ذات صلة", "Related"):
        assert trailer_kind(heading) == "heading", heading
    for block in (
        "المصدر: وكالة الأنباء",
        "كلمات دلالية: اقتصاد",
        "Tags: a, b",
        "الكلمات المفتاحية: طاقة",
        "أخبار ذات صلة: خبر",
    ):
        assert trailer_kind(block) == "block", block
    for prose in ("المصدر الأساسي للدخل هو النفط", "Related talks went on.", "قرأ الطالب"):
        assert trailer_kind(prose) is None, prose


def test_lead_of_plain_text_with_sidebar_and_trailers() -> None:
    body = html_to_blocks((FIXTURES / "sidebar_article.txt").read_text(encoding="utf-8"))
    text = lead(body)
    assert text.startswith("أقر مجلس المدينة مساء الأربعاء")
    assert "[" not in text and "ad_block" not in text
    assert not any(w in text for w in TRAILER_WORDS)
    assert len(text) <= 300
    kinds = [b.kind for b in body.blocks[:4]]
    assert kinds == ["li"] * 4
    trailers = [b.text for b in body.blocks if b.trailer]
    assert trailers[0].startswith("المصدر:")
    assert trailers[-1].startswith("خطة لتوسيع مطار")  # after a trailer heading
    assert not any(b.trailer for b in body.blocks if b.text.startswith("وتشمل الخطة"))
    assert "ترکیا" in body.text  # Persian letters kept in the body


def test_lead_of_html_with_shortcodes() -> None:
    html = (FIXTURES / "shortcodes_article.html").read_text(encoding="utf-8")
    body = html_to_blocks(html, "https://news.example.org/a/1")
    text = lead(body)
    assert text.startswith("كشفت دراسة حديثة نشرتها جامعة King Saud")
    assert "vc_" not in text and "caption" not in text and "نصائح" not in text
    assert text.endswith(".")
    assert body.links[0] == "https://news.example.org/n/1"
    assert "https://uni.example.edu/study" in body.links
    all_text = body.text
    assert "[vc_" not in all_text and "track(" not in all_text
    assert "[image: خزان مياه]" in all_text and "[الجزء الثاني]" in all_text
    assert [b.text for b in body.blocks if b.trailer][-1] == "Tags: water, study"


def test_lead_cuts_at_a_sentence_or_a_word_with_ellipsis() -> None:
    sentence = "قالت الوزارة إن العمل في المشروع بدأ هذا الأسبوع بعد تأخير طويل. "
    body = html_to_blocks("<p>" + sentence * 10 + "</p>")
    text = lead(body, 150)
    assert len(text) <= 150 and text.endswith(".")
    body = html_to_blocks("<p>" + "كلمة " * 100 + "</p>")
    text = lead(body, 50)
    assert len(text) <= 50 and text.endswith("…") and "كلمة…" in text
    assert lead(html_to_blocks("")) == ""
