"""Dates end to end (#13.11): a 2099 item over the real server, a past year's item.

The store first saw the 2099 item two days ago (a run of akhbar then); today's
run refreshes over HTTP and prints. A date in the future shows and sorts as when
it was first seen; JSON keeps the feed's own; another year's date shows its year.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from tests.support import write_config
from tui import paths
from tui.cli import main
from tui.models import ParsedArticle
from tui.output import iso_utc
from tui.store import Store

FUTURE = datetime(2099, 1, 1, tzinfo=UTC)
PAST_YEAR = datetime(2024, 9, 5, 12, 0, tzinfo=UTC)


def item(guid: str, title: str, when: datetime) -> str:
    return (f"<item><guid>{guid}</guid><title>{title}</title>"
            f"<link>https://dates.example/{guid}</link>"
            f"<pubDate>{format_datetime(when)}</pubDate></item>")


@pytest.fixture
def seen(feed_server, tmp_path):
    """(config, when the 2099 item was first seen): served with a recent and an old item."""
    now = datetime.now(UTC).replace(microsecond=0)
    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            "<title>Dates</title><link>https://dates.example/</link>"
            + item("future", "From the future", FUTURE)
            + item("recent", "An hour ago", now - timedelta(hours=1))
            + item("old", "A past year", PAST_YEAR)
            + "</channel></rss>")
    url = feed_server.add("/dates.xml", body)
    first_seen = now - timedelta(days=2)
    with Store(paths.store_file()) as store:
        store.upsert_articles(url, [ParsedArticle(
            guid="future", link="https://dates.example/future", title="From the future",
            published=FUTURE)], now=first_seen.timestamp())
    return write_config(tmp_path / "feeds.toml", [{"url": url}]), first_seen


def run(capsys, config, *args: str) -> str:
    assert main([*args, "--config", str(config)]) == 0
    return capsys.readouterr().out


def test_json_keeps_the_feeds_date_and_the_list_sorts_by_first_seen(seen, capsys):
    config, first_seen = seen
    records = [json.loads(line) for line in run(capsys, config, "--headlines", "--json")
               .splitlines()]
    assert [r["title"] for r in records] == ["An hour ago", "From the future", "A past year"]
    future = records[1]
    assert future["published"] == "2099-01-01T00:00:00Z"
    assert future["first_seen"] == iso_utc(first_seen)
    assert records[2]["published"] == "2024-09-05T12:00:00Z"

    rows = [line.split("\t") for line in
            run(capsys, config, "--headlines", "--offline").splitlines()]
    assert [r[2] for r in rows] == ["An hour ago", "From the future", "A past year"]
    assert rows[1][0] == iso_utc(first_seen)
    assert rows[2][0] == "2024-09-05T12:00:00Z"

    doc = json.loads(run(capsys, config, "--digest", "--json", "--offline", "--since", "520w"))
    published = {a["title"]: a["published"] for g in doc["groups"] for a in g["articles"]}
    assert published["From the future"] == "2099-01-01T00:00:00Z"


def test_the_digest_shows_first_seen_for_2099_and_the_year_of_a_past_year(seen, capsys):
    config, first_seen = seen
    out = run(capsys, config, "--digest", "--since", "520w")
    lines = out.splitlines()
    assert "2099" not in out
    local = first_seen.astimezone()
    shown = local.strftime("%d %b" if local.year == datetime.now().year else "%d %b %Y")
    assert any(line.startswith(shown) and "From the future" in line for line in lines)
    assert any(line.startswith("05 Sep 2024") and "A past year" in line for line in lines)
    # Within 24 h (the digest's default) a 2099 item first seen two days ago is gone.
    assert "From the future" not in run(capsys, config, "--digest", "--offline")
