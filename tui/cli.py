"""The command line: picks the app, --digest or --headlines; imports the app lazily."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from tui import __version__, i18n
from tui import config as config_mod
from tui.config import ConfigError
from tui.duration import parse_duration
from tui.headless import Request, RequestError
from tui.i18n import _, ngettext
from tui.models import Config
from tui.store import Store, StoreError, error_hint, run_recovering
from tui.text.clean import clean_field

EXAMPLES = """\
examples:
  akhbar                                   the interactive reader
  akhbar --digest                          what happened in the last 24 hours
  akhbar --digest --by story --since 12h   one entry per story, with its sources
  akhbar --headlines --unread | fzf        pick a headline
  akhbar --headlines --offline --json | jq .title
  akhbar --headlines --search 'لافروف'     Arabic-aware search
  akhbar --digest --bidi on | less -R      shaped Arabic through a pager
  akhbar --article 42 --full               one article whole, read from its web page
  akhbar --import-opml subscriptions.opml
"""


class UsageError(Exception):
    pass


def _duration(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """A usage mistake is one line and exit status 2, like a config mistake."""
        self.exit(2, f"akhbar: {message} (see akhbar --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="akhbar",
        description="A terminal news reader that shows Arabic as a reader expects.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--digest", action="store_true", help="refresh, print a digest, exit")
    mode.add_argument("--headlines", action="store_true",
                      help="refresh, print one headline per line (tab-separated), exit")
    mode.add_argument("--article", type=int, metavar="ID",
                      help="print one article whole (ID: the id of --headlines --json)")
    mode.add_argument("--import-opml", metavar="FILE", help="add the feeds of an OPML file")
    mode.add_argument("--export-opml", action="store_true", help="print all feeds as OPML 2.0")
    p.add_argument("--demo", action="store_true",
                   help="use bundled sample feeds and a temporary store (works offline)")
    p.add_argument("--offline", action="store_true", help="do not refresh; print from the store")
    p.add_argument("--since", type=_duration, metavar="DURATION",
                   help="only articles since then: 90m, 24h, 7d (digest default 24h)")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--starred", action="store_true", help="only starred articles")
    p.add_argument("--feed", metavar="TEXT",
                   help="only feeds whose title or URL contains TEXT, or the saved search "
                        "named exactly TEXT")
    p.add_argument("--tag", metavar="TAG", help="only feeds with this tag")
    p.add_argument("--search", metavar="QUERY", help="only articles matching QUERY")
    p.add_argument("--sort", choices=("date", "rank"),
                   help="order of --search results: newest first (date) or best match (rank)")
    p.add_argument("--json", action="store_true", help="JSON Lines / one JSON document")
    p.add_argument("--by", choices=("feed", "story"),
                   help="how --digest groups (default: feed)")
    p.add_argument("--full", action="store_true",
                   help="with --article: fetch the article's web page first if not stored yet")
    p.add_argument("--mark-read", action="store_true", help="mark what was printed as read")
    p.add_argument("--include-muted", action="store_true",
                   help="print the articles the mute list hides too")
    p.add_argument("--bidi", choices=("auto", "on", "off"),
                   help="Arabic display: shape and reorder (on), leave to the terminal (off)")
    p.add_argument("--config", metavar="PATH", help="the feeds file to use")
    p.add_argument("--version", action="version", version=f"akhbar {__version__}")
    return p


_HEADLESS = ("--headlines", "--digest")
WORKS_WITH: dict[str, tuple[str, ...]] = {
    "--offline": ("the reader", *_HEADLESS, "--article"),
    "--since": _HEADLESS,
    "--unread": _HEADLESS,
    "--starred": _HEADLESS,
    "--feed": _HEADLESS,
    "--tag": _HEADLESS,
    "--search": _HEADLESS,
    "--sort": _HEADLESS,
    "--json": _HEADLESS,
    "--by": ("--digest",),
    "--mark-read": _HEADLESS,
    "--include-muted": _HEADLESS,
    "--bidi": ("the reader", "--digest", "--article"),
    "--demo": ("the reader", *_HEADLESS, "--export-opml"),
    "--full": ("--article",),
}
"""The modes each option means something in; elsewhere it is a usage error, not ignored."""


def _mode(args: argparse.Namespace) -> str:
    for flag in ("--digest", "--headlines", "--article", "--import-opml", "--export-opml"):
        if getattr(args, flag[2:].replace("-", "_")) not in (None, False):
            return flag
    return "the reader"


def check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Options given where they mean nothing are mistakes to point out (exit 2)."""
    mode = _mode(args)
    for flag, modes in WORKS_WITH.items():
        value = getattr(args, flag[2:].replace("-", "_"))
        if value in (None, False) or mode in modes:
            continue
        if mode == "the reader":
            parser.error(f"{flag} works only with {' or '.join(modes)}")
        parser.error(f"{flag} does not work with {mode}; only with {', '.join(modes)}")
    if args.sort and not args.search:
        parser.error("--sort orders --search results; give --search QUERY too")
    bidi_env = os.environ.get("AKHBAR_BIDI", "").strip()
    if bidi_env and bidi_env.lower() not in ("auto", "on", "off"):
        parser.error(f"AKHBAR_BIDI={bidi_env!r} is not a mode: use auto, on or off")


_VALUE_OPTIONS = frozenset({"--since", "--search", "--feed", "--tag"})


