"""Helpers for the hostile-input and fault tests: the real CLI in a subprocess,
and checks on the raw bytes it writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"

# What must never reach a terminal (SPEC §7): C0 but tab and newline, DEL, C1,
# and the bidi embedding/override/isolate controls and marks.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# Short timeouts so that slow-server cases finish fast.
FAST = {"timeout_seconds": 2, "connect_timeout_seconds": 1, "max_feed_mb": 1}


def user_store():
    """The store the CLI wrote, at the test's XDG data path (set by conftest)."""
    from tui import paths
    from tui.store import Store

    return Store(paths.store_file())


def hostile_bytes(name: str) -> bytes:
    return (HOSTILE / name).read_bytes()


def akhbar(*args: str, timeout: float = 60, env: dict[str, str] | None = None,
           input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """`python -m tui ARGS` with the test's XDG dirs (set by conftest); raw bytes out."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "80",
                "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    full_env.pop("PYTHONWARNINGS", None)
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True,
                          timeout=timeout, env=full_env, cwd=REPO, input=input)


def forbidden_in(raw: bytes) -> list[str]:
    """Control characters in raw output; the bytes must also be valid UTF-8."""
    text = raw.decode("utf-8")  # strict: a lone surrogate or a raw C1 byte fails here
    return [f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text)]


def assert_clean(raw: bytes, what: str = "output") -> str:
    bad = forbidden_in(raw)
    assert not bad, f"control characters in {what}: {sorted(set(bad))}"
    return raw.decode("utf-8")


def assert_clean_text(text: str, what: str = "text") -> None:
    bad = [f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text)]
    assert not bad, f"control characters in {what}: {sorted(set(bad))}: {text!r}"
    assert not re.search("[\ud800-\udfff]", text), f"lone surrogate in {what}: {text!r}"


def error_lines(stderr: bytes) -> list[str]:
    text = assert_clean(stderr, "stderr")
    assert "Traceback" not in text, text
    return [line for line in text.splitlines() if line]
