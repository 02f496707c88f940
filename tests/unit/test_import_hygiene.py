"""The core never loads the UI: `akhbar --headlines` must not pay for Textual.

Every module of `tui` but the UI ones counts as core, so a new module is covered the
day it is added. The static side of the same rule is the import-linter contract in
pyproject.toml; this test is the runtime side (lazy and dynamic imports included).
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui

UI = ("tui.app", "tui.screens", "tui.widgets", "tui.messages", "tui.__main__")


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(tui.__path__, "tui.")]
    return [n for n in names if not any(n == ui or n.startswith(ui + ".") for ui in UI)]


CORE = core_modules()
# One interpreter imports them in turn; the first module after which textual or rich
# is loaded is the one that loads it.
CHECK = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    bad = [m for m in ('textual', 'rich') if m in sys.modules]
    if bad:
        print(name, 'imports', ','.join(bad))
        break
"""


def test_the_core_list_is_every_module_but_the_ui():
    for name in ("tui.cli", "tui.store", "tui.stories", "tui.search", "tui.parse_fast",
                 "tui.demo", "tui.text.bidi", "tui.headless"):
        assert name in CORE
    assert not [n for n in CORE if n.startswith(("tui.app", "tui.screens", "tui.widgets"))]


def test_core_modules_do_not_import_textual_or_rich():
    proc = subprocess.run([sys.executable, "-c", CHECK, *CORE], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
