"""Stories: articles from different feeds that report the same event (SPEC §5).

The algorithm, and why
----------------------
Each article is reduced to a sparse vector of weighted features taken from
its normalized (SPEC §4.8) title and lead:

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
where no sentence starts (`_names`, kept as a third field of `story_text`),
since the skeleton of a common English word often equals an Arabic name's
("port" and بيروت are both BRT).

Features are weighted TF-IDF, with document frequencies taken over the
articles being compared (the time window), so this week's common words
("وزير", "minister") weigh little. Two articles in one script are compared by
cosine similarity, less a shared phrase's overlap: of two adjacent words both
texts have, the weaker one's share is taken off (`PHRASE_DISCOUNT`), so that a
formula («وزارة الخارجية الأردنية تعلن…») counts about as one word, while a
retelling, which says the same thing in other words, keeps its score. An
Arabic and a Latin-script article are compared by the cosine of their numbers
and skeletons alone (scaled by `CROSS_SCALE`), and only when they share two of
them (`CROSS_MIN_SHARED`): one shared "60" is chance.

An article joins the story whose most similar member (single link) is
published within `WINDOW` (48 h) of it and passes `THRESHOLD`; otherwise it
starts a new story. A story that has members in the article's script is
compared in that script only (the finer comparison: an English report that
joined an Arabic story through a number does not pull in the next Arabic
article with that number), and a story of the article's own script that
passes wins over one of the other script. A story told only in the other
script is matched when the article shares two numbers or names with its
members together (one names the storm, another the port it closed). A story
that already has an article of the same feed in the window is not joined:
an outlet tells an event once, so its second similar article within two
days is another event (a ministry's two statements of one day, two storms in
one week).

Why this and not MinHash/LSH: LSH estimates Jaccard similarity of sets
quickly when the corpus is huge and documents are long. Here documents are
a title and a lead (tens of words), the window holds a few thousand articles,
and the differences that matter are graded (a shared rare name weighs more
than a shared common word): IDF weighting does that, Jaccard over MinHash
signatures does not. An inverted index over the rarer features gives the
candidates, so each article is scored exactly against `CANDIDATES` others.
Pure Python, no numpy or scikit-learn; bench/bench_stories.py measures it.
Candidates come only from features another article of the window has and at
most `CANDIDATE_MAX_POSTINGS` do, the heaviest `CANDIDATE_FEATURES` of them.

Measured on tests/fixtures/stories/eval.json (bench/eval_stories.py):
pairwise precision 0.945, recall 0.912 (before this design: 0.907, 0.860).
What it still gets wrong: two floods in one week told with the same stock
words (سيول، أمطار غزيرة، تعليق الدراسة) and different place names, which
nothing here tells apart from a retelling; and reports that share nothing
but a place name (two tellings of the Tunisian olive harvest).

Incremental: `assign()` compares new articles with the already-assigned
articles in their window (read back from the store with the text they were
compared by) and never re-clusters what is stored.
"""

from __future__ import annotations

import heapq
import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import mul

from tui.models import Article
from tui.output import DigestGroup
from tui.store import Query, Store
from tui.text.clean import clean_field, strip_shortcodes
from tui.text.normalize import normalize

__all__ = [
    "StoryGroup", "assign", "assign_pending", "group", "group_for_digest", "cluster",
    "story_text", "similarity", "WINDOW", "THRESHOLD",
]

WINDOW = 48 * 3600
"""Seconds: articles further apart than this are never one story."""
THRESHOLD = 0.12
"""Minimum story score for an article to join a story."""
LEAD_CHARS = 300
"""How much of the body, after the title, the comparison reads."""

