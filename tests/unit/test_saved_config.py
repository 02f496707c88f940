"""Saved searches and the mute list in feeds.toml (#17): errors with file and line,
and saving a search keeps the file's comments and layout."""

from __future__ import annotations

import pytest

from tests.saved_support import MUTE, write_feeds
from tui.config import ConfigError, load
from tui.saved import SaveError, append_search


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


def test_config_reads_searches_and_mute(tmp_path):
    config = load(write_feeds(tmp_path / "feeds.toml", mute=MUTE))
    assert [(s.name, s.query) for s in config.searches] == [("تركيا وسوريا", "تركيا OR سوريا")]
    assert config.settings.mute == ("tag:sport كرة", "إعلان")


def test_saving_a_search_keeps_comments_and_layout(tmp_path):
    path = write_feeds(tmp_path / "feeds.toml", mute=MUTE)
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
