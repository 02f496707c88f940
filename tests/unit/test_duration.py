"""The one duration parser behind --since and the search filter since:."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui.duration import parse_duration
from tui.search import parse_query


@pytest.mark.parametrize(("text", "expected"), [
    ("90m", timedelta(minutes=90)),
    ("24h", timedelta(hours=24)),
    ("7d", timedelta(days=7)),
    ("2w", timedelta(weeks=2)),
    (" 12 H ", timedelta(hours=12)),
    ("0h", timedelta(0)),
])
def test_durations_users_write(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(("text", "says"), [
    ("", "use a number and m, h, d or w"),
    ("xyz", "use a number and m, h, d or w"),
    ("5", "use a number and m, h, d or w"),
    ("5y", "use a number and m, h, d or w"),
    ("1.5h", "use a number and m, h, d or w"),
    ("-5h", "counts back from now, so write 5h"),
    ("99999999999w", "longer than 100 years"),
])
def test_a_bad_duration_says_why_in_one_line(text, says):
    with pytest.raises(ValueError) as caught:
        parse_duration(text)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


def test_search_since_uses_the_same_parser():
    assert parse_query("x since:12 h").since is None  # the space ends the filter's value
    assert parse_query("x since:2W").since == timedelta(weeks=2)
    assert parse_query("x since:-5h").problems == ("since:-5h",)
