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


def test_the_arabic_time_column_holds_a_whole_date():
    """Arabic writes months in full ("05 سبتمبر", 9 cells): the headline list's time
    column is as wide, so neither the day nor the month is cut off."""
    from tui import i18n
    from tui.widgets.headline_list import age_cell
    from tui.widgets.mirror import ui

    now = datetime(2026, 12, 6, tzinfo=UTC)
    try:
        i18n.activate("ar")
        for when in (datetime(2026, 9, 5, tzinfo=UTC), datetime(2024, 2, 5, tzinfo=UTC)):
            logical = age(when, now)
            cell = age_cell(ui(logical, "off"))
            assert cell.strip() == logical, (cell, logical)
    finally:
        i18n.activate("en")
