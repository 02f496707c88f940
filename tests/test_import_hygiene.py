"""The core never loads the UI: `akhbar --headlines` must not pay for Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["tui.cli", "tui.config", "tui.fetch", "tui.parse", "tui.store", "tui.refresh",
        "tui.output", "tui.headless", "tui.opml", "tui.paths", "tui.models", "tui.duration",
        "tui.article", "tui.article.page", "tui.fulltext"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual_or_rich(module):
    code = (f"import sys, {module}; "
            "bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
            "print(','.join(bad))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"{module} imports {proc.stdout.strip()}"
