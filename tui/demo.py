"""`akhbar --demo`: bundled sample feeds, served to the normal refresh path.

The feeds are package data, served by a small HTTP server on 127.0.0.1 for the
life of the session, so the demo exercises exactly what real feeds go through
(HTTP, conditional GET, parsing, the store). Dates are shifted so the newest
article is an hour old: the demo always looks like today's news. The store is
a temporary directory, so the user's own store is never touched.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tui import paths
from tui.models import Config, FeedConfig, Settings

_XML_DATE = re.compile(r"(<(pubDate|published|updated|dc:date|lastBuildDate)>)([^<]+)(</\2>)")
_TYPES = {".xml": "application/rss+xml; charset=utf-8", ".atom": "application/atom+xml",
          ".json": "application/feed+json"}


def _parse_date(text: str) -> datetime | None:
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


def _dates(name: str, body: str) -> list[datetime]:
    if name.endswith(".json"):
        items = json.loads(body).get("items", [])
        found = [_parse_date(i.get(k, "")) for i in items
                 for k in ("date_published", "date_modified") if i.get(k)]
    else:
        found = [_parse_date(m.group(3)) for m in _XML_DATE.finditer(body)]
    return [d for d in found if d is not None]


def _shift(name: str, body: str, offset: timedelta) -> str:
    if name.endswith(".json"):
        data = json.loads(body)
        for item in data.get("items", []):
            for key in ("date_published", "date_modified"):
                if when := _parse_date(item.get(key, "")):
                    item[key] = (when + offset).isoformat()
        return json.dumps(data, ensure_ascii=False, indent=1)

    def move(m: re.Match) -> str:
        when = _parse_date(m.group(3))
        if when is None:
            return m.group(0)
        when += offset
        text = format_datetime(when) if m.group(2) in ("pubDate", "lastBuildDate") \
            else when.isoformat()
        return f"{m.group(1)}{text}{m.group(4)}"

    return _XML_DATE.sub(move, body)


def load_feeds(now: datetime | None = None) -> tuple[list[dict], dict[str, bytes]]:
    """The demo's feed entries and their bodies (dates moved to just before `now`)."""
    folder = paths.demo_dir()
    entries = tomllib.loads((folder / "demo.toml").read_text(encoding="utf-8"))["feeds"]
    texts = {e["file"]: (folder / e["file"]).read_text(encoding="utf-8") for e in entries}
    newest = max(d for name, body in texts.items() for d in _dates(name, body))
    offset = (now or datetime.now(UTC)) - timedelta(hours=1) - newest
    bodies = {name: _shift(name, body, offset).encode("utf-8") for name, body in texts.items()}
    return entries, bodies


class _Handler(BaseHTTPRequestHandler):
    bodies: dict[str, bytes] = {}

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        name = self.path.lstrip("/")
        body = self.bodies.get(name)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", _TYPES.get(Path(name).suffix, "application/xml"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def session() -> Iterator[tuple[Config, Path]]:
    """A config pointing at the demo server, and a temporary store path."""
    entries, bodies = load_feeds()
    handler = type("DemoHandler", (_Handler,), {"bodies": bodies})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="akhbar-demo", daemon=True)
    thread.start()
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-demo-"))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    feeds = tuple(FeedConfig(url=base + e["file"], title=e.get("title"),
                             tags=tuple(e.get("tags", ()))) for e in entries)
    config = Config(path=paths.demo_dir() / "demo.toml", settings=Settings(), feeds=feeds)
    try:
        yield config, tmp / "akhbar.db"
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)
