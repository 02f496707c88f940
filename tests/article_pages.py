"""Web pages for the full-article tests (fixtures in tests/fixtures/pages plus
hostile pages built here), each with what a reader must see and must not see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PAGES = Path(__file__).parent / "fixtures" / "pages"


@dataclass(frozen=True)
class PageCase:
    name: str
    body: bytes
    content_type: str
    paragraphs: tuple[str, ...]
    """The beginning of each article paragraph, in order; the last one ends the article."""
    absent: tuple[str, ...]
    """Words of the page's dirt: menus, sidebars, trailers, the next article."""


WORDPRESS = PageCase(
    "wordpress", (PAGES / "wordpress.html").read_bytes(), "text/html; charset=UTF-8",
    ("افتتحت وزارة الموارد المائية صباح اليوم", "وقال وزير الموارد المائية خلال حفل",
     "وأضاف الوزير أن المحطة تعمل بالطاقة", "مخاوف بيئية", "في المقابل، أبدت جمعيات بيئية",
     "وردت الوزارة بأن المحطة مزودة", "ومن المنتظر أن تبدأ أعمال المرحلة الثانية"),
    ("نستخدم ملفات تعريف الارتباط", "الرئيسية", "ارتفاع أسعار الذهب", "عاجل", "شارك",
     "فيسبوك", "طباعة", "caption", "[ads", "اقرأ أيضا", "الحكومة تعلن خطة لترشيد",
     "المصدر", "كلمات دلالية", "إقرأ أيضاً", "مصنع الإسمنت", "بدأ مصنع الإسمنت",
     "مقالات ذات صلة", "انخفاض منسوب السدود", "أضف تعليقك", "اكتب تعليقك", "الأكثر قراءة",
     "تعديل وزاري مرتقب", "تابعونا", "جميع الحقوق محفوظة", "owned", "dataLayer"),
)

TV_CHANNEL = PageCase(
    "tv_channel", (PAGES / "tv_channel.html").read_bytes(), "text/html",
    ("قال مراسل القناة إن وفدا تجاريا", "وأوضح المراسل أن المباحثات تتناول",
     "وأشار رئيس الوفد في تصريح للقناة", "ومن المقرر أن يلتقي الوفد غدا"),
    ("البث المباشر", "انطلاق أعمال المؤتمر", "youtube", "متصفحك لا يدعم", "[vc_", "[embed",
     "vc_column", "covid19", "region-name", "اجمالي الحالات", "شاهد أيضا", "توسعة الميناء",
     "شارك الخبر", "الوسوم", "أخبار ذات صلة", "ارتفاع حركة الحاويات",
     "جدول البرامج", "نشرة الأخبار", "الأكثر مشاهدة", "تابعونا", "NewsArticle"),
)

CP1256 = PageCase(
    "cp1256_meta_only", (PAGES / "cp1256_meta_only.html").read_bytes(), "text/html",
    ("أقر مجلس الوزراء في جلسته الأسبوعية", "وقال وزير المالية في مؤتمر صحفي",
     "وأضاف الوزير أن الحكومة ستحيل المشروع", "ويتوقع خبراء اقتصاديون أن تواجه"),
    ("عربي ودولي", "المصدر", "وكالة الأنباء الرسمية", "كلمات دلالية", "إقرأ أيضاً",
     "البنك المركزي يثبت", "قرر البنك المركزي", "لجنة السياسة النقدية", "مقالات مشابهة",
     "قانون ضريبة الدخل", "الأكثر قراءة", "إغلاق طرق رئيسية", "جميع الحقوق"),
)

