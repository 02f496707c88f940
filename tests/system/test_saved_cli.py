"""Saved searches and the mute list in headless output (#17): the CLI against a real
HTTP server and store. Muted articles are hidden from every output, yet kept."""

from __future__ import annotations

import json

import pytest

from tests.saved_support import MUTE, serve_news, write_feeds
from tui.cli import main


@pytest.fixture
def news(feed_server, tmp_path):
    a, b = serve_news(feed_server)
    return lambda mute="": str(write_feeds(tmp_path / "feeds.toml", a, b, mute))


def _run(capsys, *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def _titles(out: str) -> list[str]:
    return [line.split("\t")[2] for line in out.splitlines()]


def test_mute_hides_from_every_output_and_keeps_the_articles(news, capsys):
    path = news(MUTE)
    out = _titles(_run(capsys, "--headlines", "--config", path))
    assert out and "إعلان: تخفيضات كبرى" not in out
    assert "مباراة كرة القدم في سوريا" not in out
    assert "سباق الدراجات" in out  # tag:sport alone does not mute

    records = [json.loads(x) for x in
               _run(capsys, "--headlines", "--offline", "--json", "--config", path).splitlines()]
    assert len(records) == 3 and "muted" not in records[0]
    digest = _run(capsys, "--digest", "--offline", "--config", path)
    assert "إعلان" not in digest and "كرة القدم" not in digest
    by_story = _run(capsys, "--digest", "--offline", "--by", "story", "--config", path)
    assert "إعلان" not in by_story
    assert "إعلان" not in _run(capsys, "--headlines", "--offline", "--search", "تخفيضات",
                                "--config", path)

    every = [json.loads(x) for x in _run(capsys, "--headlines", "--offline", "--json",
                                         "--include-muted", "--config", path).splitlines()]
    assert len(every) == 5
    assert sorted(r["title"] for r in every if r["muted"]) == [
        "إعلان: تخفيضات كبرى", "مباراة كرة القدم في سوريا"]

    # Marking read what was printed leaves the muted ones alone; removing the mute
    # list shows them again: they were kept.
    _run(capsys, "--headlines", "--offline", "--mark-read", "--config", path)
    path = news()
    again = [json.loads(x) for x in _run(capsys, "--headlines", "--offline", "--json",
                                         "--unread", "--config", path).splitlines()]
    assert sorted(r["title"] for r in again) == [
        "إعلان: تخفيضات كبرى", "مباراة كرة القدم في سوريا"]


def test_feed_name_selects_a_saved_search(news, capsys):
    path = news(MUTE)
    out = _titles(_run(capsys, "--headlines", "--feed", "تركيا وسوريا", "--config", path))
    assert out == ["لقاء بين تركيا وسوريا"]  # the football one is muted
    digest = _run(capsys, "--digest", "--offline", "--feed", "تركيا وسوريا", "--config", path)
    assert "لقاء بين تركيا وسوريا" in digest and "أمطار" not in digest
    # a part of the name is a feed title match, as before: none here
    assert main(["--headlines", "--offline", "--feed", "تركيا", "--config", path]) == 2
