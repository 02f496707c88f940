"""The command line: picks the app, --digest or --headlines; imports the app lazily."""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui import __version__
from tui import config as config_mod
from tui.config import ConfigError
from tui.models import Config
from tui.store import Store, StoreError, error_hint, is_corruption, recover_damaged
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
  akhbar --import-opml subscriptions.opml
"""


class UsageError(Exception):
    pass


def _duration(text: str) -> timedelta:
    m = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text or "")
    if not m:
        raise argparse.ArgumentTypeError(
            f"invalid duration {text!r}: use a number and m, h, d or w, e.g. 90m, 24h, 7d")
    n, unit = int(m.group(1)), m.group(2)
    return timedelta(**{{"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[unit]: n})


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
    mode.add_argument("--import-opml", metavar="FILE", help="add the feeds of an OPML file")
    mode.add_argument("--export-opml", action="store_true", help="print all feeds as OPML 2.0")
    p.add_argument("--demo", action="store_true",
                   help="use bundled sample feeds and a temporary store (works offline)")
    p.add_argument("--offline", action="store_true", help="do not refresh; print from the store")
    p.add_argument("--since", type=_duration, metavar="DURATION",
                   help="only articles since then: 90m, 24h, 7d (digest default 24h)")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--starred", action="store_true", help="only starred articles")
    p.add_argument("--feed", metavar="TEXT", help="only feeds whose title or URL contains TEXT")
    p.add_argument("--tag", metavar="TAG", help="only feeds with this tag")
    p.add_argument("--search", metavar="QUERY", help="only articles matching QUERY")
    p.add_argument("--sort", choices=("date", "rank"), default="date",
                   help="order of --search results: newest first (date) or best match (rank)")
    p.add_argument("--json", action="store_true", help="JSON Lines / one JSON document")
    p.add_argument("--by", choices=("feed", "story"), default="feed",
                   help="how --digest groups (default: feed)")
    p.add_argument("--mark-read", action="store_true", help="mark what was printed as read")
    p.add_argument("--bidi", choices=("auto", "on", "off"),
                   help="Arabic display: shape and reorder (on), leave to the terminal (off)")
    p.add_argument("--config", metavar="PATH", help="the feeds file to use")
    p.add_argument("--version", action="version", version=f"akhbar {__version__}")
    return p


def _err(message: str) -> None:
    print(f"akhbar: {clean_field(message)}", file=sys.stderr)


def load_config(args) -> Config:
    path, explicit = config_mod.locate(args.config)
    if not explicit and config_mod.ensure_user_config(path):
        _err(f"created {path} with the default feeds; edit it to choose your own")
    return config_mod.load(path)


def open_store(path: Path | None = None) -> Store:
    from tui import paths

    store = Store(path or paths.store_file())
    if store.notice:
        _err(store.notice)
    return store


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except ConfigError as e:
        _err(str(e))
        return 2
    except UsageError as e:
        _err(str(e))
        return 2
    except StoreError as e:
        _err(str(e))
        return 1
    except sqlite3.Error as e:
        # Past opening: a full disk, a file gone read-only, damage found mid-run.
        from tui import paths

        _err(f"the store {paths.store_file()} failed: {e}{error_hint(e, paths.store_file())}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `akhbar --headlines | head`: the reader went away; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(args) -> int:
    if args.demo:
        from tui import demo

        with demo.session() as (config, store_path):
            return _dispatch(args, config, store_path)
    if args.import_opml:
        return _import_opml(args)
    return _dispatch(args, load_config(args), None)


def _dispatch(args, config: Config, store_path: Path | None) -> int:
    if args.export_opml:
        return _export_opml(config, store_path)
    if args.digest or args.headlines:
        from tui import headless

        with open_store(store_path) as store:
            try:
                return headless.run(args, config, store)
            except sqlite3.DatabaseError as e:
                if not is_corruption(e):
                    raise
                damaged, cause = store.path, e
        # Damage found mid-run (the first pages were fine): set it aside, go again once.
        _err(recover_damaged(damaged, cause))
        with open_store(store_path) as store:
            return headless.run(args, config, store)
    from tui.app import run_app

    return run_app(config, store_path=store_path, bidi=args.bidi, offline=args.offline)


def _import_opml(args) -> int:
    from tui.opml import OPMLError, import_opml

    path, explicit = config_mod.locate(args.config)
    if not explicit:
        config_mod.ensure_user_config(path)
    try:
        added, skipped = import_opml(Path(args.import_opml), path)
    except OPMLError as e:
        raise UsageError(str(e)) from None
    print(f"added {added} feed{'s' if added != 1 else ''} to {path}"
          + (f" ({skipped} already there)" if skipped else ""))
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


def since_from(args) -> datetime | None:
    if args.since is not None:
        return datetime.now(UTC) - args.since
    if args.digest:
        return datetime.now(UTC) - timedelta(hours=24)
    return None
