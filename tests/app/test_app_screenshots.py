"""scripts/screenshots.py (the README's pictures) runs and draws shaped Arabic."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the screenshot script twice

ROOT = Path(__file__).resolve().parents[2]


def test_screenshot_script_writes_svgs_with_shaped_arabic(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"),
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for name in ("main.svg", "article.svg"):
        svg = (tmp_path / name).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg")
        shaped = sum(1 for c in svg if "\ufe70" <= c <= "\ufeff")
        assert shaped > 100, name  # presentation forms: Arabic drawn joined…
        assert not any("\u0621" <= c <= "\u064a" for c in svg), name  # …never unshaped
        assert "127.0.0.1" not in svg and str(tmp_path) not in svg
        # A viewer must not run bidi over the visual-order runs again (issue #13.7).
        runs = re.findall(r"<text\b[^>]*>[^<]*</text>", svg)
        arabic = [r for r in runs if re.search("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]", r)]
        assert len(arabic) > 10, name
        for run in arabic:
            head = run[:run.index(">")]
            assert 'direction="ltr"' in head and 'unicode-bidi="bidi-override"' in head, run
    again = tmp_path / "again"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--out",
                    str(again)], check=True, capture_output=True, timeout=120)
    for name in ("main.svg", "article.svg"):  # the same screens give the same files
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes()
