"""The interface's catalogs and language choice (SPEC §3): every user-facing string of
tui/ is in both catalogs and translated in Arabic, the shipped .mo match the .po, and
the language follows AKHBAR_LANG, the setting, then the locale."""

from __future__ import annotations

import gettext
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tui import i18n
from tui.dates import age, day_month, long_age

TUI = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def catalog(lang: str):
    with open(TUI / "locale" / lang / "LC_MESSAGES" / "akhbar.po", "rb") as f:
        return read_po(f, locale=lang)


def extracted() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(TUI), method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.activate("en")


def test_every_message_in_the_code_is_in_both_catalogs_and_translated_in_arabic():
    messages = extracted()
    assert len(messages) > 100
    for lang in ("ar", "en"):
        ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog(lang) if m.id}
        assert sorted(messages - ids) == [], f"missing from the {lang} catalog"
    untranslated = [m.id for m in catalog("ar") if m.id and (
        not all(m.string) if isinstance(m.string, tuple) else not m.string)]
    assert untranslated == []


def test_arabic_translations_keep_their_placeholders():
    for m in catalog("ar"):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        names = {p for i in ids for p in _placeholders(i)}
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for s in strings:
            assert _placeholders(s) <= names, (m.id, s)


def _placeholders(text: str) -> set[str]:
    import string
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_shipped_mo_matches_the_po(lang):
    buf = io.BytesIO()
    write_mo(buf, catalog(lang))
    buf.seek(0)
    fresh = gettext.GNUTranslations(buf)._catalog  # type: ignore[attr-defined]
    with open(TUI / "locale" / lang / "LC_MESSAGES" / "akhbar.mo", "rb") as f:
        shipped = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    assert shipped == fresh, "run: pybabel compile -d tui/locale -D akhbar"


@pytest.mark.parametrize("env, setting, expected", [
    ({}, "auto", "en"),
    ({"LANG": "ar_EG.UTF-8"}, "auto", "ar"),
    ({"LANG": "de_DE.UTF-8"}, "auto", "en"),
    ({"LC_ALL": "ar_SA.UTF-8", "LANG": "en_US.UTF-8"}, "auto", "ar"),
    ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "ar_MA.UTF-8"}, "auto", "en"),
    ({"LANG": "ar_EG.UTF-8"}, "en", "en"),
    ({"LANG": "en_US.UTF-8"}, "ar", "ar"),
    ({"AKHBAR_LANG": "ar", "LANG": "en_US.UTF-8"}, "en", "ar"),
    ({"AKHBAR_LANG": "en"}, "ar", "en"),
    ({"AKHBAR_LANG": "klingon", "LANG": "ar_JO.UTF-8"}, "auto", "ar"),
])
def test_language_choice(env, setting, expected):
    assert i18n.choose(setting, env) == expected


def test_arabic_ages_dates_and_digits():
    now = datetime(2026, 3, 5, 12, tzinfo=UTC)
    i18n.activate("ar", "arabic")
    assert long_age(now - timedelta(hours=3), now) == "منذ ٣ ساعات"
    assert long_age(now - timedelta(hours=1), now) == "منذ ساعة"
    assert long_age(now - timedelta(hours=11), now) == "منذ ١١ ساعة"
    assert age(now - timedelta(hours=3), now) == "٣ س"
    assert day_month(datetime(2026, 1, 9)) == "٠٩ يناير"
    i18n.activate("ar", "latin")
    assert age(now - timedelta(hours=3), now) == "3 س"
    assert long_age(now - timedelta(days=5), now) == "منذ 5 أيام"
    i18n.activate("en")
    assert age(now - timedelta(hours=3), now) == "3h"
    assert long_age(now - timedelta(hours=3), now) == "3 hours ago"
    assert day_month(datetime(2026, 1, 9)) == "09 Jan"


def test_empty_state_in_arabic(tmp_path):
    from tests.support import write_config
    from tui import config as config_mod
    from tui.library import Library
    from tui.store import Store
    from tui.views import FeedEntry, View

    config = config_mod.load(write_config(tmp_path / "feeds.toml", [], {"language": "ar"}))
    i18n.activate(config.settings.language)
    with Store(tmp_path / "akhbar.db") as store:
        lines = Library(store, config).empty_lines(View(FeedEntry("all", "all")), False,
                                                   None, None)
    assert lines[0] == "لا أخبار بعد."
    assert lines[1] == "لا مصادر في الإعدادات."
    assert lines[2].startswith("جرّب `akhbar --demo`")
    assert lines[3].startswith("ملف مصادرك: ")
