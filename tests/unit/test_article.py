"""Full articles without the network: page decoding and extraction (SPEC §9, §7)."""

from __future__ import annotations

import pytest

from tests.article_pages import (
    CASES,
    CONTROLS,
    CP1256,
    HOSTILE,
    WORDPRESS,
    assert_reads_as_article,
    deep_page,
    long_page,
)
from tui.article import blocks_html, decode_page, extract
from tui.article.decode import encoding_label, meta_charset
from tui.text.html import html_to_blocks


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_extract_keeps_the_article_and_nothing_else(case):
    article = extract(decode_page(case.body, case.content_type), "https://news.example/a/1")
    assert_reads_as_article(case, article.text, article.blocks)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_stored_form_renders_back_to_the_same_blocks(case):
    article = extract(decode_page(case.body, case.content_type), "https://news.example/a/1")
    assert html_to_blocks(article.html).blocks == article.blocks


def test_title_comes_from_the_page():
    article = extract(decode_page(WORDPRESS.body, None), None)
    assert article.title == "افتتاح محطة لتحلية المياه في الساحل الشمالي"
    assert extract(decode_page(HOSTILE.body, None), None).title == "صيانة شبكة الصرف الصحي"


def test_blocks_html_keeps_kinds_and_escapes():
    blocks = html_to_blocks("<h2>عنوان</h2><p>نص &lt;b&gt; وفقرة</p><ul><li>بند</li></ul>"
                            "<blockquote>قول</blockquote>").blocks
    assert [b.kind for b in blocks] == ["h", "p", "li", "quote"]
    assert html_to_blocks(blocks_html(blocks)).blocks == blocks


def test_a_read_also_box_mid_text_is_skipped_not_the_end():
    para = ("وأكدت الوزارة أن العمل سيستمر في المشروع حتى اكتماله"
            " في الموعد المحدد دون أي تأخير يذكر.")
    page = (f"<html><body><article><p>{para}</p><p>اقرأ أيضا:</p>"
            "<p><a href='/x'>عنوان خبر آخر عن المياه</a></p>"
            f"<p>{para.replace('الوزارة', 'الشركة')}</p>"
            "<p>المصدر: وكالات</p><p>خبر لاحق لا علاقة له بالمقال الأول على الإطلاق.</p>"
            "</article></body></html>")
    texts = [b.text for b in extract(page).blocks]
    assert texts == [para, para.replace("الوزارة", "الشركة")]


def test_a_source_line_above_the_article_is_not_its_end():
    para = ("وصل الوفد الرسمي إلى العاصمة صباح اليوم في زيارة تستمر ثلاثة أيام"
            " لبحث ملفات التعاون المشترك.")
    para2 = "وسيلتقي الوفد خلال الزيارة عددا من المسؤولين في وزارات الاقتصاد والنقل والطاقة."
    page = (f"<html><body><article><p>المصدر: وكالات</p><p>{para}</p><p>{para2}</p>"
            "<p>كلمات دلالية: وفد زيارة</p></article></body></html>")
    assert [b.text for b in extract(page).blocks] == [para, para2]


def test_text_after_a_script_or_a_button_inside_a_paragraph_is_kept():
    # Scripts, buttons, menus are deleted before extraction; the text after them is not.
    first = "وقال المتحدث باسم الوزارة في مؤتمر صحفي عقده صباح اليوم في العاصمة"
    rest = "إن أعمال الصيانة ستنتهي قبل نهاية الشهر الجاري في جميع الأحياء المتضررة."
    para2 = "وأضاف أن فرق العمل تواصل عملها على مدار الساعة لإعادة الخدمة إلى السكان بسرعة."
    page = (f"<html><head><title>t</title></head><body><nav><a href='/'>الرئيسية</a></nav>"
            f"<article><p>{first} <script>document.write('x')</script>{rest}</p>"
            f"<p>{para2}<button>مشاركة</button></p></article><aside>الأكثر قراءة</aside>"
            "</body></html>")
    assert [b.text for b in extract(page).blocks] == [f"{first} {rest}", para2]


def test_no_article_gives_an_empty_body():
    assert extract("<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>").blocks == ()
    assert extract("").blocks == ()
    assert extract("\x00\x1b[2J not html at all <<<>>>").blocks == ()


def test_hostile_shapes_end_cleanly():
    deep = extract(deep_page())
    assert all(not CONTROLS.search(b.text) for b in deep.blocks)
    long = extract(long_page())
    assert long.blocks and "القائمة الطويلة" not in long.text


# --- decoding --------------------------------------------------------------------

ARABIC = "مجلس الوزراء يقر الموازنة"


def _page(charset_meta: str | None, text: str = ARABIC) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}</head><body><p>{text}</p></body></html>"


def test_windows_1256_with_only_a_meta_charset():
    body = _page("windows-1256").encode("cp1256")
    assert ARABIC in decode_page(body, "text/html")
    assert "مجلس الوزراء يقر موازنة العام المقبل" in decode_page(CP1256.body, None)


def test_http_equiv_is_read():
    body = ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">'
            + ARABIC).encode("iso-8859-6")
    assert ARABIC in decode_page(body, None)


def test_http_charset_wins_over_meta():
    body = _page("utf-8").encode("cp1256")  # the meta lies, the header is right
    assert ARABIC in decode_page(body, "text/html; charset=windows-1256")


def test_valid_utf8_beats_a_latin1_server_default():
    body = _page(None).encode("utf-8")
    assert ARABIC in decode_page(body, "text/html; charset=ISO-8859-1")


def test_a_byte_order_mark_decides():
    bom = b"\xef\xbb\xbf"
    assert ARABIC in decode_page(bom + _page(None).encode(), "text/html; charset=cp1256")
    assert ARABIC in decode_page(b"\xff\xfe" + _page(None).encode("utf-16-le"), None)


@pytest.mark.parametrize("label", ["bogus", "x-user-defined", "utf-7", "unicode-escape",
                                   "rot13", "base64", "", "utf-8;x"])
def test_garbage_or_dangerous_labels_are_ignored(label):
    assert encoding_label(label) is None
    body = _page(label).encode("cp1256")
    text = decode_page(body, f"text/html; charset={label}")
    assert ARABIC in text


def test_unicode_escape_label_cannot_make_controls():
    body = b'<meta charset="unicode-escape"><p>\\x1b[2J</p>'
    assert "\x1b" not in decode_page(body, "text/html; charset=unicode_escape")


def test_undeclared_windows_1256_is_detected():
    text = " ".join([ARABIC, "وقال وزير المالية إن الحكومة ستحيل المشروع إلى مجلس النواب"] * 20)
    assert ARABIC in decode_page(_page(None, text).encode("cp1256"), None)


def test_meta_charset_found_after_a_long_head():
    body = ("<head><script>" + "x" * 5000 + "</script><meta charset='windows-1256'>"
            ).encode() + ARABIC.encode("cp1256")
    assert meta_charset(body) == "cp1256"


def test_importing_the_article_core_loads_no_ui_and_no_extractor():
    import subprocess
    import sys

    code = ("import sys, tui.article, tui.article.page; "
            "print(','.join(m for m in ('textual', 'rich', 'trafilatura', 'charset_normalizer')"
            " if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
