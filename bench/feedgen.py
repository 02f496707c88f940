"""Deterministic synthetic RSS 2.0 feeds with Arabic content, for akhbar's benchmarks.

Each feed has ``items`` items (default 50): an Arabic title of about 60 characters, an
Arabic summary in ``<description>``, a 1-4 KB HTML body in ``content:encoded``
(paragraphs, links, strong/em, some img/blockquote, about 4 % Latin/number tokens),
a unique guid and an RFC-822 pubDate in one of several time zones.

Feed ``i`` depends only on (seed, i, variant, items, base date), so the first 200 feeds of
a 2000-feed set are the 200-feed set. ``variant`` > 0 keeps titles, guids, links and dates
and changes the bodies (the "changed" benchmark case).

Module use::

    from feedgen import generate
    files = generate(200)            # {"f0001.xml": b"<?xml ...", ...}

CLI::

    python bench/feedgen.py --n 200 --out /tmp/feeds [--changed] [--seed 0]

``ensure_feeds()`` keeps a cache under ``bench/out/feeds/`` (gitignored) so a benchmark
generates each feed once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
CACHE_ROOT = HERE / "out" / "feeds"

# A news vocabulary, written for this generator (no corpus). Nouns, verbs, names, places.
WORDS = """
الحكومة الوزير الرئيس البرلمان المجلس الوزراء الخارجية الداخلية الاقتصاد الطاقة النفط الغاز
الكهرباء المياه الزراعة التعليم الصحة المستشفى الجامعة المدرسة الطلاب المعلمين الأطباء
المواطنين السكان اللاجئين العمال الشركات المصارف البنك المركزي الأسواق البورصة الأسهم
الدولار اليورو الذهب الأسعار التضخم الميزانية الضرائب الاستثمار المشاريع البنية التحتية
الطرق الموانئ المطار القطار الشحن التجارة الصادرات الواردات الاتفاقية المعاهدة القمة
المؤتمر الاجتماع المباحثات المفاوضات الحوار الوفد السفير السفارة القنصلية الأمم المتحدة
الجامعة العربية الاتحاد الأوروبي حلف الناتو مجلس الأمن المنظمة الدولية الصليب الأحمر
الجيش القوات الشرطة الأمن الحدود الهدنة وقف إطلاق النار السلام الاستقرار الأزمة الصراع
الانتخابات الدستور القانون المحكمة القاضي النيابة التحقيق المتهمين الحكم الاستئناف
الصحافة الإعلام الوكالة المراسل البيان التصريح المتحدث الرسمي المصادر التقرير الدراسة
المناخ الأمطار الفيضانات الجفاف الحرارة العاصفة الزلزال البيئة التلوث الغابات البحر
الرياضة المنتخب الدوري البطولة المباراة الفريق المدرب اللاعب الملعب الكأس الميدالية
الثقافة المهرجان المعرض الكتاب الرواية الشاعر الفيلم المسرح الموسيقى التراث المتحف
التقنية الإنترنت الهاتف التطبيق البيانات الذكاء الاصطناعي الشبكة الأقمار الفضاء العلماء
القاهرة الرياض بغداد دمشق بيروت عمان الدوحة الرباط تونس الجزائر الخرطوم صنعاء مسقط الكويت
أبوظبي طرابلس نواكشوط القدس غزة إسطنبول أنقرة طهران موسكو بكين واشنطن باريس لندن برلين
كازاخستان أوزبكستان طاجيكستان قرغيزستان تركمانستان أذربيجان جورجيا أرمينيا سوتشي طشقند
يعلن يؤكد يبحث يناقش يوقع يستقبل يزور يدعو يحذر يطالب يرفض يوافق يقرر يفتتح يطلق يشارك
تعلن تؤكد تبحث تناقش توقع تستقبل تزور تدعو تحذر تطالب ترفض توافق تقرر تفتتح تطلق تشارك
ارتفاع انخفاض زيادة تراجع نمو تعزيز تطوير دعم توسيع تحسين إصلاح خطة برنامج مبادرة مشروع
جديد جديدة كبير كبيرة واسع واسعة مشترك مشتركة عاجل رسمي رسمية دولي دولية إقليمي محلية
اليوم أمس غدا الأسبوع الشهر العام المقبل الماضي الحالي خلال بعد قبل حول بين مع على في من
إلى عن منذ حتى رغم وسط أمام لدى نحو أكثر أقل أول آخر ثلاثة أربعة خمسة عشرة مئات آلاف
ملايين مليار نسبة المئة قياسية تاريخية اقتصادية سياسية عسكرية أمنية إنسانية اجتماعية
""".split()

CONNECTORS = "و ثم كما بينما حيث إذ لكن أيضا".split()

# About 4 % of body tokens: Latin words, numbers and mixed tokens (mixed-direction text).
LATIN = """
BBC CNN Reuters AFP NATO OPEC+ G20 BRICS COVID-19 GDP IMF UN EU USA iPhone Android
5G AI S-400 F-16 Boeing Airbus Google Meta Twitter X Amazon Tesla FIFA UEFA
2024 2025 2026 2027 1.5 3.7 12 45 100 250 1000 15% 30% 7.2% $500 €20 km² 24/7
""".split()

FEED_NAMES = """
أخبار اليوم صوت المدينة النهار الجديد الشرق الأوسط أنباء آسيا الوسطى وكالة الأنباء
صحيفة الوطن موقع البلد إذاعة الشعب قناة الأخبار مرصد الاقتصاد الرياضة الآن
""".split()

TIMEZONES = [
    ("GMT", 0),
    ("+0000", 0),
    ("+0300", 180),
    ("+0200", 120),
    ("+0100", 60),
    ("-0500", -300),
    ("+0530", 330),
    ("+0400", 240),
]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def default_base_date() -> dt.date:
    """Items are dated in the days before this (today, UTC), so no reader purges them."""
    return dt.datetime.now(dt.UTC).date()


def rfc822(t: dt.datetime, rng: random.Random) -> str:
    name, minutes = rng.choice(TIMEZONES)
    local = t + dt.timedelta(minutes=minutes)
    return (
        f"{DAYS[local.weekday()]}, {local.day:02d} {MONTHS[local.month - 1]} {local.year} "
        f"{local.hour:02d}:{local.minute:02d}:{local.second:02d} {name}"
    )


def _words(rng: random.Random, k: int, latin: float = 0.0) -> list[str]:
    out = rng.choices(WORDS, k=k)
    if latin:
        for i in range(k):
            if rng.random() < latin:
                out[i] = rng.choice(LATIN)
    return out


def _title(rng: random.Random) -> str:
    target = rng.randint(50, 70)
    words: list[str] = []
    length = -1
    while length < target:
        w = rng.choice(WORDS) if rng.random() > 0.03 else rng.choice(LATIN)
        words.append(w)
        length += len(w) + 1
    return " ".join(words)


def _sentence(rng: random.Random) -> str:
    words = _words(rng, rng.randint(8, 18), latin=0.04)
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(CONNECTORS))
    return " ".join(words) + rng.choice([".", ".", "،", "؟", "!"])


def _inline(rng: random.Random, feed: int, item: int) -> str:
    """One paragraph's inner HTML: sentences with links, strong and em."""
    parts = []
    for _ in range(rng.randint(2, 4)):
        s = _sentence(rng)
        r = rng.random()
        if r < 0.18:
            words = s.split(" ")
            a = rng.randint(0, max(0, len(words) - 3))
            words[a] = f'<a href="https://news{feed:04d}.example/tag/{rng.randint(1, 999)}">' \
                f"{words[a]}</a>"
            s = " ".join(words)
        elif r < 0.33:
            words = s.split(" ")
            a = rng.randint(0, max(0, len(words) - 3))
            tag = rng.choice(["strong", "em"])
            words[a] = f"<{tag}>{words[a]} {words[a + 1]}</{tag}>"
            del words[a + 1]
            s = " ".join(words)
        parts.append(s)
    return " ".join(parts)


