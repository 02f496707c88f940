"""`akhbar --demo`: works with no network, never touches the user's store."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tui import paths

pytestmark = pytest.mark.slow  # the whole CLI in a subprocess


def test_demo_headlines_print_the_bundled_articles(isolated_home):
    proc = subprocess.run([sys.executable, "-m", "tui", "--demo", "--headlines", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 40
    assert {r["feed"] for r in records} == {"واحة الأخبار", "الساحل اليوم", "نهار نيوز",
                                            "Harbour Daily"}
    assert any("أوبك+" in r["title"] for r in records)
    assert not paths.store_file().exists()
    assert not paths.user_config_file().exists()


def test_demo_digest_looks_like_today(isolated_home):
    proc = subprocess.run([sys.executable, "-m", "tui", "--demo", "--digest", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    # The newest demo article is an hour old, so the default 24 h window is not empty.
    assert sum(len(g["articles"]) for g in doc["groups"]) >= 5
