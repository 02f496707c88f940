"""Saved searches and the mute list (#17): config checks, every output, the store kept,
saving from the app. Real HTTP server, real store, the CLI and Pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_search_cli import rss

from tui.cli import main
from tui.config import ConfigError, load
from tui.saved import SaveError, append_search

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


@pytest.fixture
def news(feed_server, tmp_path):
    a = feed_server.add("/a.xml", rss("صحيفة أ", [
        ("a1", "لقاء بين تركيا وسوريا", "<p>مباحثات</p>"),
        ("a2", "إعلان: تخفيضات كبرى", "<p>اشتر الآن</p>"),
        ("a3", "أمطار على الساحل", "<p>طقس</p>"),
    ]))
    b = feed_server.add("/b.xml", rss("رياضة", [
        ("b1", "مباراة كرة القدم في سوريا", "<p>نتيجة</p>"),
        ("b2", "سباق الدراجات", "<p>فوز</p>"),
    ]))

    def config(mute: str = "") -> Path:
        path = tmp_path / "feeds.toml"
        path.write_text(FEEDS.format(a=a, b=b, mute=mute), encoding="utf-8")
        return path

    return config


MUTE = 'mute = ["tag:sport كرة", "إعلان"]'


def _run(capsys, *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def _titles(out: str) -> list[str]:
    return [line.split("\t")[2] for line in out.splitlines()]


# -- config ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "words"), [
    ('[[searches]]\nname = "x"\n', 1, "needs query"),
    ('[[searches]]\nname = "x"\nquery = "is:bogus"\n', 3, "is:bogus is not a filter"),
    ('[[searches]]\nname = "x"\nquery = "since:7"\n', 3, "since:7"),
    ('[[searches]]\nname = "x"\nquery = "a"\ncolour = 1\n', 4, 'unknown key "colour"'),
    ('[[searches]]\nname = "x"\nquery = "a"\n\n[[searches]]\nname = "x"\nquery = "b"\n',
     6, "duplicate search name"),
    ('[settings]\nmute = "tag:nosuch word"\n', 2, "no feed has the tag 'nosuch'"),
    ('[settings]\n\nmute = [1]\n', 3, "list of strings"),
    ('[settings]\nmute = ["-"]\n', 2, "would select every article"),
])
def test_config_errors_name_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load(path)
    assert e.value.line == line
    assert words in e.value.message


def test_config_reads_searches_and_mute(news):
    config = load(news(MUTE))
    assert [(s.name, s.query) for s in config.searches] == [("تركيا وسوريا", "تركيا OR سوريا")]
    assert config.settings.mute == ("tag:sport كرة", "إعلان")


# -- headless --------------------------------------------------------------------

def test_mute_hides_from_every_output_and_keeps_the_articles(news, capsys):
    path = str(news(MUTE))
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
    path = str(news())
    again = [json.loads(x) for x in _run(capsys, "--headlines", "--offline", "--json",
                                         "--unread", "--config", path).splitlines()]
    assert sorted(r["title"] for r in again) == [
        "إعلان: تخفيضات كبرى", "مباراة كرة القدم في سوريا"]


def test_feed_name_selects_a_saved_search(news, capsys):
    path = str(news(MUTE))
    out = _titles(_run(capsys, "--headlines", "--feed", "تركيا وسوريا", "--config", path))
    assert out == ["لقاء بين تركيا وسوريا"]  # the football one is muted
    digest = _run(capsys, "--digest", "--offline", "--feed", "تركيا وسوريا", "--config", path)
    assert "لقاء بين تركيا وسوريا" in digest and "أمطار" not in digest
    # a part of the name is a feed title match, as before: none here
    assert main(["--headlines", "--offline", "--feed", "تركيا", "--config", path]) == 2


# -- saving a search ---------------------------------------------------------------

def test_saving_a_search_keeps_comments_and_layout(news):
    path = news(MUTE)
    before = path.read_text(encoding="utf-8")
    append_search(path, "أمطار", "أمطار since:7d")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    assert after.endswith('[[searches]]\nname = "أمطار"\nquery = "أمطار since:7d"\n')
    assert [s.name for s in load(path).searches] == ["تركيا وسوريا", "أمطار"]
    with pytest.raises(SaveError):
        append_search(path, "أمطار", "x")
    with pytest.raises(SaveError):
        append_search(path, "bad", "is:nothing")
    assert path.read_text(encoding="utf-8") == after


# -- the app ---------------------------------------------------------------------

async def test_app_saved_search_counts_follow_refresh_and_reads(news, tmp_path):
    from tui.app import make_app
    from tui.paths import store_file

    config = load(news(MUTE))
    app = make_app(config, store_file(), refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        entry = next(e for e in app.library.feed_entries() if e.kind == "search")
        assert entry.label == "تركيا وسوريا" and entry.unread == 0
        app.action_refresh() if hasattr(app, "action_refresh") else app.main.action_refresh()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        entry = next(e for e in app.library.feed_entries() if e.kind == "search")
        assert entry.unread == 1  # the football match in Syria is muted
        app.main.show_search_entry(entry.key)
        await pilot.pause()
        assert [app.main.headlines.source.get(i).title
                for i in range(app.main.headlines.source.total)] == ["لقاء بين تركيا وسوريا"]
        await pilot.press("r")
        await pilot.pause()
        assert next(e for e in app.library.feed_entries() if e.kind == "search").unread == 0
        await pilot.press("M")
        await pilot.pause()
        source = app.main.headlines.source
        shown = {source.get(i).title: source.get(i).id for i in range(source.total)}
        assert set(shown) == {"لقاء بين تركيا وسوريا", "مباراة كرة القدم في سوريا"}
        assert source.muted == {shown["مباراة كرة القدم في سوريا"]}
        await pilot.press("M")
        await pilot.pause()
        assert app.main.headlines.source.total == 1
        await pilot.press("g")
        await pilot.pause()
        assert app.main.headlines.source.total == 1
