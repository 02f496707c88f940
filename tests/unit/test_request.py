"""The command line becomes a typed request for the headless modes."""

from __future__ import annotations

from datetime import timedelta

from tui.cli import build_parser, headless_request
from tui.headless import Request


def request(*argv: str) -> Request:
    return headless_request(build_parser().parse_args(list(argv)))


def test_headlines_defaults():
    assert request("--headlines") == Request(mode="headlines")


def test_digest_counts_back_24h_unless_told():
    assert request("--digest").since == timedelta(hours=24)
    assert request("--digest", "--since", "7d").since == timedelta(days=7)
    assert request("--headlines").since is None
    assert request("--headlines", "--since", "90m").since == timedelta(minutes=90)


def test_every_flag_reaches_the_request():
    req = request("--digest", "--offline", "--unread", "--starred", "--feed", "Wire",
                  "--tag", "world", "--search", "لافروف", "--sort", "rank", "--json",
                  "--by", "story", "--mark-read", "--bidi", "on")
    assert req == Request(mode="digest", offline=True, since=timedelta(hours=24),
                          unread=True, starred=True, feed="Wire", tag="world",
                          search="لافروف", sort="rank", as_json=True, by="story",
                          mark_read=True, bidi="on")


def test_the_request_is_frozen():
    import dataclasses

    import pytest

    with pytest.raises(dataclasses.FrozenInstanceError):
        request("--headlines").unread = True  # type: ignore[misc]
