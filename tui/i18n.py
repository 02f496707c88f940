"""The interface's language: which one (SPEC §3), and its words from gettext catalogs.

`activate(settings)` picks the language once (the app factory and the headless
modes call it); `_()` and `ngettext()` then translate at call time. A message
kept in a table at import time is marked with `N_()` and translated where it is
shown. Catalogs: tui/locale/{ar,en}/LC_MESSAGES/akhbar.po, compiled to the
shipped .mo with `pybabel compile -d tui/locale -D akhbar` (a test checks they
match). No Textual here: the headless modes use it too.
"""

from __future__ import annotations

import gettext
import os
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
