"""Helpers shared by the test tiers: fixture files, feeds.toml and RSS builders.

Fixtures (pytest's) live in the conftest files; plain functions live here, so no test
module imports another (`from tests.support import write_config`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / "feeds" / name).read_bytes()


def write_config(path: Path, feeds: list[dict], settings: dict | None = None) -> Path:
    """A feeds.toml with these feeds (dicts of url/title/tags) and settings."""
    lines = []
    if settings:
        lines.append("[settings]")
        for k, v in settings.items():
            lines.append(f"{k} = {v!r}" if not isinstance(v, str) else f'{k} = "{v}"')
    for f in feeds:
        lines.append("[[feeds]]")
        for k, v in f.items():
            if isinstance(v, list):
                lines.append(f"{k} = [" + ", ".join(f'"{x}"' for x in v) + "]")
            else:
                lines.append(f'{k} = "{v}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """items: (guid, title, description) published 1, 2, 3... hours ago."""
    now = datetime.now(UTC)
    parts = []
    for n, (guid, headline, body) in enumerate(items, start=1):
        when = format_datetime(now - timedelta(hours=n))
        parts.append(f"<item><guid>{guid}</guid><title>{headline}</title>"
                     f"<link>https://news.example/{guid}</link><pubDate>{when}</pubDate>"
                     f"<description><![CDATA[{body}]]></description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://news.example/</link>"
            + "".join(parts) + "</channel></rss>")