SKELETON_WEIGHT = 0.8
TITLE_WEIGHT = 1.0
NUMBER_WEIGHT = 1.0
CROSS_SCALE = 1.6
CROSS_MIN_SHARED = 2
"""Across scripts, this many distinct numbers and names must be shared: one is chance
(60 km/h and 60 countries; "Port" and بيروت)."""
PHRASE_DISCOUNT = 1.0
"""Of two adjacent words both texts share, the weaker counts this much less: a shared
phrase is about one piece of evidence (a ministry's formula, a stock flood headline)."""
"""Across scripts only numbers and name skeletons can match: their cosine, on those
features alone, is scaled by this to be comparable with a same-script cosine."""
CANDIDATE_MAX_POSTINGS = 30
"""Features in more than this many articles of the window do not propose candidates."""
CANDIDATE_FEATURES = 15
"""Only an article's heaviest features (by TF-IDF) look up candidates."""
CANDIDATES = 8
"""Articles scored exactly per new article (the best by the rare features)."""

# --- text → features ----------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,\u066b]\d+)?", re.UNICODE)
_ARTICLE = re.compile("^(?:وال|بال|كال|فال|لل|ال)(?=...)")
_STOP = frozenset(normalize(w) for w in """
في من على إلى الى عن مع أن إن ان أو او ثم قد لا لم لن ما هذا هذه ذلك تلك التي الذي الذين
بعد قبل بين حتى منذ خلال عند كل كما وقد وفي ومن وعلى وأن وإن كان كانت يكون هو هي هم نحو
أي غير بعض أيضا إلا الا فيما بما لها له فيه عليه إنه أنه اليوم أمس يوم
the a an of to in on at for and or but with by from as is are was were be been that this
these those it its his her their they he she we you not no after before over into about
than has have had will would says said new more
""".split())

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


def _skeleton(word: str) -> str:
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
    return _REPEATS.sub(r"\1", key.upper())


def _stem(word: str) -> str:
    return _ARTICLE.sub("", word)


_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“”|]\s*|\s[-–—]\s)$")


def _names(text: str, *, headline: bool) -> list[str]:
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
    the Latin-script names of both (see `_names`), normalized."""
    body = summary if summary and len(summary) >= 80 else (content or summary)
    body = body[:LEAD_CHARS * 8]
    if "<" in body:
        body = _TAG.sub(" ", _SCRIPT.sub(" ", body))
    if "&" in body:
        body = html.unescape(body)
    if "[" in body:
        body = strip_shortcodes(body)
    if "://" in body:  # embed and image URLs would look like shared Latin names
        body = _URL.sub(" ", body)
    whole = normalize(body)
    lead = whole[:LEAD_CHARS]
    if len(whole) > LEAD_CHARS and whole[LEAD_CHARS] != " " and " " in lead:
        lead = lead[: lead.rfind(" ")]  # no half word at the cut
    names = ""
    if _LATIN_ANY.search(title) or _LATIN_ANY.search(body):
        raw = _names(title, headline=True) + _names(" ".join(body.split())[:LEAD_CHARS * 2],
                                                     headline=False)
        names = normalize(" ".join(dict.fromkeys(raw)))
    return normalize(title) + "\t" + lead + "\t" + names


_LATIN_ANY = re.compile("[A-Za-z]")
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(eq=False)
class _Doc:
    key: int
    feed: object
    published: int
    tf: dict[int, float]
    """Feature id → weighted count."""
    cross_keys: frozenset[int]
    """The features another script can share: numbers, Arabic skeletons, Latin names'."""
    pairs: frozenset[int]
    """Adjacent word pairs (as one id each), to see shared phrases."""
    arabic: bool
    story: int | None = None
    vec: dict[int, float] | None = None
    cross: dict[int, float] | None = None
    """The script-free part (numbers, skeletons), normalized on its own."""