_HOSTILE_PARAGRAPHS = (
    "أعلنت البلدية أن أعمال صيانة شبكة الصرف الصحي ستبدأ الأسبوع المقبل في الأحياء الشرقية،"
    " وستستمر نحو شهرين وفق الجدول الزمني الذي أعلنته الإدارة الهندسية.",
    "وقال رئيس البلدية إن الأعمال ستجري ليلا قدر الإمكان للتخفيف من الازدحام المروري،"
    " داعيا السكان إلى متابعة الإعلانات اليومية عن الطرق المغلقة.",
    "وأضاف أن كلفة المشروع تبلغ ثمانية ملايين دينار ممولة بالكامل من موازنة البلدية،"
    " وأن الشركة المنفذة ملزمة بغرامات عن كل يوم تأخير.",
)
HOSTILE = PageCase(
    "hostile",
    (
        "<html><head><title>صيانة \x1b]0;pwned\x07شبكة الصرف</title>"
        "<style>p{color:red}</style>"
        "<script>document.write('\\x1b[2J'); var s='\x1b]52;c;ZXZpbA==\x07';</script>"
        "</head><body>"
        "<a href='javascript:alert(1)'>اضغط هنا للمفاجأة</a>"
        "<iframe src='file:///etc/passwd'>root:x:0:0</iframe>"
        "<article><h1>صيانة شبكة الصرف الصحي</h1>"
        f"<p>{_HOSTILE_PARAGRAPHS[0][:20]}\x1b[31m{_HOSTILE_PARAGRAPHS[0][20:]}</p>"
        f"<p>{_HOSTILE_PARAGRAPHS[1][:30]}&#x1b;]8;;http://evil/&#x1b;\\\u202e"
        f"{_HOSTILE_PARAGRAPHS[1][30:]}\x9b2J</p>"
        "<form action='/x'><input value='أدخل كلمة المرور'><button>دخول</button></form>"
        f"<p>{_HOSTILE_PARAGRAPHS[2]} <a href='javascript:void(0)'>تفاصيل</a></p>"
        "<noscript>فعّل جافاسكربت</noscript>"
        "<object data='data:text/html,evil'>كائن مضمن</object>"
        "</article><svg><text>رسم متجه</text></svg></body></html>"
    ).encode(),
    "text/html; charset=utf-8",
    tuple(p[:20] for p in _HOSTILE_PARAGRAPHS),
    ("pwned", "color:red", "document.write", "ZXZpbA", "اضغط هنا", "root:x", "passwd",
     "كلمة المرور", "دخول", "جافاسكربت", "كائن مضمن", "رسم متجه", "evil", "javascript"),
)

CASES = (WORDPRESS, TV_CHANNEL, CP1256, HOSTILE)


def deep_page(depth: int = 20_000) -> str:
    """An article buried under thousands of nested elements."""
    return ("<html><body>" + "<div>" * depth + "<p>" + _HOSTILE_PARAGRAPHS[0] + "</p>"
            + "</div>" * depth + "</body></html>")


def long_page(paragraphs: int = 2_000) -> str:
    """A page of several megabytes: one article, then an endless list of headlines."""
    items = "".join(f"<li><a href='/n/{i}'>عنوان خبر رقم {i} في القائمة الطويلة</a></li>"
                    for i in range(paragraphs))
    body = "".join(f"<p>{p}</p>" for p in _HOSTILE_PARAGRAPHS)
    return f"<html><body><article>{body}</article><ul>{items}</ul></body></html>"


CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MOJIBAKE = re.compile("[\u00c0-\u00ff\ufffd]|Ø|Ù")


def assert_reads_as_article(case: PageCase, text: str, blocks) -> None:
    """Every paragraph, in order, one block each; none of the dirt; nothing after the last."""
    where = []
    for start in case.paragraphs:
        found = [i for i, b in enumerate(blocks) if b.text.startswith(start)]
        assert found, f"{case.name}: paragraph missing: {start}"
        where.append(found[0])
    assert where == sorted(where), f"{case.name}: paragraphs out of order"
    assert where[-1] == len(blocks) - 1, (
        f"{case.name}: the article goes on after its end: {blocks[where[-1] + 1:]}")
    for dirt in case.absent:
        assert dirt.lower() not in text.lower(), f"{case.name}: {dirt!r} kept"
    assert not CONTROLS.search(text)
    assert not MOJIBAKE.search(text)
