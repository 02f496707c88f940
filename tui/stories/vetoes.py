"""Vetoes: what two reports disagree on that makes them two events (SPEC §5, issue 18).

Places in different countries, cities of one country, measures of one kind that all
differ. The vetoes that read the window's features (actors, facility kinds) are
`tui.stories.cluster._Space`'s.
"""

from __future__ import annotations

from tui.stories.features import VETO_UNITS, Doc

__all__ = ["vetoed"]


def vetoed(d: Doc, members: list[Doc]) -> bool:
    """Whether d and the story disagree on what makes an event: their places lie in
    different countries, or the cities of each lie in countries the other never
    names (two book fairs with one guest of honour; but not a satellite built in
    Muscat and Sfax by Omanis and Tunisians), or their measures of one kind (a
    magnitude, a score, megawatts, a percentage) differ, or the topics that tell one
    kind of event from another (bread and petrol, see `topics.FAMILIES`)."""
    countries = frozenset().union(*(m.countries for m in members))
    if d.countries and countries and not d.countries & countries:
        return True
    homes = frozenset().union(*(m.homes for m in members))
    if d.homes and countries and not d.homes <= countries:
        return True  # d's city is in a country the story never names (a fair's guest)
    if homes and d.countries and not homes <= d.countries:
        return True
    cities = frozenset().union(*(m.cities for m in members))
    if d.cities and cities and not d.cities & cities and d.homes & homes:
        return True  # two cities of one country (a quake in Kerman, one in Tehran)
    if d.topics:
        told = frozenset().union(*(m.topics for m in members))
        if told and d.topics.isdisjoint(told):
            return True  # a fair and a plant opened in one city
    if d.sorts and _sorts_differ(d.sorts, frozenset().union(*(m.sorts for m in members))):
        return True
    if d.measures:
        told = frozenset().union(*(m.measures for m in members))
        for unit in VETO_UNITS:
            mine = {v for u, v in d.measures if u == unit}
            theirs = {v for u, v in told if u == unit}
            if mine and theirs and not any(_agree(unit, a, b) for a in mine for b in theirs):
                return True
    return False


def _sorts_differ(mine: frozenset, theirs: frozenset) -> bool:
    """Whether both name topics of one family (`topics.FAMILIES`) and none in common:
    bread and petrol, a wind and a solar plant."""
    families = {f for f, _ in mine} & {f for f, _ in theirs}
    return any({t for f, t in mine if f == fam}.isdisjoint({t for f, t in theirs if f == fam})
               for fam in families)


def _agree(unit: str, a: str, b: str) -> bool:
    """Two values of one measure that can be one event's: a score exactly; a magnitude
    within 0.2 (agencies differ: 5.8 and 5.9 are one quake, 5.4 and 5.8 two)."""
    if unit == "mag":
        try:
            return abs(float(a) - float(b)) <= 0.2
        except ValueError:
            return a == b
    return a == b
