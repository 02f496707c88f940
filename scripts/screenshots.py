"""The README's screenshots, drawn by Textual from the `--demo` feeds with a frozen clock.

    python scripts/screenshots.py                 # writes docs/screenshots/{main,article}.svg
    python scripts/screenshots.py --out /tmp/shots

Re-run it whenever the screens change; the output depends only on the code and the
bundled demo feeds (dates are moved to just before a fixed moment, the clock is
frozen there, bidi is on), so an unchanged screen gives an unchanged file. The
feeds go through the real path: HTTP from 127.0.0.1, parsing, the store, stories.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui import demo  # noqa: E402
from tui.app import make_app  # noqa: E402
from tui.models import Config, FeedConfig, Settings  # noqa: E402
from tui.refresh import refresh  # noqa: E402
from tui.store import Store  # noqa: E402
from tui.stories import assign_pending  # noqa: E402

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
MAIN_SIZE = (120, 36)
ARTICLE_SIZE = (84, 34)
ARTICLE = "وزير الخارجية الروسي يستقبل"
"""The Arabic article shown open: the start of its headline."""


def frozen() -> datetime:
    return NOW


@contextmanager
def demo_server(bodies: dict[str, bytes]) -> Iterator[str]:
    """The demo feed files over HTTP on 127.0.0.1; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            body = bodies.get(self.path.lstrip("/"))
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


async def shoot(config: Config, store_path: Path, out: Path) -> list[Path]:
    written = []
    app = make_app(config, store_path, bidi="on", clock=frozen, refresh=False)
    async with app.run_test(size=MAIN_SIZE) as pilot:
        await pilot.press("j", "j", "enter", "j")  # an article open, the cursor moved on
        await pilot.pause()
        written.append(_save(app, out / "main.svg"))
    app = make_app(config, store_path, bidi="on", clock=frozen, refresh=False)
    async with app.run_test(size=ARTICLE_SIZE) as pilot:
        hl = app.main.headlines
        hl.move_cursor(next(i for i in range(hl.row_count)
                            if hl.source.get(i).title.startswith(ARTICLE)))
        await pilot.press("enter")
        await pilot.pause()
        written.append(_save(app, out / "article.svg"))
    return written


LTR_RUNS = '<text direction="ltr" unicode-bidi="bidi-override" '
"""Every text run is drawn strictly left to right: akhbar has already put Arabic in
visual order, and an SVG viewer (a browser, librsvg) would otherwise run its own
bidi over each run and reverse it a second time."""


def ltr_runs(svg: str) -> str:
    """The screenshot with each `<text>` run's direction forced left to right."""
    return svg.replace("<text ", LTR_RUNS)


def _save(app, path: Path) -> Path:
    app.clear_notifications()
    path.write_text(ltr_runs(app.export_screenshot(title="akhbar")), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    entries, bodies = demo.load_feeds(NOW)
    with demo_server(bodies) as base, tempfile.TemporaryDirectory() as tmp:
        feeds = tuple(FeedConfig(url=base + e["file"], title=e.get("title"),
                                 tags=tuple(e.get("tags", ()))) for e in entries)
        config = Config(path=Path(tmp) / "feeds.toml", settings=Settings(), feeds=feeds)
        store_path = Path(tmp) / "akhbar.db"
        with Store(store_path) as store:
            store.sync_feeds(feeds)
            summary = refresh(config, store)
            if summary.errors:
                print(f"demo feeds failed: {summary.errors}", file=sys.stderr)
                return 1
            assign_pending(store)
        for path in asyncio.run(shoot(config, store_path, args.out)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
