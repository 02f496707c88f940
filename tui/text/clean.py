"""Make feed text safe to show: no terminal controls, no bidi overrides."""

from __future__ import annotations

import re
import unicodedata

# ESC sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte escapes), so
# that their parameters go with them instead of surviving as visible junk.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                   # CSI
  | \x9b[0-?]*[ -/]*[@-~]?                     # 8-bit CSI
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])    # OSC DCS SOS PM APC ...
    [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?      # ... up to BEL or ST
  | \x1b[ -/]*[0-~]?                           # other escapes
    """,
    re.VERBOSE,
)
# C0 but tab and newline, DEL, C1; bidi embeddings, overrides, isolates and marks
# that a feed could use to disguise text (LRM/RLM/ALM included: layout adds its own).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping tabs and newlines."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def clean_field(text: str | None) -> str:
    """One-line feed text (a title, an author): NFC, no controls, spaces folded."""
    if not text:
        return ""
    text = strip_controls(unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()
