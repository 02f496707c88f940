"""Unrelated articles for story tests: document frequencies need a background."""

from __future__ import annotations

from tui.stories import story_text

_PLACES = "بغداد عمان الرباط تونس الخرطوم الدوحة مسقط صنعاء طرابلس نواكشوط بيروت دمشق".split()
_TOPICS = ("افتتاح مدرسة", "ارتفاع أسعار الخبز", "مهرجان للمسرح", "إصلاح طريق سريع",
           "معرض للصور", "حملة تشجير", "انقطاع الكهرباء", "سوق للكتب")


def background(count: int = 16, start: int = 0) -> list[tuple]:
    """Unrelated articles of the same hours, so that document frequencies mean something."""
    return [(1000 + n, f"bg{n}", start + 900 * n,
             story_text(f"{_TOPICS[n % len(_TOPICS)]} في {_PLACES[n % len(_PLACES)]}",
                        f"قال مسؤولون في {_PLACES[(n * 5) % len(_PLACES)]} إن العمل بدأ."))
            for n in range(count)]