def _body(rng: random.Random, feed: int, item: int) -> str:
    target = rng.randint(1024, 3700)  # bytes of UTF-8; blocks overshoot to about 4 KB
    blocks: list[str] = []
    size = 0
    while size < target:
        r = rng.random()
        if r < 0.07:
            block = (
                f'<p><img src="https://img{feed:04d}.example/{item}/{rng.randint(1, 99)}.jpg" '
                f'alt="{" ".join(_words(rng, 3))}" width="640" height="360"/></p>'
            )
        elif r < 0.14:
            block = f"<blockquote><p>{_sentence(rng)}</p></blockquote>"
        else:
            block = f"<p>{_inline(rng, feed, item)}</p>"
        blocks.append(block)
        size += len(block.encode())
    return "\n".join(blocks)


def generate_feed(index: int, items: int = 50, seed: int = 0, variant: int = 0,
                  base_date: dt.date | None = None) -> bytes:
    """The bytes of feed number ``index`` (1-based)."""
    base_date = base_date or default_base_date()
    meta = random.Random(f"akhbar-bench:{seed}:{index}:meta")
    body_rng = random.Random(f"akhbar-bench:{seed}:{index}:body:{variant}")
    base = dt.datetime(base_date.year, base_date.month, base_date.day, tzinfo=dt.UTC)
    name = " ".join(meta.sample(FEED_NAMES, 2))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{escape(name)} {index:04d}</title>\n"
        f"<link>https://news{index:04d}.example/</link>\n"
        f"<description>{escape(_sentence(meta))}</description>\n"
        "<language>ar</language>\n"
    ]
    t = base - dt.timedelta(minutes=meta.randint(5, 600))
    for j in range(items):
        title = _title(meta)
        link = f"https://news{index:04d}.example/{t:%Y/%m/%d}/{j:03d}-{meta.randint(1000, 9999)}"
        date = rfc822(t, meta)
        author = " ".join(meta.sample(WORDS, 2))
        summary = " ".join(_sentence(body_rng) for _ in range(body_rng.randint(1, 2)))
        body = _body(body_rng, index, j)
        out.append(
            "<item>\n"
            f"<title>{escape(title)}</title>\n"
            f"<link>{link}</link>\n"
            f'<guid isPermaLink="false">urn:akhbar-bench:{seed}:{index}:{j}</guid>\n'
            f"<pubDate>{date}</pubDate>\n"
            f"<dc:creator>{escape(author)}</dc:creator>\n"
            f"<description>{escape(summary)}</description>\n"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>\n"
            "</item>\n"
        )
        t -= dt.timedelta(minutes=meta.randint(3, 240), seconds=meta.randint(0, 59))
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode()


