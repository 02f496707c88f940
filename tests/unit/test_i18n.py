"""The interface's catalogs and language choice (SPEC §3): every user-facing string of
tui/ is in both catalogs and translated in Arabic, the shipped .mo match the .po, and
the language follows AKHBAR_LANG, the setting, then the locale."""

from __future__ import annotations

import ast
import gettext
import io
import re
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


# -- the core's messages: none in the code outside the catalogs ---------------------

SINKS = {"fail", "_say", "_err", "say", "notify", "show_note", "Static", "Label"}
"""Functions whose first argument the user reads (besides exceptions and error=)."""
_NOT_WORDS = re.compile(r"--?[a-z][\w-]*|\b[a-z_]+:$|akhbar|https?://\S*")


def _english(node: ast.AST) -> bool:
    """A literal or f-string with words of its own: English nobody translates."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if node.value.isidentifier():  # a code ("fetch", "parse"), not a sentence
            return False
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
    elif isinstance(node, ast.BinOp):
        return _english(node.left) or _english(node.right)
    elif isinstance(node, ast.IfExp):
        return _english(node.body) or _english(node.orelse)
    else:
        return False
    return any(re.search(r"[A-Za-z]{2,}", _NOT_WORDS.sub("", p)) for p in parts)


def _shown(call: ast.Call) -> list[ast.AST]:
    """The arguments of `call` that reach the user's eyes."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else \
        func.attr if isinstance(func, ast.Attribute) else ""
    args = [k.value for k in call.keywords if k.arg == "error"]
    if name.endswith("Error") or name in SINKS:
        args += call.args[:1] if name in SINKS else call.args
    if name == "append" and isinstance(func, ast.Attribute) and \
            isinstance(func.value, ast.Attribute) and func.value.attr == "notes":
        args += call.args
    if name == "print" and any(k.arg == "file" for k in call.keywords):
        args += call.args
    return args


def test_no_english_message_outside_the_catalogs_in_core_or_ui():
    """Every error, note and stderr line of tui/ (core and headless modes included)
    is built from _(), N_() or ngettext(): a literal or f-string with English words
    given to an exception, `error=`, a refresh note or stderr fails this test (a
    programmer's error the user never sees says so: `# not shown`)."""
    found = []
    for path in sorted(TUI.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and "# not shown" not in lines[node.lineno - 1]:
                for arg in _shown(node):
                    if _english(arg):
                        found.append(f"{path.relative_to(TUI)}:{arg.lineno}")
    assert found == []


def test_stored_english_errors_are_shown_in_arabic():
    """A fetch or parse error kept in the store (English, from an N_() template, as
    older versions stored it too) reads back in Arabic, its values in place."""
    stored = {
        "HTTP 404 Not Found": "رد الخادم 404: غير موجود",
        "HTTP 410 Gone": "رد الخادم 410: أُزيل",
        "HTTP 418 I'm a teapot": "رد الخادم 418: I'm a teapot",  # the server's words
        "HTTP 500": "رد الخادم 500",
        "HTTP 503 Service Unavailable: server asks to wait 120 s":
            "رد الخادم 503: الخدمة غير متاحة، ويطلب الانتظار 120 ث",
        "gave up after 30 s (server too slow)": "توقفت المحاولة بعد 30 ث (الخادم بطيء جدًا)",
        "feed too complex to parse": "المصدر أعقد من أن يُحلَّل",
        "could not connect: connection refused": "تعذّر الاتصال: رُفض الاتصال",
        "Al Wire: 2 of 5 full articles could not be read (no page); their feed text stays":
            "Al Wire: تعذّرت قراءة 2 من 5 مقالات كاملة (لا صفحة)؛ يبقى نص المصدر",
        "something a server said": "something a server said",
    }
    i18n.activate("ar")
    for english, arabic in stored.items():
        assert i18n.translated(english) == arabic
    i18n.activate("ar", "arabic")
    assert i18n.translated("HTTP 404 Not Found") == "رد الخادم ٤٠٤: غير موجود"
    i18n.activate("en")
    for english in stored:
        assert i18n.translated(english) == english


def test_every_stored_message_template_reads_back():
    """Each message the core stores in English, filled with sample values, is found
    again in the Arabic catalog (no template shadows another)."""
    i18n.activate("ar")
    ar = {m.id: m.string for m in catalog("ar") if m.id and not isinstance(m.id, tuple)}
    for path in ("fetch.py", "parse.py", "parse_pool.py", "parse_worker.py", "refresh.py",
                 "article/page.py"):
        tree = ast.parse((TUI / path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "N_":
                msgid = node.args[0].value
                names = _placeholders(msgid)
                sample = msgid.format(**{n: f"x{n}" for n in names})
                expected = ar[msgid].format(**{n: f"x{n}" for n in names})
                assert i18n.translated(sample) == expected, msgid
