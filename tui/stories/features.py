"""Text → features: what story grouping reads of an article (SPEC §4.8, §5).

Each article is reduced to a sparse vector of weighted features taken from
its normalized title and lead:

- words, with the Arabic article and its attached prepositions (ال، وال، بال،
  لل …) taken off, and function words dropped;
- numbers as written (2.25, 1.8, 5.4, 30), which cross languages;
- a consonant skeleton of every word, in one alphabet for Arabic and Latin
  script (دوبروف and Dobrov are both DBRF, كرمان and Kerman KRMN): the same
  kind of phonetic key Soundex is, so that an English and an Arabic report of
  one event can meet through the names and numbers they share. It also
  carries the spelling variants (سيرغي/سيرجي SRG, ملاطية/ملطية MLT) and
  inflection (روسيا/الروسي RS). English demonyms lose -ian/-ish/-ese first
  (Russian RS, like روسي). Character 4-grams were tried and dropped: at weight 0
  the evaluation was unchanged, and they were most of the features.

In Latin script only names take part across scripts: words capitalised
where no sentence starts (`latin_names`, kept as a third field of `story_text`),
since the skeleton of a common English word often equals an Arabic name's
("port" and بيروت are both BRT).

Features are weighted TF-IDF (see `tui.stories.cluster`), with document
frequencies taken over the articles being compared (the time window), so this
week's common words ("وزير", "minister") weigh little.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from tui.stories.places import PLACES
from tui.stories.topics import FAMILIES, KINDS, TOPICS
from tui.text.normalize import normalize
from tui.text.plain import visible_text

__all__ = ["Doc", "Features", "story_text", "skeleton", "latin_names", "LEAD_CHARS"]

LEAD_CHARS = 300
"""How much of the body, after the title, the comparison reads."""

SKELETON_WEIGHT = 0.8
NUMBER_WEIGHT = 1.0
PLACE_WEIGHT = 1.0
TOPIC_WEIGHT = 1.0
VETO_UNITS = frozenset({"mag", "score", "mw", "%", "km", "t", "e3", "e6", "e9"})
"""Measures that tell events apart: two quakes of 5.4 and 5.8, two results 2-1 and 0-0."""

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,\u066b]\d+)?", re.UNICODE)
_NUMBER_CONTEXT = re.compile(r"[^\W\d_]+|\d+(?:[.,\u066b]\d+)?|%|\$", re.UNICODE)
_SCORE = re.compile(r"(?<![\d.,\-])(\d{1,2})\s?[-–]\s?(\d{1,2})(?![\d.,\-])")
_UNITS = {normalize(w): unit for unit, words in (
    ("mag", "درجه درجات magnitude richter ريختر"),
    ("e3", "الف الاف الفا thousand"),
    ("e6", "مليون ملايين million millions mn m"),
    ("e9", "مليار مليارات billion billions bn"),
    ("%", "% بالميه بالمايه percent"),
    ("mw", "ميغاواط ميجاوات ميغاوات megawatt megawatts mw"),
    ("t", "طن اطنان tons tonnes"),
    ("km", "كيلومتر كيلومترا كيلومترات كلم km kilometres kilometers"),
) for w in words.split()}
"""A number's unit, in one name for both scripts: "5.8 درجات" and "magnitude 5.8" are
one measure; "$9bn" and "9 مليارات" one amount."""
_SIDES = [re.compile(p) for p in (  # on normalized text (SPEC §4.8: على is علي)
    r"(\w+) (?:ي|ت)?(?:فوز|تغلب|هزم|كتسح|كتفي|تعادل) ",  # who won (or drew)
    r"(?:فوز|فاز|تغلب|غلب) علي (?:ضيفه |مضيفه |جاره )?(\w+)",  # over whom
    r"(?:فاز|تغلب) (\w+) علي",
    r"(?:هزم|كتسح|اكتسح) (\w+)",
    r"(?:تعادل|مباراه|اقتسم|لقاء) (\w+) و(\w+)",
    r"بين (\w+) و(\w+)",
    r"(?:التعادل|تعادل) مع (\w+)",
    r"(?:شباك|امام|ضيفه|مضيفه) (\w+)",
    r"(\w+) في شباك",
)]
"""Where the sides of a result stand in an Arabic report: who beat (drew with) whom.
Sports copy has a small grammar for it; a club's name is a common word (الفجر، الوحدة)
and only its place in that grammar tells it is a name."""
_FIRMS = re.compile(r"(?:^|\s)[لبو]?(?:شركه|مجموعه|مصرف|بنك) (\w+)")
"""A company's name follows the word for company (شركة، لشركة، مجموعة، بنك …)."""
_NOT_ACTORS = frozenset(normalize(w) for w in (
    "al el fc league round cup magnitude the mw km tonnes percent".split()))
