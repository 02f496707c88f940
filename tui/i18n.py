"""The interface's language: which one (SPEC §3), and its words from gettext catalogs.

`activate(settings)` picks the language once (the app factory and the headless
modes call it); `_()` and `ngettext()` then translate at call time. A message
kept in a table at import time is marked with `N_()` and translated where it is
shown. A message that is kept (a feed's error in the store, a refresh's notes) is
stored in English, built from an `N_()` template, and `translated()` turns it into
the reader's language when it is shown, so switching the language changes stored
errors too and stores written before still read.
Catalogs: tui/locale/{ar,en}/LC_MESSAGES/akhbar.po, compiled to the shipped .mo
with `pybabel compile -d tui/locale -D akhbar` (a test checks they match).
No Textual here: the headless modes use it too.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import lru_cache
from pathlib import Path

DOMAIN = "akhbar"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("auto", "ar", "en")
DIGITS = ("latin", "arabic")
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_digits = "latin"


def choose(setting: str = "auto", environ: os._Environ | dict | None = None) -> str:
    """"ar" or "en": $AKHBAR_LANG, else the setting, else (auto) the locale."""
    env = os.environ if environ is None else environ
    for value in (env.get("AKHBAR_LANG", ""), setting):
        value = (value or "").strip().lower()
        if value in ("ar", "en"):
            return value
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:  # the first one set decides, as gettext does
            return "ar" if value.lower().startswith("ar") else "en"
    return "en"


def activate(language: str = "auto", digits: str = "latin") -> str:
    """Use `language` (auto | ar | en) from now on; returns the one chosen."""
    global _translation, _language, _digits
    _language = choose(language)
    _digits = digits if digits in DIGITS else "latin"
    try:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language])
    except OSError:
        _translation = gettext.NullTranslations()
    _templates.cache_clear()
    translated.cache_clear()
    return _language


def language() -> str:
    return _language


def rtl() -> bool:
    """The interface reads right to left (Arabic): the layout is mirrored."""
    return _language == "ar"


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it (tables built at import)."""
    return message


def num(value: int | str) -> str:
    """A count or date part in the interface's digits (`digits` setting)."""
    text = str(value)
    return text.translate(_ARABIC_DIGITS) if _digits == "arabic" else text


_FIELD = re.compile(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")


@lru_cache(maxsize=1)
def _templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every catalog message with {fields}, as a pattern that reads its English back,
    the most specific (longest fixed text) first. Messages with no words of their own
    ("{a}: {b}") are left out: they would match anything."""
    catalog = getattr(_translation, "_catalog", {})
    found = []
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or "{" not in msgid or not msgstr:
            continue
        fixed = _FIELD.sub("", msgid)
        if sum(c.isalpha() for c in fixed) < 4:
            continue
        pattern, seen, at = [], set(), 0
        for m in _FIELD.finditer(msgid):
            pattern.append(re.escape(msgid[at:m.start()]))
            name = m.group(1)
            pattern.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
            seen.add(name)
            at = m.end()
        pattern.append(re.escape(msgid[at:]))
        found.append((len(fixed), re.compile("".join(pattern), re.S), msgstr))
    found.sort(key=lambda t: -t[0])
    return tuple((rx, msgstr) for _n, rx, msgstr in found)


@lru_cache(maxsize=4096)
def translated(text: str) -> str:
    """A stored English message (made from an `N_()` template) in the interface's
    language; text that is no message of ours (a server's own words) stays as it is."""
    if _language == "en" or not text:
        return text
    exact = _translation.gettext(text)
    if exact != text:
        return exact
    for rx, msgstr in _templates():
        m = rx.fullmatch(text)
        if m:
            values = {k: num(v) if v.isdigit() else translated(v)
                      for k, v in m.groupdict().items()}
            try:
                return msgstr.format(**values)
            except (KeyError, IndexError, ValueError):
                return text
    return text