def _join_dash_values(argv: list[str]) -> list[str]:
    """`--since -5h`, `--search -word`: a value that starts with one dash is still the
    option's value (argparse would take it for an option and say only "expected one
    argument")."""
    out: list[str] = []
    for arg in argv:
        if (out and out[-1] in _VALUE_OPTIONS and arg.startswith("-")
                and not arg.startswith("--") and len(arg) > 1):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def _utf8_output() -> None:
    """What akhbar prints is UTF-8 whatever the locale says (LANG=C, PYTHONIOENCODING=
    latin-1): a pipe gets the text as stored, and no character can stop a run."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=errors)


def _err(message: str) -> None:
    print(f"akhbar: {clean_field(message)}", file=sys.stderr)


def load_config(args) -> Config:
    path, explicit = config_mod.locate(args.config)
    if not explicit and config_mod.ensure_user_config(path):
        _err(_("created {path} with the default feeds; edit it to choose your own").format(
            path=path))
    return config_mod.load(path)


def open_store(path: Path | None = None) -> Store:
    from tui import paths

    store = Store(path or paths.store_file())
    if store.notice:
        _err(store.notice)
    return store


def main(argv: list[str] | None = None) -> int:
    i18n.activate()  # $AKHBAR_LANG or the locale, until the feeds file says otherwise
    parser = build_parser()
    args = parser.parse_args(_join_dash_values(sys.argv[1:] if argv is None else argv))
    check_usage(parser, args)
    if _mode(args) != "the reader":
        _utf8_output()
    try:
        return _run(args)
    except ConfigError as e:
        _err(str(e))
        return 2
    except (UsageError, RequestError) as e:
        _err(str(e))
        return 2
    except StoreError as e:
        _err(str(e))
        return 1
    except sqlite3.Error as e:
        # Past opening: a full disk, a file gone read-only, damage found mid-run.
        from tui import paths

        _err(_("the store {path} failed: {error}").format(path=paths.store_file(), error=e)
             + error_hint(e, paths.store_file()))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `akhbar --headlines | head`: the reader went away; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(args) -> int:
    if _mode(args) == "the reader" and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(_("the reader needs a terminal; to print into a pipe or a file "
                           "use --headlines or --digest"))
    if args.demo:
        from tui import demo

        with demo.session() as (config, store_path):
            return _dispatch(args, config, store_path)
    if args.import_opml:
        return _import_opml(args)
    return _dispatch(args, load_config(args), None)


def _dispatch(args, config: Config, store_path: Path | None) -> int:
    i18n.activate(config.settings.language, config.settings.digits)
    if args.export_opml:
        return _export_opml(config, store_path)
    if args.article is not None:
        from tui import headless

        return run_recovering(
            lambda: open_store(store_path),
            lambda store: headless.run_article(args.article, config, store, full=args.full,
                                               offline=args.offline, bidi=args.bidi), _err)
    if args.digest or args.headlines:
        from tui import headless

        request = headless_request(args)
        return run_recovering(lambda: open_store(store_path),
                              lambda store: headless.run(request, config, store), _err)
    from tui.app import run_app
    from tui.store import shm

    shm.before_exit = _terminal_restorer()  # a SIGBUS mid-screen leaves a usable tty
    return run_app(config, store_path=store_path, bidi=args.bidi, offline=args.offline)


def _import_opml(args) -> int:
    from tui.opml import OPMLError, import_opml

    path, explicit = config_mod.locate(args.config)
    if not explicit:
        config_mod.ensure_user_config(path)
    try:  # the feeds file's language, if it can be read
        settings = config_mod.load(path).settings
        i18n.activate(settings.language, settings.digits)
    except ConfigError:
        pass
    try:
        done = import_opml(Path(args.import_opml), path)
    except OPMLError as e:
        raise UsageError(str(e)) from None
    for line in done.skipped:
        _err(line)
    print(ngettext("added {n} feed to {path}", "added {n} feeds to {path}", done.added).format(
              n=done.added, path=path)
          + (_(" ({n} already there)").format(n=done.duplicates) if done.duplicates else "")
          + (_("; {n} skipped").format(n=len(done.skipped)) if done.skipped else "")
          + (_("; the file lists no feeds (no outline has an xmlUrl)")
             if not (done.added or done.duplicates or done.skipped) else ""))
    return 0


def _export_opml(config: Config, store_path: Path | None) -> int:
    from tui.opml import export_opml

    titles: dict[str, str] = {}
    try:
        with open_store(store_path) as store:
            titles = {f.url: f.site_title for f in store.feeds()}
    except StoreError:
        pass  # titles from the store are a nicety; the config alone is enough
    pairs = [(f, clean_field(f.title or titles.get(f.url) or f.url)) for f in config.feeds]
    sys.stdout.write(export_opml(pairs))
    return 0


DIGEST_SINCE = timedelta(hours=24)
"""The digest's window when --since is not given."""


def headless_request(args: argparse.Namespace) -> Request:
    """The --headlines / --digest run that parsed arguments ask for."""
    digest = bool(args.digest)
    since = args.since if args.since is not None else (DIGEST_SINCE if digest else None)
    return Request(
        mode="digest" if digest else "headlines", offline=args.offline, since=since,
        unread=args.unread, starred=args.starred, feed=args.feed, tag=args.tag,
        search=args.search, sort=args.sort or "date", as_json=args.json, by=args.by or "feed",
        mark_read=args.mark_read, bidi=args.bidi, include_muted=args.include_muted,
    )


def _terminal_restorer() -> Callable[[], None] | None:
    """A `before_exit` for the full-screen reader: the tty modes as they are now
    (call before the app starts), and the escapes that undo an app's screen."""
    try:
        import termios

        fd = sys.__stdin__.fileno()
        modes = termios.tcgetattr(fd)
    except (ImportError, OSError, ValueError, AttributeError):
        return None

    def restore() -> None:
        # alternate screen off, cursor on, line wrap on, mouse and bracketed paste off
        os.write(1, b"\x1b[?1049l\x1b[?25h\x1b[?7h"
                    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l")
        termios.tcsetattr(fd, termios.TCSANOW, modes)

    return restore