def feed_name(index: int) -> str:
    return f"f{index:04d}.xml"


def generate(n: int, items: int = 50, seed: int = 0, variant: int = 0,
             base_date: dt.date | None = None) -> dict[str, bytes]:
    """``n`` feeds in memory: {"f0001.xml": bytes, ...}."""
    base_date = base_date or default_base_date()
    return {feed_name(i): generate_feed(i, items, seed, variant, base_date)
            for i in range(1, n + 1)}


def _write_one(args: tuple[Path, int, int, int, int, dt.date]) -> None:
    path, index, items, seed, variant, base_date = args
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(generate_feed(index, items, seed, variant, base_date))
    tmp.replace(path)


def write_feeds(out: Path, n: int, items: int = 50, seed: int = 0, variant: int = 0,
                base_date: dt.date | None = None, jobs: int | None = None) -> Path:
    """Write feeds 1..n into ``out`` (skipping files already there); returns ``out``."""
    base_date = base_date or default_base_date()
    out.mkdir(parents=True, exist_ok=True)
    todo = [(out / feed_name(i), i, items, seed, variant, base_date)
            for i in range(1, n + 1) if not (out / feed_name(i)).exists()]
    if not todo:
        return out
    jobs = jobs or min(len(todo) // 50 + 1, os.cpu_count() or 1)
    if jobs <= 1:
        for t in todo:
            _write_one(t)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_write_one, todo, chunksize=16))
    return out


def cache_dir(items: int = 50, seed: int = 0, base_date: dt.date | None = None) -> Path:
    base_date = base_date or default_base_date()
    return CACHE_ROOT / f"s{seed}-i{items}-{base_date:%Y%m%d}"


def ensure_feeds(n: int, items: int = 50, seed: int = 0, variants: tuple[int, ...] = (0,),
                 base_date: dt.date | None = None) -> Path:
    """Cached feeds under bench/out/feeds/<key>/v<variant>/; returns the <key> dir.

    Caches of other base dates are removed (they would be regenerated anyway).
    """
    base_date = base_date or default_base_date()
    root = cache_dir(items, seed, base_date)
    if CACHE_ROOT.exists():
        for old in CACHE_ROOT.iterdir():
            if old.is_dir() and old.name.startswith(f"s{seed}-i{items}-") and old != root:
                import shutil

                shutil.rmtree(old, ignore_errors=True)
    for v in variants:
        write_feeds(root / f"v{v}", n, items, seed, v, base_date)
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="number of feeds (default 200)")
    ap.add_argument("--items", type=int, default=50, help="items per feed (default 50)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--changed", action="store_true",
                    help="the same feeds with changed bodies (variant 1)")
    ap.add_argument("--variant", type=int, default=None, help="body variant (overrides --changed)")
    ap.add_argument("--base-date", type=dt.date.fromisoformat, default=None,
                    help="items are dated before this day, UTC (default: today)")
    ap.add_argument("--out", type=Path, required=True, help="directory to write f0001.xml ...")
    ap.add_argument("--jobs", type=int, default=None)
    a = ap.parse_args(argv)
    variant = a.variant if a.variant is not None else int(a.changed)
    write_feeds(a.out, a.n, a.items, a.seed, variant, a.base_date, a.jobs)
    total = sum((a.out / feed_name(i)).stat().st_size for i in range(1, a.n + 1))
    print(f"{a.n} feeds, {total / 1e6:.1f} MB in {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
