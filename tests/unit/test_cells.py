"""Relative times of the headline rows and the article header (issue #13.11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.widgets.cells import age, ago

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def test_recent_times_are_ages():
    assert age(NOW - timedelta(seconds=5), NOW) == "now"
    assert age(NOW - timedelta(minutes=5), NOW) == "5m"
    assert age(NOW - timedelta(hours=3), NOW) == "3h"
    assert age(NOW - timedelta(days=2), NOW) == "2d"


def test_a_date_of_another_year_shows_its_year_in_six_cells():
    assert age(datetime(2026, 1, 1, tzinfo=UTC), NOW) == "01 Jan"
    assert age(datetime(2025, 12, 1, tzinfo=UTC), NOW) == "Dec'25"  # last month, last year
    assert age(datetime(2024, 9, 5, tzinfo=UTC), NOW) == "Sep'24"
    for days in range(0, 2000, 7):
        assert len(age(NOW - timedelta(days=days), NOW)) <= 6


def test_the_header_says_an_age_never_a_bare_year():
    assert ago(NOW - timedelta(days=2), NOW) == "2d"
    assert ago(NOW - timedelta(days=20), NOW) == "2w"
    assert ago(NOW - timedelta(days=150), NOW) == "4mo"
    assert ago(datetime(2024, 9, 5, tzinfo=UTC), NOW) == "1y"
