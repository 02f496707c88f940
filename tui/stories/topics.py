"""Topics: what happened, in Arabic and English, keyed to one id each.

Across scripts words cannot meet (a skeleton is for names: "port" and بيروت
are both BRT), so an English and an Arabic report that share only a city could
be a quake and a price rise there. The nouns of what news reports happen
(quake, storm, flood, plant, fair, price …) are listed here once in each
script, so that two reports across scripts can agree on *what* as well as
*where*; within a script they join synonyms (زلزال and هزة).

Each line: the topic's id, then its forms, normalized (SPEC §4.8) and without
the Arabic article. A short list of kinds of events, not a dictionary.
"""

from __future__ import annotations

from tui.text.normalize import normalize

_TABLE = """
quake زلزال زلازل هزه هزات earthquake earthquakes quake quakes tremor tremors
storm عاصفه عواصف نوه storm storms
flood فيضان فيضانات سيول تغرق غرق غمرت flood floods flooded flooding
rain امطار مطر rain rains rainfall
port ميناء موانء port ports
airport مطار airport
plant محطه plant
fair معرض fair
book كتاب book books
price سعر اسعار price prices
bread خبز bread
petrol بنزين petrol gasoline
sugar سكر sugar
electricity كهرباء electricity
solar شمسيه solar
wind رياح wind
match مباراه match
league دوري league
draw تعادل draw
satellite قمر satellite
oil نفط oil
metro مترو metro
vaccine لقاح تطعيم vaccine vaccines vaccination
flu انفلونزا flu influenza
fire حريق fire
blast انفجار explosion blast
election انتخابات election elections
protest احتجاج احتجاجات protest protests
"""


def _entries() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        topic, *forms = line.split()
        for form in forms:
            out[normalize(form)] = topic
    return out


TOPICS: dict[str, str] = _entries()
"""Normalized form (Arabic without its article) → topic id."""

FAMILIES = [frozenset(line.split()) for line in """
bread petrol sugar electricity
solar wind
""".strip().splitlines()]
"""Topics that tell events of one kind apart: a report names one of them, and two that
name different ones are two events (bread and petrol dearer in one city on one day, a
wind and a solar plant of one size), in either script."""

KINDS = frozenset(normalize(w) for w in """
محطة مصنع خط مستشفى جسر ملعب متحف مطار ميناء مهرجان مؤتمر معرض سد مشروع مدرسة جامعة
""".split())
"""Nouns of facilities and gatherings whose next word says which kind (Arabic: the noun
comes first): محطة حاويات and محطة رياح, محطة القطار and محطة طاقة, الملعب الكبير and
الملعب القديم are different things, however alike the rest of the two reports."""