"""Capitalised words of Latin copy that name no one: the article of "Al Fajr", a
headline's "League:" or "Round 3:", units."""
_ARTICLE = re.compile("^(?:وال|بال|كال|فال|لل|ال)(?=...)")
_STOP = frozenset(normalize(w) for w in """
في من على إلى الى عن مع أن إن ان أو او ثم قد لا لم لن ما هذا هذه ذلك تلك التي الذي الذين
بعد قبل بين حتى منذ خلال عند كل كما وقد وفي ومن وعلى وأن وإن كان كانت يكون هو هي هم نحو
أي غير بعض أيضا إلا الا فيما بما لها له فيه عليه إنه أنه اليوم أمس يوم
the a an of to in on at for and or but with by from as is are was were be been that this
these those it its his her their they he she we you not no after before over into about
than has have had will would says said new more first last
""".split())
_ORDINARY = frozenset(normalize(w) for w in "جديد جديدة جدد أول أولى ثاني ثانية أخير أخيرة".split())
"""Words, without their article, that tell no event from another: new, first, last
(a new plant, the first phase, for the first time), as "new" is a stop word in English."""

_AR_SKELETON = str.maketrans({
    "ب": "B", "پ": "B", "ف": "F", "ڤ": "F", "ت": "T", "ط": "T", "ث": "S", "ج": "G", "چ": "X",
    "غ": "G", "گ": "G", "ح": "", "خ": "K", "د": "D", "ض": "D", "ذ": "Z", "ظ": "Z", "ر": "R",
    "ز": "Z", "ژ": "Z", "س": "S", "ص": "S", "ش": "X", "ق": "K", "ك": "K", "ل": "L", "م": "M",
    "ن": "N", "ه": "", "ع": "", "ء": "", "ا": "", "و": "", "ي": "",
})
_LATIN_DIGRAPHS = (("ph", "f"), ("sh", "x"), ("ch", "x"), ("kh", "k"), ("gh", "g"),
                   ("th", "t"), ("ck", "k"), ("dj", "j"), ("ou", "u"))
_LATIN_SKELETON = str.maketrans({
    "b": "B", "p": "B", "f": "F", "v": "F", "t": "T", "d": "D", "j": "G", "g": "G", "k": "K",
    "q": "K", "c": "K", "x": "KS", "l": "L", "m": "M", "n": "N", "r": "R", "s": "S", "z": "Z",
    "ç": "X", "ş": "X", "ğ": "", "a": "", "e": "", "i": "", "o": "", "u": "", "y": "",
    "w": "", "h": "", "ı": "", "ö": "", "ü": "", "é": "", "è": "", "á": "", "ã": "",
})
_LATIN_NISBA = re.compile(r"(?<=...)(?:ian|ish|ese)$")
"""English demonyms: Russian, Turkish, Sudanese are written روسي، تركي، سوداني in Arabic,
which the skeleton reads as the country (RS, TRK, SDN): strip the English ending too."""
_REPEATS = re.compile(r"(.)\1+")
_ONE_OF_RUN = itemgetter(1)  # a function, not r"\1": re parses a template at every call


