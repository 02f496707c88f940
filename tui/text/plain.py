"""The words of an HTML body, cheaply, for what compares or indexes words (search,
stories) rather than shows them: tui.text.html lays out what the reader sees."""

from __future__ import annotations

import html
import re

from tui.text.clean import strip_shortcodes

_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")


def visible_text(html_text: str | None, limit: int) -> str:
    """At most `limit` characters of the words a reader would see in `html_text`:
    scripts, styles and tags dropped, entities decoded, plugin shortcodes and bare URLs
    removed (an embed's URL is no word of the article, and in stories it would look
    like a shared Latin name). Measured at 100k articles this is ~15x cheaper than
    html_to_blocks."""
    if not html_text:
        return ""
    text = html_text[: limit * 3]
    if "<" in text:
        text = _TAGS.sub(" ", _SCRIPT_STYLE.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    if "[" in text:
        text = strip_shortcodes(text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    return text[:limit]
