"""The digest's plain-text headings, without a server or a store."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from tui.models import Article
from tui.output import DigestGroup, write_digest

WHEN = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def article(n: int, feed: str) -> Article:
    return Article(id=n, feed_url=f"https://{feed}.example/rss", feed_title=feed, guid=str(n),
                   title=f"headline {n}", link=f"https://{feed}.example/{n}", author="",
                   published=WHEN, first_seen=WHEN, summary="", content="", read=False,
                   starred=False)


def heading(group: DigestGroup) -> str:
    out = io.StringIO()
    write_digest([group], out)
    return out.getvalue().splitlines()[0]


def test_a_story_from_one_source_says_source_not_sources():
    group = DigestGroup("headline 1", (article(1, "wire"), article(2, "wire")), story=7)
    assert heading(group).endswith("2 articles · 1 source")
    group = DigestGroup("headline 1", (article(1, "wire"), article(2, "post")), story=7)
    assert heading(group).endswith("2 articles · 2 sources")


def test_a_feed_group_with_one_article():
    assert heading(DigestGroup("wire", (article(1, "wire"),))).endswith("━━ 1 article")