def skeleton(word: str) -> str:
    if "\u0600" <= word[0] <= "\u06ff":
        key = word.replace("تش", "ش").translate(_AR_SKELETON)
    else:
        w = _LATIN_NISBA.sub("", word)
        for a, b in _LATIN_DIGRAPHS:
            w = w.replace(a, b)
        w = re.sub(r"c(?=[eiy])", "s", w)
        key = w.translate(_LATIN_SKELETON)
        if not key.isascii():
            return ""
    return _REPEATS.sub(_ONE_OF_RUN, key.upper())


def _stem(word: str) -> str:
    return _ARTICLE.sub("", word)


_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“”|]\s*|\s[-–—]\s)$")


def latin_names(text: str, *, headline: bool) -> list[str]:
    """Latin-script names in raw text: words written with a capital where a sentence does
    not start, and a headline's first word (headlines start with who: "Dobrov in
    Ankara"). A headline in Title Case says nothing: then none."""
    found = [(m.start(), m.group()) for m in _NAME.finditer(text)]
    if not found:
        return []
    if headline:
        latin = re.findall(r"\b[A-Za-z][a-z]{3,}", text)
        if len(latin) >= 3 and all(w[0].isupper() for w in latin):
            return []
    return [w for at, w in found
            if not _SENTENCE_START.search(text[max(0, at - 3):at])
            or (headline and at == 0 and w.casefold() not in _STOP)]


def story_text(title: str, summary: str = "", content: str = "") -> str:
    """What grouping compares: the normalized title, a tab, the normalized lead, a tab,
    the Latin-script names of both (see `latin_names`), normalized."""
    body = summary if summary and len(summary) >= 80 else (content or summary)
    body = visible_text(body, LEAD_CHARS * 8)
    whole = normalize(body)
    lead = whole[:LEAD_CHARS]
    if len(whole) > LEAD_CHARS and whole[LEAD_CHARS] != " " and " " in lead:
        lead = lead[: lead.rfind(" ")]  # no half word at the cut
    names = ""
    if _LATIN_ANY.search(title) or _LATIN_ANY.search(body):
        raw = latin_names(title, headline=True) + latin_names(
            " ".join(body.split())[:LEAD_CHARS * 2], headline=False)
        names = normalize(" ".join(dict.fromkeys(raw)))
    return normalize(title) + "\t" + lead + "\t" + names


_LATIN_ANY = re.compile("[A-Za-z]")
_NOWHERE = ("", "")
_NONE: frozenset = frozenset()
_DIGIT = re.compile(r"\d")


@dataclass(eq=False, slots=True)
class Doc:
    key: int
    feed: object
    published: int
    arabic: bool
    countries: frozenset[str]
    """The countries its places lie in: reports in different countries are two events."""
    cities: frozenset[str]
    """The cities it names (place ids): where it happened, more finely than a country."""
    homes: frozenset[str]
    """The countries of the cities it names (of its cities only: not of a fair's guest
    of honour or a ministry abroad)."""
    measures: frozenset[tuple[str, str]]
    """(unit, value) of its `VETO_UNITS` measures."""
    teams: frozenset[int]
    """The sides of a result it reports (a score's clubs), as actor keys (see `actor`)."""
    firms: frozenset[int]
    """The companies it names (after شركة/مجموعة); in Latin script, every name."""
    kinds: frozenset[tuple[int, int]]
    """(noun, the word after it) of its facilities (محطة رياح): see `topics.KINDS`."""
    topics: frozenset[int]
    """The topic ids it names (`topics.TOPICS`): what kind of event it reports."""
    sorts: frozenset[tuple[int, int]]
    """(family, topic id) of the topics of `topics.FAMILIES` it names (the commodity)."""
    cross_keys: frozenset[int]
    """The features another script can share: numbers, Arabic skeletons, Latin names'."""
    words: tuple[list[int], ...]
    """The title's and the lead's word ids in order: their adjacent pairs are phrases."""
    story: int | None = None
    row: int = -1
    """Its row in the matrices of `Features`."""

    def pairs(self) -> set[tuple[int, int]]:
        out: set[tuple[int, int]] = set()
        for words in self.words:  # a pair does not span the title and the lead
            out.update(zip(words, words[1:], strict=False))
        return out


