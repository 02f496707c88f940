from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from feedserver import FeedServer  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def feed_server():
    server = FeedServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """No test touches the user's config or data: XDG dirs point into tmp_path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("AKHBAR_CONFIG", raising=False)
    monkeypatch.delenv("AKHBAR_DATA_DIR", raising=False)
    monkeypatch.delenv("AKHBAR_BIDI", raising=False)
    # The interface's language must not depend on the machine's locale: English unless
    # a test asks for Arabic (AKHBAR_LANG or language = "ar").
    monkeypatch.delenv("AKHBAR_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


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
