"""The digest laid out for a terminal: every line fits its width (issue #13.5),
dates carry their year when it is not this one (#13.11). No store, no server."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from tui.models import Article
from tui.output import DigestGroup, group_by_feed, stamp, write_digest
from tui.text.bidi import cell_width

NOW = datetime.now(UTC)
FEEDS = {
    "https://gulf.example/rss": "Gulf Markets & Tech | أسواق الخليج والتقنية اليومية",
    "https://jazeera.example/rss": "الجزيرة نت — آخر الأخبار العاجلة من العالم العربي",
    "https://wire.example/rss": "Harbour Wire",
    "https://long.example/rss": "A feed with a rather long English name about everything",
}
TITLES = [
    "وزير الخارجية يصل إلى أنقرة في زيارة تستمر يومين لبحث العلاقات الثنائية",
    "Port workers end a three-day strike after a pay deal",
    "NASA تطلق مسبارا جديدا لدراسة الشمس",
    "انتخابات بلدية في ثلاث محافظات",
]


def article(n: int, feed: str, when: datetime, story: int | None = None) -> Article:
    return Article(
        id=n, feed_url=feed, feed_title=FEEDS[feed], guid=f"g{n}", title=TITLES[n % 4],
        link=f"https://{feed.split('/')[2]}/news/{n}", author="", published=when,
        first_seen=when, summary="<p>" + TITLES[(n + 1) % 4] * 3 + "</p>", content="",
        read=False, starred=False, story_id=story,
    )


def articles() -> list[Article]:
    out = []
    for i, feed in enumerate(FEEDS):
        for j in range(3):
            out.append(article(4 * i + j, feed, NOW - timedelta(hours=i * 30 + j * 400)))
    return out


def digest(groups, width: int, mode: str) -> list[str]:
    out = io.StringIO()
    write_digest(groups, out, width=width, mode=mode)
    return out.getvalue().splitlines()


def story_groups() -> list[DigestGroup]:
    items = articles()
    return [DigestGroup(items[0].title, tuple(items[:5]), story=1),
            DigestGroup(items[5].title, tuple(items[5:]), story=2)]


@pytest.mark.parametrize("mode", ["on", "off"])
@pytest.mark.parametrize("by", ["feed", "story"])
def test_every_line_but_a_bare_link_fits_the_width(mode, by):
    groups = group_by_feed(articles()) if by == "feed" else story_groups()
    for width in range(30, 121):
        for line in digest(groups, width, mode):
            if line.strip().startswith("https://"):
                continue
            assert cell_width(line) <= width, (width, line)


def test_a_long_feed_name_is_cut_and_the_count_kept():
    lines = digest(group_by_feed(articles()), 44, "on")
    headers = [line for line in lines if line.startswith("━━")]
    assert len(headers) == 4
    assert all(h.endswith("━━ 3 articles") for h in headers), headers
    assert "━━ Harbour Wire ━━ 3 articles" in headers
    gulf = next(h for h in headers if "Gulf" in h)
    assert "…" in gulf and cell_width(gulf) <= 44


def test_the_header_is_untouched_when_it_fits():
    lines = digest(group_by_feed(articles()), 120, "off")
    assert f"━━ {FEEDS['https://gulf.example/rss']} ━━ 3 articles" in lines


def test_a_date_of_another_year_shows_the_year():
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert stamp(now - timedelta(minutes=5), now) == (now - timedelta(minutes=5)).astimezone(
    ).strftime("%H:%M")
    assert stamp(datetime(2026, 9, 5, 12, tzinfo=UTC), now) == "05 Sep"
    assert stamp(datetime(2024, 9, 5, 12, tzinfo=UTC), now) == "05 Sep 2024"


def test_the_time_column_widens_for_a_year_and_the_lines_still_fit():
    old = [article(1, "https://wire.example/rss", datetime(2024, 9, 5, 12, tzinfo=UTC)),
           article(2, "https://wire.example/rss", NOW)]
    for width in range(30, 121):
        lines = digest(group_by_feed(old), width, "on")
        assert any(line.startswith("05 Sep 2024  ") for line in lines)
        assert all(cell_width(x) <= width for x in lines if not x.lstrip().startswith("https"))