class _Tokens(dict):
    """Token → what it contributes (see `Features._token`), worked out on first sight."""

    def __init__(self, features: Features) -> None:
        super().__init__()
        self.features = features

    def __missing__(self, token: str) -> tuple:
        t = self[token] = self.features._token(token)
        return t


# Fields of a token's entry (see `Features._token`).
_E_WORD, _E_FEATS, _E_SKELETON, _E_SCRIPT, _E_CROSS, _E_CROSS_OLD, _E_COUNTRY = map(
    itemgetter, range(7))


class Features:
    """Turns story texts into `Doc`s and the rows of a document × feature matrix.

    Feature strings become small ints (one table per clustering, so that ids
    never leak between calls; 0 stands for none); each token is worked out
    once, and a document is built by C-level maps over its tokens' entries.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.weight: list[float] = [0.0]
        """Feature id → the weight of its kind (word, number, skeleton)."""
        self.memo = _Tokens(self)
        self.short: set[int] = set()
        """Skeleton ids of two consonants: across scripts many words meet by chance
        on them (Rowad and أرضية RD, Book and بقوة BK)."""
        self.actors: dict[str, int] = {}
        """Word → its key as a name (see `actor`)."""
        self.kinds = frozenset(self._id(k, 1.0) for k in KINDS)
        self.family = {self._id("~" + topic, TOPIC_WEIGHT): n
                       for n, family in enumerate(FAMILIES) for topic in family}
        """Topic id → its family's number (see `topics.FAMILIES`)."""
        self.bare: dict[int, int] = {}
        """Word id → the word without its ل/ب "for, with" (لتحلية → تحلية)."""
        self.echoes: dict[int, tuple[int, ...]] = {}
        """Word id → the other features the word gives (its skeleton, place, topic):
        one piece of evidence with it, discounted with it in a shared phrase."""
        self.evidence: dict[int, int] = {}
        """Feature id → the piece of evidence it is (see `tui.stories.cluster.EVIDENCE_MIN`):
        a word (its "and"-less form, if it has one: والنهضة is نهضة), a number with its
        unit or noun; a topic's word is its topic (زلزال and هزة are one). Skeletons' and
        places' ids are echoes of a word, not evidence of their own."""
        self.topics: set[int] = set()
        """Topic ids: each says what kind of event, not which (half a piece of evidence)."""
        self.cities: set[int] = set()
        """Place ids of cities: where, which with what happened makes an event."""
        self.countries: set[int] = set()
        """Feature ids of countries: weak evidence across scripts, never enough alone."""
        self.located: set[int] = set()
        """Feature ids a place gives (its word, skeleton and place id): where, not what."""
        self.docs: list[Doc] = []
        # The matrix, row by row (CSR): a document's features, counts, cross-script ones.
        self.indptr: list[int] = [0]
        self.columns: list[int] = []
        self.counts: list[float] = []
        self.crossing: list[bool] = []

    def _id(self, feature: str, weight: float) -> int:
        fid = self.ids.get(feature)
        if fid is None:
            fid = self.ids[feature] = len(self.weight)
            self.weight.append(weight)
        return fid

    def _token(self, token: str) -> tuple:
        """(word id, feature ids, skeleton id, script, cross keys, cross keys of a text
        stored without names, country): script is 1 Arabic, -1 Latin, 0 a number; a
        word without its و/ف "and" is a feature id negated (it counts half). A number
        alone is nothing: it counts with its unit or noun (see `_numbers`)."""
        if token[0].isdigit():
            return 0, (), 0, 0, (), (), ("", "")
        arabic = 1 if "\u0600" <= token[0] <= "\u06ff" else -1
        if token in _STOP or len(token) < 2:
            return 0, (), 0, arabic, (), (), ("", "")
        stem = _stem(token)
        if stem in _ORDINARY:
            return 0, (), 0, arabic, (), (), ("", "")
        word = self._id(stem, 1.0)
        out = [word]
        piece = word
        if len(stem) >= 5 and stem[0] in "وف":
            piece = self._id(stem[1:], 1.0)
            out.append(-piece)  # و/ف "and": also the word without it
        sk = skeleton(stem)
        skid = 0
        if len(sk) >= 2:
            skid = self._id("^" + sk, SKELETON_WEIGHT)
            out.append(skid)
            if len(sk) == 2:
                self.short.add(skid)
        place, country = PLACES.get(stem) or PLACES.get(token) or ("", "")
        where = (place, country)
        if not place and stem[0] in "وف":  # "عمانية وتونسية": a second country, not a feature
            second = PLACES.get(_stem(stem[1:]))
            if second and second[0] == second[1]:
                where = second
        cross = (skid,) if arabic > 0 else ()
        if place:
            # A place meets the other script by its id, once (not by its skeleton too).
            # A country is in every report of that country: it crosses, but it is not
            # enough alone (see `countries`).
            pid = self._id("@" + place, PLACE_WEIGHT)
            if skid:  # one place is one piece of evidence: its id stands for its skeleton
                out.remove(skid)
            out.append(pid)
            self.located.update(abs(f) for f in out)
            cross = (pid,)
            skid = 0
            if place == country:
                self.countries.add(pid)
        topic = TOPICS.get(stem) or TOPICS.get(token)
        if topic:  # what happened meets the other script by its topic id
            tid = self._id("~" + topic, TOPIC_WEIGHT)
            out.append(tid)
            cross = (*cross, tid)
            self.evidence[word] = self.evidence[piece] = tid
            self.topics.add(tid)
        elif place:
            self.evidence[word] = self.evidence[piece] = pid
            if place != country:
                self.cities.add(pid)
        else:
            self.evidence[word] = self.evidence[piece] = piece
        self.echoes[word] = tuple(f for f in out[1:] if f > 0)
        self.bare[word] = self._id(stem[1:], 1.0) if len(stem) > 4 and stem[0] in "لب" else word
        # Latin words meet Arabic ones through names, places and topics only (the third field);
        # a text stored before names were kept has no third field: then every word.
        return word, tuple(out), skid, arabic, cross, (skid, *cross), where

    def actor(self, word: str) -> int:
        """The key of a name: its skeleton's feature id, so that Fajr and الفجر, Diyaa
        and ضياء meet (a short skeleton is an id no row has: it meets actors only)."""
        key = self.actors.get(word)
        if key is None:
            stem = _stem(word)
            sk = skeleton(stem) if stem else ""
            key = self.actors[word] = self._id("^" + sk if sk else stem, SKELETON_WEIGHT)
        return key

    def _latin_actors(self, names: str) -> frozenset[int]:
        out = set()
        for name in _WORD.findall(names):
            where = _E_COUNTRY(self.memo[name])
            if (where[0] or name in _NOT_ACTORS or name in _STOP or name in _UNITS
                    or name in TOPICS or len(name) < 3 or name[0].isdigit()):
                continue
            out.add(self.actor(name))
        return frozenset(out)

    def _numbers(self, text: str, found: list[int], measures: set[tuple[str, str]]) -> None:
        """The numbers of `text` that say something, as features into `found`: a score
        (2-1), a number with its unit (5.8 درجات, $9bn, 2.25%) or else with the words
        next to it (iPhone 16, 30 طائرة) by their skeletons. Never a number alone."""
        for m in _SCORE.finditer(text):
            score = "-".join(sorted(m.groups()))
            fid = self._id("=" + score, NUMBER_WEIGHT)
            self.evidence[fid] = fid
            found.append(fid)
            measures.add(("score", score))
        tokens = _NUMBER_CONTEXT.findall(_SCORE.sub(" ", text))
        last = len(tokens) - 1
        for i, token in enumerate(tokens):
            if not token[0].isdigit():
                continue
            value = token.replace(",", ".").replace("\u066b", ".")
            after = tokens[i + 1] if i < last else ""
            before = tokens[i - 1] if i else ""
            unit = _UNITS.get(after) or _UNITS.get(_stem(after)) or _UNITS.get(before)
            if unit:
                fid = self._id(f"#{value}{unit}", NUMBER_WEIGHT)
                self.evidence[fid] = fid
                found.append(fid)
                if unit in VETO_UNITS:
                    measures.add((unit, value))
                continue
            for word in (before, after):
                if len(word) >= 2 and word not in _STOP and not word[0].isdigit():
                    key = skeleton(_stem(word))
                    fid = self._id(f"#{value}|{key or word}", NUMBER_WEIGHT * 0.7)
                    self.evidence[fid] = fid
                    found.append(fid)

    def _kinds(self, *parts: list[tuple]):
        """(noun, bare word after it) of each of `KINDS` followed by a word that is not a
        place (مطار الموصل is where, not which kind) nor a function word."""
        for part in parts:
            for a, b in zip(part, part[1:], strict=False):
                head, word = _E_WORD(a), _E_WORD(b)
                if head in self.kinds and word and word not in self.kinds \
                        and _E_COUNTRY(b) == _NOWHERE:
                    yield head, self.bare[word]

    def add(self, key, feed, published, text, story=None) -> None:
        """The next row: `text`'s features (see `story_text`) and its `Doc`. A word
        seen without its "and" (a negative id) is merged with the word by `_Space`."""
        title, _, rest = text.partition("\t")
        lead, tab, names = rest.partition("\t")
        entry = self.memo.__getitem__
        heading = list(map(entry, _WORD.findall(title)))
        body = list(map(entry, _WORD.findall(lead)))
        entries = heading + body
        tf = Counter(chain.from_iterable(map(_E_FEATS, entries)))
        cross = set(chain.from_iterable(map(_E_CROSS if tab else _E_CROSS_OLD, entries)))
        cross.discard(0)
        measures: set[tuple[str, str]] = set()
        if _DIGIT.search(title) or _DIGIT.search(lead):
            numbers: list[int] = []
            self._numbers(title, numbers, measures)
            self._numbers(lead, numbers, measures)
            tf.update(numbers)
            cross.update(numbers)
        located = set(map(_E_COUNTRY, entries))
        located.discard(_NOWHERE)
        countries = cities = homes = _NONE
        if located:  # most articles name no place: no sets to build
            countries = frozenset(c for _, c in located)
            cities = frozenset(p for p, c in located if p != c)
            homes = frozenset(c for p, c in located if p != c)
        for name in _WORD.findall(names):
            skid = _E_SKELETON(entry(name))
            if skid in tf and name not in TOPICS:  # a topic crosses by its id
                cross.add(skid)
        teams = firms = frozenset()
        arabic = sum(map(_E_SCRIPT, entries)) >= 0
        if arabic:
            both = title + " " + lead
            if any(u == "score" for u, _ in measures):
                teams = frozenset(self.actor(w) for p in _SIDES for m in p.finditer(both)
                                  for w in m.groups() if not w[0].isdigit())
            if "شركه" in both or "مجموعه" in both or "بنك" in both or "مصرف" in both:
                firms = frozenset(self.actor(m.group(1)) for m in _FIRMS.finditer(both))
        elif names:
            firms = self._latin_actors(names)
            if any(u == "score" for u, _ in measures):
                teams = firms
        kinds = _NONE
        if not self.kinds.isdisjoint(map(_E_WORD, entries)):
            kinds = frozenset(self._kinds(heading, body))
        self.columns += tf
        self.counts += tf.values()
        self.crossing += map(cross.__contains__, tf)
        self.indptr.append(len(self.columns))
        self.docs.append(Doc(
            key, feed, published, arabic, countries, cities, homes,
            frozenset(measures), teams, firms, kinds,
            frozenset(self.topics.intersection(tf)),
            frozenset((self.family[t], t) for t in self.family.keys() & tf.keys()),
            frozenset(cross),
            tuple(list(filter(None, map(_E_WORD, part))) for part in (heading, body)), story,
            len(self.docs)))
