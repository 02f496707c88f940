"""The feeds file of the saved-search and mute tests (#17): two feeds, a saved search,
comments to keep, and a mute list put in by the test."""

from __future__ import annotations

from pathlib import Path

from tests.support import rss

FEEDS = """\
# my feeds — a comment to keep
[settings]
refresh_minutes = 15   # inline comment
{mute}

[[feeds]]
url = "{a}"
tags = ["عربي"]

[[feeds]]
url = "{b}"
tags = ["sport"]

[[searches]]
name = "تركيا وسوريا"
query = "تركيا OR سوريا"
"""

MUTE = 'mute = ["tag:sport كرة", "إعلان"]'
"""Mutes the advertisement (a word) and the football match (a tag and a word)."""


def write_feeds(path: Path, a: str = "https://a.example/rss",
                b: str = "https://b.example/rss", mute: str = "") -> Path:
    path.write_text(FEEDS.format(a=a, b=b, mute=mute), encoding="utf-8")
    return path


def serve_news(server) -> tuple[str, str]:
    """Two feeds on the test server: an Arabic paper and a sports feed; their URLs."""
    a = server.add("/a.xml", rss("صحيفة أ", [
        ("a1", "لقاء بين تركيا وسوريا", "<p>مباحثات</p>"),
        ("a2", "إعلان: تخفيضات كبرى", "<p>اشتر الآن</p>"),
        ("a3", "أمطار على الساحل", "<p>طقس</p>"),
    ]))
    b = server.add("/b.xml", rss("رياضة", [
        ("b1", "مباراة كرة القدم في سوريا", "<p>نتيجة</p>"),
        ("b2", "سباق الدراجات", "<p>فوز</p>"),
    ]))
    return a, b
