"""Each config mistake: exit status 2 and one line naming the file, the line and the fix."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.cli import main

GOOD = '[[feeds]]\nurl = "https://a.example/rss"\n'

CASES = {
    "bad_toml": ('[settings]\nrefresh_minutes = 15\n[[feeds]\nurl = "x"\n', 3, "bad TOML"),
    "unknown_setting": ("[settings]\nrefresh_minutes = 5\ncolour = \"red\"\n", 3,
                        'unknown setting "colour"'),
    "unknown_feed_key": (GOOD + '\n[[feeds]]\nurl = "https://b.example/"\ntitel = "B"\n', 6,
                         'unknown key "titel" in feed #2'),
    "wrong_type": ("[settings]\nrefresh_minutes = \"often\"\n", 2,
                   "setting refresh_minutes must be a whole number"),
    "bad_choice": ('[settings]\nbidi = "sometimes"\n', 2, "bidi must be one of auto | on | off"),
    "missing_url": (GOOD + '\n[[feeds]]\ntitle = "No address"\n', 4, "feed #2 has no url"),
    "duplicate_url": (GOOD + '\n[[feeds]]\nurl = "https://a.example/rss/"\n', 5,
                      "duplicate feed url"),
    "bad_scheme": ('[[feeds]]\nurl = "ftp://a.example/rss"\n', 2,
                   "must start with http:// or https://"),
    "tags_not_list": ('[[feeds]]\nurl = "https://a.example/"\ntags = 3\n', 3,
                      "tags of feed #1 must be a list of strings"),
    "top_level": ('title = "x"\n' + GOOD, 1, 'unknown top-level key "title"'),
}


@pytest.mark.parametrize("name", CASES)
def test_config_mistake_is_one_line_with_file_and_line(name, tmp_path, capsys):
    text, line, message = CASES[name]
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["--headlines", "--offline", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"akhbar: {path}:{line}: "), err
    assert message in err


def test_missing_explicit_config(tmp_path, capsys):
    path = tmp_path / "nope.toml"
    assert main(["--headlines", "--config", str(path)]) == 2
    assert capsys.readouterr().err == f"akhbar: {path}: no such file\n"


def test_config_error_from_the_real_command_has_no_traceback(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text('[settings]\nkeep_days = -1\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tui", "--digest", "--config", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == f"akhbar: {path}:2: setting keep_days must be greater than 0, not -1\n"


def test_env_config_is_used(tmp_path, monkeypatch, capsys):
    path = tmp_path / "elsewhere.toml"
    path.write_text('[settings]\nbidi = "x"\n', encoding="utf-8")
    monkeypatch.setenv("AKHBAR_CONFIG", str(path))
    assert main(["--headlines", "--offline"]) == 2
    assert str(path) in capsys.readouterr().err


def test_first_run_copies_the_bundled_feeds_and_says_where(isolated_home, capsys):
    from tui import paths

    target = paths.user_config_file()
    assert str(target).startswith(str(isolated_home))
    assert main(["--headlines", "--offline"]) == 0
    err = capsys.readouterr().err
    assert f"created {target}" in err
    assert target.read_text(encoding="utf-8") == paths.bundled_feeds().read_text(encoding="utf-8")
    assert main(["--headlines", "--offline"]) == 0
    assert "created" not in capsys.readouterr().err


def test_bundled_feeds_are_valid_and_mostly_arabic():
    from tui import config, paths

    cfg = config.load(paths.bundled_feeds())
    arabic = [f for f in cfg.feeds if "english" not in f.tags]
    assert 12 <= len(arabic) <= 20
    assert 3 <= len(cfg.feeds) - len(arabic) <= 4
    assert all(f.title and f.tags for f in cfg.feeds)


@pytest.mark.parametrize("argv", [["--since", "3x"], ["--digest", "--headlines"],
                                  ["--by", "outlet"], ["--nonsense"]])
def test_usage_mistake_is_one_line_and_status_2(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("akhbar: ") and "--help" in err
