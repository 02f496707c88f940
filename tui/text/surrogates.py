"""Lone surrogates: the one pattern for them and what they become.

A lone surrogate (JSON's "\\ud800", XML's "&#xD800;") is not a character: it
cannot be encoded, so it would fail the store's transaction and every print of
the text. It becomes U+FFFD, the replacement character; nothing else changes.
"""

from __future__ import annotations

import re

SURROGATES = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    return SURROGATES.sub("\ufffd", text) if SURROGATES.search(text) else text