class _Features:
    """Turns story texts into `_Doc`s; feature strings become small ints (one table per
    clustering, so that ids never leak between calls), each token is worked out once."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.memo: dict[str, tuple] = {}

    def _id(self, feature: str) -> int:
        fid = self.ids.get(feature)
        if fid is None:
            fid = self.ids[feature] = len(self.ids)
        return fid

    def _token(self, token: str) -> tuple:
        """(word id or -1, ((feature id, weight), …), skeleton id or -1, arabic?)"""
        if token[0].isdigit():
            fid = self._id("#" + token.replace(",", ".").replace("\u066b", "."))
            return fid, ((fid, NUMBER_WEIGHT),), -1, None
        arabic = "\u0600" <= token[0] <= "\u06ff"
        if token in _STOP or len(token) < 2:
            return -1, (), -1, arabic
        stem = _stem(token)
        word = self._id(stem)
        out = [(word, 1.0)]
        if len(stem) >= 5 and stem[0] in "وف":
            out.append((self._id(stem[1:]), 0.5))  # و/ف "and": also the word without it
        sk = _skeleton(stem)
        skid = -1
        if len(sk) >= 2:
            skid = self._id("^" + sk)
            out.append((skid, SKELETON_WEIGHT))
        return word, tuple(out), skid, arabic

    def doc(self, key, feed, published, text, story=None) -> _Doc:
        title, _, rest = text.partition("\t")
        lead, tab, names = rest.partition("\t")
        memo = self.memo
        tf: dict[int, float] = {}
        cross: set[int] = set()
        pairs: set[int] = set()
        arabic = latin = 0
        for part, weight in ((title, TITLE_WEIGHT), (lead, 1.0)):
            last = -1
            for token in _WORD.findall(part):
                t = memo.get(token)
                if t is None:
                    t = memo[token] = self._token(token)
                word, feats, skid, script = t
                if script is not None:
                    if script:
                        arabic += 1
                    else:
                        latin += 1
                for fid, w in feats:
                    tf[fid] = tf.get(fid, 0.0) + w * weight
                if word >= 0:
                    if last >= 0:
                        pairs.add(last << 24 | word)
                    last = word
                    if script is None:
                        cross.add(word)  # a number
                    elif skid >= 0 and (script or not tab):
                        cross.add(skid)  # (a text stored before names were kept: every word)
        for name in _WORD.findall(names):
            t = memo.get(name) or self._token(name)
            if t[2] >= 0 and t[2] in tf:
                cross.add(t[2])
        return _Doc(key, feed, published, tf, frozenset(cross), frozenset(pairs),
                    arabic >= latin, story)


# --- clustering ---------------------------------------------------------------------

def _unit(v: dict[int, float], weights: list[float]) -> dict[int, float]:
    norm = math.sqrt(sum(map(mul, weights, weights)))
    return dict(zip(v, map((1.0 / norm).__mul__, weights), strict=True)) if norm else v


class _Space:
    """Documents of one window: document frequencies, vectors and an inverted index."""

    def __init__(self, docs: Sequence[_Doc]) -> None:
        df: Counter[int] = Counter()
        for d in docs:
            df.update(d.tf.keys())
        n = max(1, len(docs))
        log = math.log
        self.idf = {f: log((n + 1) / (c + 0.5)) for f, c in df.items()}
        self.df = df
        self.rare = {f for f, c in df.items() if 1 < c <= CANDIDATE_MAX_POSTINGS}
        """Features that propose candidates: another article has them, few do."""
        self.postings: dict[int, list[tuple[_Doc, float]]] = defaultdict(list)
        self.members: dict[int, list[_Doc]] = defaultdict(list)

    def vector(self, d: _Doc) -> dict[int, float]:
        """d's TF-IDF vector, of unit length (and its cross-script part, `cross`)."""
        if d.vec is None:
            keys = list(d.tf)
            weights = list(map(mul, d.tf.values(), map(self.idf.__getitem__, keys)))
            v = dict(zip(keys, weights, strict=True))
            d.vec = _unit(v, weights)
            cross = {f: v[f] for f in d.cross_keys}
            d.cross = _unit(cross, list(cross.values()))
        return d.vec

    def cross(self, d: _Doc) -> dict[int, float]:
        if d.cross is None:
            self.vector(d)
        return d.cross

    def similarity(self, a: _Doc, b: _Doc) -> float:
        """Cosine of the whole vectors, a shared phrase counted as about one word;
        across scripts, of the parts that can match, and only when two of them do."""
        if a.arabic == b.arabic:
            va, vb = self.vector(a), self.vector(b)
            shared = va.keys() & vb.keys()
            score = sum(map(mul, map(va.__getitem__, shared), map(vb.__getitem__, shared)))
            for pair in a.pairs & b.pairs:
                w1, w2 = pair >> 24, pair & 0xFFFFFF
                score -= PHRASE_DISCOUNT * min(va.get(w1, 0.0) * vb.get(w1, 0.0),
                                               va.get(w2, 0.0) * vb.get(w2, 0.0))
            return score
        ca, cb = self.cross(a), self.cross(b)
        if len(ca.keys() & cb.keys()) < CROSS_MIN_SHARED:
            return 0.0
        return self.cross_similarity(a, b)

    def cross_similarity(self, a: _Doc, b: _Doc) -> float:
        ca, cb = self.cross(a), self.cross(b)
        shared = ca.keys() & cb.keys()
        return CROSS_SCALE * sum(map(mul, map(ca.__getitem__, shared), map(cb.__getitem__, shared)))

    def add(self, d: _Doc) -> None:
        self.members[d.story].append(d)
        postings = self.postings
        vec = self.vector(d)
        for f in vec.keys() & self.rare:
            postings[f].append((d, vec[f]))

    def candidates(self, d: _Doc) -> list[_Doc]:
        """The `CANDIDATES` articles of d's window with the largest dot product with d
        over d's heaviest rare features (those another article has too)."""
        partial: dict[_Doc, float] = defaultdict(float)
        vec = self.vector(d)
        proposers = [(vec[f], f) for f in vec.keys() & self.rare]
        if len(proposers) > CANDIDATE_FEATURES:
            proposers = sorted(proposers, reverse=True)[:CANDIDATE_FEATURES]
        postings = self.postings
        for x, f in proposers:
            for other, y in postings.get(f, ()):
                partial[other] += x * y
        published = d.published
        ranked = heapq.nlargest(CANDIDATES * 2, partial, key=partial.__getitem__)
        near = [o for o in ranked if abs(o.published - published) <= WINDOW]
        if len(near) < CANDIDATES and len(ranked) < len(partial):  # a batch over many days
            near = [o for o in sorted(partial, key=partial.__getitem__, reverse=True)
                    if abs(o.published - published) <= WINDOW]
        return near[:CANDIDATES]


