"""Layout throughput for a 20,000-character Arabic article at width 80.

Run: python bench/bench_layout.py   (from the repository root)

The article is generated from a vocabulary of news words (Zipf-like draw, so
words repeat as in real text) with Latin names, numbers, percentages, dates
and brackets mixed in. Each run clears the word-shaping cache first, so the
figure is for an article seen for the first time.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.text import bidi  # noqa: E402

VOCAB = """في من على إلى أن قال وزير الخارجية الحكومة الرئيس المحادثات الاتفاق البلدين
العلاقات التعاون الاقتصادي العسكري الأمن الاستقرار المنطقة الشرق الأوسط مجلس الأمن الدولي
الأمم المتحدة المؤتمر الصحفي الأسبوع الماضي العام الجديد مليون دولار النفط الغاز الطاقة
الكهرباء المياه الزراعة الصناعة التجارة الاستثمار المشاريع البنية التحتية المدينة العاصمة
القاهرة الرياض بغداد دمشق عمان بيروت تونس الرباط الجزائر الخرطوم أنقرة موسكو واشنطن
وأضاف وأكد وأشار وأوضح مشيرا مؤكدا حيث كما بين خلال بعد قبل منذ حتى الذي التي الذين
لا لم لن قد هذا هذه ذلك تلك هناك الإعلان القرار الخطة المرحلة الأولى الثانية الجلسة""".split()
EXTRA = [
    "NASA",
    "COVID-19",
    "Siemens",
    "(وفق البيان)",
    "«المرحلة المقبلة»",
    "12/05/2024",
    "10%",
    "٢٠٢٤",
    "3.5",
    "[الملحق]",
    "“تصريح”",
]


def article(chars: int = 20_000, seed: int = 7) -> str:
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(VOCAB))]
    words: list[str] = []
    size = 0
    while size < chars:
        w = rng.choice(EXTRA) if rng.random() < 0.04 else rng.choices(VOCAB, weights)[0]
        if rng.random() < 0.07:
            w += rng.choice("،.")
        words.append(w)
        size += len(w) + 1
    return " ".join(words)[:chars].rsplit(" ", 1)[0]


def main() -> None:
    text = article()
    times = []
    for _ in range(15):
        bidi._shape_word.cache_clear()
        start = time.perf_counter()
        lines = bidi.layout(text, 80)
        times.append(time.perf_counter() - start)
    med = statistics.median(times)
    print(f"article: {len(text)} chars, {len(lines)} lines at width 80")
    print(f"layout median of {len(times)} runs (cold shaping cache): {med * 1000:.1f} ms")
    print(f"throughput: {len(text) / med / 1e6:.2f} M chars/s   (target: < 50 ms)")
    print("command: python bench/bench_layout.py")


if __name__ == "__main__":
    main()
