"""The layering in pyproject's [tool.importlinter] holds: `lint-imports` passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.support import ROOT


def test_import_contracts_are_kept():
    bin_dir = os.path.dirname(sys.executable)
    lint = shutil.which("lint-imports", path=os.pathsep.join([bin_dir, os.environ["PATH"]]))
    assert lint, "lint-imports not found: pip install -e '.[test]'"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's tui, not an installed one
    proc = subprocess.run([lint, "--no-cache", "--no-logo"], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