def _place(space: _Space, d: _Doc, next_story) -> None:
    """Give `d` the story it belongs to (or a new one) and index it.

    A story told in d's script is matched in it (that is the finer comparison,
    and its members must agree); a story told only in the other script is
    matched through the numbers and names d shares with all its members
    together (one report names the storm, another the port it closed), and
    only when no story of d's own script passes.
    """
    per_story: dict[int, list[_Doc]] = defaultdict(list)
    for other in space.candidates(d):
        per_story[other.story].append(other)
    best = {True: (None, 0.0), False: (None, 0.0)}
    for story, near in per_story.items():
        members = space.members[story]
        if any(m.feed == d.feed and abs(m.published - d.published) <= WINDOW for m in members):
            continue  # an outlet tells an event once: its second article is another event
        if any(m.arabic == d.arabic for m in members):
            same = True
            score = max((space.similarity(d, m) for m in near if m.arabic == d.arabic),
                        default=0.0)
        else:
            same = False
            told = set().union(*(m.cross_keys for m in members))
            if len(d.cross_keys & told) < CROSS_MIN_SHARED:
                continue
            score = max(space.cross_similarity(d, m) for m in near)
        if score > best[same][1]:
            best[same] = (story, score)
    story, score = best[True] if best[True][1] >= THRESHOLD else best[False]
    d.story = story if score >= THRESHOLD else next_story()
    space.add(d)


