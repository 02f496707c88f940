"""A new user's first hour with the command line (issue #19, points 7, 9, 10, 13):
mistakes are named in one line with exit status 2, never ignored, and no locale
or terminal makes akhbar crash or spin."""

from __future__ import annotations

import subprocess

import pytest

from tests.hostile_support import akhbar, error_lines
from tests.support import fixture_bytes, write_config
from tui.cli import main


@pytest.fixture
def arabic_config(feed_server, tmp_path):
    url = feed_server.add("/rss.xml", fixture_bytes("arabic_rss.xml"))
    other = feed_server.add("/atom.xml", fixture_bytes("english_atom.xml"),
                            content_type="application/atom+xml")
    return write_config(tmp_path / "feeds.toml", [
        {"url": url, "title": "صحيفة المرفأ", "tags": ["عربي", "world"]},
        {"url": other, "title": "Harbour Wire", "tags": ["english"]}])


def one_usage_line(proc: subprocess.CompletedProcess[bytes]) -> str:
    assert proc.returncode == 2, proc.stderr
    lines = error_lines(proc.stderr)
    assert len(lines) == 1 and lines[0].startswith("akhbar: "), lines
    return lines[0]


def usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("akhbar: "), err
    return err


def status_2(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("akhbar: "), err
    return err


# 7. No reader without a terminal; options only where they mean something.

def test_the_reader_without_a_terminal_exits_2_with_one_line(arabic_config):
    proc = akhbar("--config", str(arabic_config), timeout=30, input=b"")
    line = one_usage_line(proc)
    assert "terminal" in line and "--headlines" in line and "--digest" in line
    assert proc.stdout == b""


@pytest.mark.parametrize("argv", [["--json"], ["--unread"], ["--since", "2h"],
                                  ["--search", "x"], ["--mark-read"]])
def test_headless_options_without_a_mode_are_usage_errors(argv, arabic_config):
    """`akhbar --json > out` once started the full-screen reader with no terminal."""
    proc = akhbar(*argv, "--config", str(arabic_config), timeout=30, input=b"")
    line = one_usage_line(proc)
    assert f"{argv[0]} works only with --headlines or --digest" in line


@pytest.mark.parametrize(("argv", "says"), [
    (["--headlines", "--by", "story"], "--by does not work with --headlines"),
    (["--headlines", "--by", "feed"], "--by does not work with --headlines"),
    (["--headlines", "--bidi", "on"], "--bidi does not work with --headlines"),
    (["--export-opml", "--json"], "--json does not work with --export-opml"),
    (["--import-opml", "x.opml", "--unread"], "--unread does not work with --import-opml"),
    (["--headlines", "--sort", "rank"], "--sort orders --search results"),
])
def test_options_outside_their_mode_are_usage_errors(argv, says, capsys):
    assert says in usage_error(capsys, *argv)


# 9. A locale that is not UTF-8 never makes a traceback.

@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "latin-1"},
                                 {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
                                  "PYTHONIOENCODING": ""}],
                         ids=["latin-1", "C-locale"])
@pytest.mark.parametrize("mode", [["--headlines"], ["--headlines", "--json"], ["--digest"],
                                  ["--export-opml"]], ids=lambda m: " ".join(m))
def test_output_is_utf8_whatever_the_locale(arabic_config, env, mode):
    assert main(["--headlines", "--config", str(arabic_config)]) == 0  # fill the store
    proc = akhbar(*mode, "--offline", "--since", "3650d", "--config", str(arabic_config),
                  env=env) if mode != ["--export-opml"] else \
        akhbar(*mode, "--config", str(arabic_config), env=env)
    assert proc.returncode == 0, proc.stderr
    error_lines(proc.stderr)
    out = proc.stdout.decode("utf-8")  # strict
    assert "المرفأ" in out


def test_error_lines_survive_an_ascii_stderr(feed_server, tmp_path):
    config = write_config(tmp_path / "feeds.toml", [
        {"url": feed_server.url("/gone.xml"), "title": "صحيفة غائبة"}])
    proc = akhbar("--headlines", "--config", str(config),
                  env={"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""})
    assert proc.returncode == 0
    assert "akhbar: صحيفة غائبة: HTTP 404 Not Found" in error_lines(proc.stderr)


# 10. Typos are named, with the nearest valid value.

def test_unknown_is_value(arabic_config, capsys):
    err = status_2(capsys, "--headlines", "--offline", "--config", str(arabic_config),
                   "--search", "x is:bogus")
    assert "is:bogus is not a filter; use is:unread or is:starred" in err
    err = status_2(capsys, "--headlines", "--offline", "--config", str(arabic_config),
                   "--search", "is:unred")
    assert "did you mean 'is:unread'?" in err


def test_bad_since_filter(arabic_config, capsys):
    err = status_2(capsys, "--headlines", "--offline", "--config", str(arabic_config),
                   "--search", "since:xyz")
    assert "since:xyz: invalid duration 'xyz': use a number and m, h, d or w" in err


def test_unknown_tag_names_the_tags(arabic_config, capsys):
    err = status_2(capsys, "--headlines", "--offline", "--config", str(arabic_config),
                   "--tag", "wrold")
    assert "no feed has the tag 'wrold'; did you mean 'world'?" in err
    assert "(tags: english, world, عربي)" in err
    err = status_2(capsys, "--digest", "--offline", "--config", str(arabic_config),
                   "--search", "tag:nosuch")
    assert err.startswith("akhbar: --search: no feed has the tag 'nosuch'")


def test_unknown_feed_suggests_the_title(arabic_config, capsys):
    err = status_2(capsys, "--headlines", "--offline", "--config", str(arabic_config),
                   "--feed", "Harbor")
    assert "--feed: no feed's title or URL contains 'Harbor'; did you mean 'Harbour Wire'?" \
        in err
    err = status_2(capsys, "--headlines", "--offline", "--config", str(arabic_config),
                   "--search", "feed:nosuch")
    assert "no feed's title or URL contains 'nosuch'" in err


def test_right_filters_still_work(arabic_config, capsys):
    assert main(["--headlines", "--config", str(arabic_config), "--tag", "WORLD",
                 "--feed", "المرفأ", "--search", "is:unread since:3650d"]) == 0
    out = capsys.readouterr().out
    assert out and all("\tصحيفة المرفأ\t" in line for line in out.splitlines())


# 13. Smaller things.

def test_negative_since_says_what_to_write(capsys):
    err = usage_error(capsys, "--headlines", "--since", "-5h")
    assert "counts back from now, so write 5h" in err
    assert "expected one argument" not in err


def test_search_may_start_with_an_excluded_word(arabic_config, capsys):
    assert main(["--headlines", "--config", str(arabic_config), "--search", "-strike"]) == 0
    out = capsys.readouterr().out
    assert out and "strike" not in out.lower()


def test_akhbar_bidi_with_a_wrong_value_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setenv("AKHBAR_BIDI", "yes")
    err = usage_error(capsys, "--digest")
    assert "AKHBAR_BIDI='yes' is not a mode: use auto, on or off" in err


def test_an_empty_feeds_file_says_so(tmp_path, capsys):
    config = tmp_path / "feeds.toml"
    config.write_text("# nothing yet\n", encoding="utf-8")
    assert main(["--digest", "--config", str(config)]) == 0
    err = capsys.readouterr().err
    assert f"akhbar: {config} lists no feeds: add a [[feeds]] table with a url" in err