def cluster(items: Iterable[tuple[int, object, int, str]],
            existing: Iterable[tuple[int, object, int, int, str]] = ()) -> dict[int, int]:
    """Story of each new item: items are (key, feed, published, story_text), existing
    are (key, feed, published, story, story_text) already placed. New stories get
    numbers -1, -2, … Pure function: the store-free core of `assign`."""
    fx = _Features()
    old = [fx.doc(k, f, p, t, s) for k, f, p, s, t in existing]
    new = sorted((fx.doc(k, f, p, t) for k, f, p, t in items),
                 key=lambda d: (d.published, d.key))
    space = _Space(old + new)
    for d in old:
        space.add(d)
    counter = [0]

    def next_story() -> int:
        counter[0] -= 1
        return counter[0]

    for d in new:
        _place(space, d, next_story)
    return {d.key: d.story for d in new}


def similarity(text_a: str, text_b: str) -> float:
    """Similarity of two story texts, with IDF from just the two (for debugging)."""
    fx = _Features()
    docs = [fx.doc(0, None, 0, text_a), fx.doc(1, None, 0, text_b)]
    return _Space(docs).similarity(*docs)


# --- the store ----------------------------------------------------------------------

def assign(store: Store, article_ids: Iterable[int] | None = None) -> int:
    """Give stories to articles that have none (all of them, or those of `article_ids`).

    New articles join existing stories or start new ones; what is stored is
    never re-clustered. Returns how many articles were assigned.
    """
    wanted = set(article_ids) if article_ids is not None else None
    rows = [r for r in store.unassigned_articles() if wanted is None or r["id"] in wanted]
    if not rows:
        return 0
    texts = {r["id"]: story_text(r["title"], r["summary"], r["content"]) for r in rows}
    start = min(r["published"] for r in rows) - WINDOW
    end = max(r["published"] for r in rows) + WINDOW
    existing = [(r["id"], r["feed_id"], r["published"], r["story_id"], r["story_text"] or "")
                for r in store.story_window(start, end)]
    stories = cluster(((r["id"], r["feed_id"], r["published"], texts[r["id"]]) for r in rows),
                      existing)
    return store.save_stories([(aid, story, texts[aid]) for aid, story in stories.items()])


def assign_pending(store: Store) -> int:
    """Assign every article still without a story (after a refresh, a migration)."""
    return assign(store)


@dataclass(frozen=True)
class StoryGroup:
    """One story among a list of articles: what `g` in the app and the digest show."""

    story: int | None
    """The story id (None for articles that have none yet)."""
    articles: tuple[Article, ...]
    """Newest first."""

    @property
    def lead_article(self) -> Article:
        """The article that names the story: its earliest report."""
        return min(self.articles, key=lambda a: (a.published, a.id))

    @property
    def title(self) -> str:
        return clean_field(self.lead_article.title)

    @property
    def sources(self) -> tuple[str, ...]:
        """Feed titles that told the story, earliest first."""
        ordered = sorted(self.articles, key=lambda a: (a.published, a.id))
        return tuple(dict.fromkeys(a.feed_title for a in ordered))

    @property
    def newest(self) -> datetime:
        return max(a.published for a in self.articles)


def group(articles: Sequence[Article]) -> list[StoryGroup]:
    """Articles grouped by their story id, stories ordered by their newest article.

    Groups only what is given (a view's articles); `Store.story_members` gives
    all of a story. Articles without a story are groups of one.
    """
    by_story: dict[object, list[Article]] = {}
    for a in sorted(articles, key=lambda a: (a.published, a.id), reverse=True):
        key = a.story_id if a.story_id is not None else ("article", a.id)
        by_story.setdefault(key, []).append(a)
    return [StoryGroup(k if isinstance(k, int) else None, tuple(v))
            for k, v in by_story.items()]


def group_for_digest(store: Store, articles: Sequence[Article]) -> list[DigestGroup]:
    """`--digest --by story`: stories told by two feeds or more, then the rest by story."""
    if assign_pending(store):
        fresh = {a.id: a for a in store.articles(Query(ids=tuple(a.id for a in articles)))}
        articles = [fresh.get(a.id, a) for a in articles]
    return [DigestGroup(g.title, g.articles, g.story) for g in group(articles)]
