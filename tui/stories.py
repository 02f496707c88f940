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
Candidates come only from features another article of the window has and at
most `CANDIDATE_MAX_POSTINGS` do, the heaviest `CANDIDATE_FEATURES` of them.

How it runs: tokens become feature ids in Python (once per distinct token);
the window is then a sparse document × feature matrix (scipy.sparse), and
the candidate scores of every new article are one sparse product, their exact
cosines one row-wise product over the candidate pairs. Only the placing (which
story each article joins, in time order) is a Python loop, over the pairs that
pass `THRESHOLD`. The same algorithm in pure Python took 6.9-11 s for 10,000
new articles into 100,000 (bench/bench_stories.py); this takes under 4 s, and
gives the same stories on that bench and on the evaluation set.

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

import gc
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from operator import itemgetter

from tui.models import Article
from tui.output import DigestGroup
from tui.store import Query, Store
from tui.text.clean import clean_field, strip_shortcodes
from tui.text.normalize import normalize

__all__ = [
    "StoryGroup", "assign", "assign_pending", "group", "group_for_digest", "cluster",
    "story_text", "WINDOW", "THRESHOLD",
]

WINDOW = 48 * 3600
"""Seconds: articles further apart than this are never one story."""
THRESHOLD = 0.12
"""Minimum story score for an article to join a story."""
LEAD_CHARS = 300
"""How much of the body, after the title, the comparison reads."""

SKELETON_WEIGHT = 0.8
NUMBER_WEIGHT = 1.0
CROSS_SCALE = 1.6
"""Across scripts only numbers and name skeletons can match: their cosine, on those
features alone, is scaled by this to be comparable with a same-script cosine."""
CROSS_MIN_SHARED = 2
"""Across scripts, this many distinct numbers and names must be shared: one is chance
(60 km/h and 60 countries; "Port" and بيروت)."""
PHRASE_DISCOUNT = 1.0
"""Of two adjacent words both texts share, the weaker counts this much less: a shared
phrase is about one piece of evidence (a ministry's formula, a stock flood headline)."""
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
_ONE_OF_RUN = itemgetter(1)  # a function, not r"\1": re parses a template at every call


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
    return _REPEATS.sub(_ONE_OF_RUN, key.upper())


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


@dataclass(eq=False, slots=True)
class _Doc:
    key: int
    feed: object
    published: int
    arabic: bool
    cross_keys: frozenset[int]
    """The features another script can share: numbers, Arabic skeletons, Latin names'."""
    words: tuple[list[int], ...]
    """The title's and the lead's word ids in order: their adjacent pairs are phrases."""
    story: int | None = None

    def pairs(self) -> set[tuple[int, int]]:
        out: set[tuple[int, int]] = set()
        for words in self.words:  # a pair does not span the title and the lead
            out.update(zip(words, words[1:], strict=False))
        return out


class _Tokens(dict):
    """Token → what it contributes (see `_Features._token`), worked out on first sight."""

    def __init__(self, features: _Features) -> None:
        super().__init__()
        self.features = features

    def __missing__(self, token: str) -> tuple:
        t = self[token] = self.features._token(token)
        return t


# Fields of a token's entry (see `_Features._token`).
_E_WORD, _E_FEATS, _E_SKELETON, _E_SCRIPT, _E_CROSS, _E_CROSS_OLD = map(itemgetter, range(6))


class _Features:
    """Turns story texts into `_Doc`s and the rows of a document × feature matrix.

    Feature strings become small ints (one table per clustering, so that ids
    never leak between calls; 0 stands for none); each token is worked out
    once, and a document is built by C-level maps over its tokens' entries.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.weight: list[float] = [0.0]
        """Feature id → the weight of its kind (word, number, skeleton)."""
        self.memo = _Tokens(self)
        self.docs: list[_Doc] = []
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
        """(word id, feature ids, skeleton id, script, cross key, cross key of a text
        stored without names): script is 1 Arabic, -1 Latin, 0 a number; a word
        without its و/ف "and" is a feature id negated (it counts half)."""
        if token[0].isdigit():
            fid = self._id("#" + token.replace(",", ".").replace("\u066b", "."), NUMBER_WEIGHT)
            return fid, (fid,), 0, 0, fid, fid
        arabic = 1 if "\u0600" <= token[0] <= "\u06ff" else -1
        if token in _STOP or len(token) < 2:
            return 0, (), 0, arabic, 0, 0
        stem = _stem(token)
        word = self._id(stem, 1.0)
        out = [word]
        if len(stem) >= 5 and stem[0] in "وف":
            out.append(-self._id(stem[1:], 1.0))  # و/ف "and": also the word without it
        sk = _skeleton(stem)
        skid = 0
        if len(sk) >= 2:
            skid = self._id("^" + sk, SKELETON_WEIGHT)
            out.append(skid)
        # Latin words meet Arabic ones through names only (the third field); a text
        # stored before names were kept has no third field: then every word.
        return word, tuple(out), skid, arabic, skid if arabic > 0 else 0, skid

    def add(self, key, feed, published, text, story=None) -> None:
        """The next row: `text`'s features (see `story_text`) and its `_Doc`. A word
        seen without its "and" (a negative id) is merged with the word by `_Space`."""
        title, _, rest = text.partition("\t")
        lead, tab, names = rest.partition("\t")
        entry = self.memo.__getitem__
        heading = list(map(entry, _WORD.findall(title)))
        body = list(map(entry, _WORD.findall(lead)))
        entries = heading + body
        tf = Counter(chain.from_iterable(map(_E_FEATS, entries)))
        cross = set(map(_E_CROSS if tab else _E_CROSS_OLD, entries))
        cross.discard(0)
        for name in _WORD.findall(names):
            skid = _E_SKELETON(entry(name))
            if skid in tf:
                cross.add(skid)
        self.columns += tf
        self.counts += tf.values()
        self.crossing += map(cross.__contains__, tf)
        self.indptr.append(len(self.columns))
        self.docs.append(_Doc(
            key, feed, published, sum(map(_E_SCRIPT, entries)) >= 0, frozenset(cross),
            tuple(list(filter(None, map(_E_WORD, part))) for part in (heading, body)), story))


# --- clustering ---------------------------------------------------------------------

def _unit_rows(rows, cols, data, shape):
    """A CSR matrix of the entries, each row scaled to unit length (empty rows stay)."""
    import numpy as np
    from scipy import sparse

    norm = np.sqrt(np.bincount(rows, weights=data * data, minlength=shape[0]))
    norm[norm == 0] = 1.0
    return sparse.csr_matrix((data / norm[rows], (rows, cols)), shape=shape)


def _pair_dots(m, i, j, chunk: int = 4096):
    """Dot product of rows i[k] and j[k] of m, for every k. In chunks: m[rows] copies
    the rows, and small copies stay in the cache."""
    import numpy as np

    out = np.zeros(len(i))
    for start in range(0, len(i), chunk):
        end = start + chunk
        out[start:end] = np.asarray(m[i[start:end]].multiply(m[j[start:end]]).sum(axis=1)).ravel()
    return out


class _Space:
    """The documents of one window as TF-IDF matrices, and each new document's
    candidates with their scores.

    Rows are in placing order: the stored documents, then the new ones oldest
    first; a new document is compared only with the rows before it.
    """

    def __init__(self, fx: _Features, first_new: int) -> None:
        import numpy as np
        from scipy import sparse

        docs = self.docs = fx.docs
        n, nf = len(docs), len(fx.weight)
        indptr = np.array(fx.indptr, dtype=np.int64)
        cols = np.array(fx.columns, dtype=np.int64)
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
        data = np.array(fx.counts, dtype=np.float64)
        halves = cols < 0  # a word without its "and": the word, at half weight
        data[halves] *= 0.5
        cols = np.abs(cols)
        counts = sparse.csr_matrix((data, (rows, cols)), shape=(n, nf))  # sums duplicates
        df = np.bincount(counts.indices, minlength=nf)
        weight = np.array(fx.weight) * np.log((n + 1) / (df + 0.5))
        counts = counts.tocoo()
        self.vec = vec = _unit_rows(counts.row, counts.col, counts.data * weight[counts.col],
                                    (n, nf))
        crossing = np.array(fx.crossing, dtype=bool)
        r, c = rows[crossing], cols[crossing]
        self.cross = _unit_rows(r, c, data[crossing] * weight[c], (n, nf))
        self.members: dict[int, list[_Doc]] = defaultdict(list)
        for d in docs[:first_new]:
            self.members[d.story].append(d)
        self.first_new = first_new
        self._rows: dict[int, dict[int, float]] = {}
        self._pair_sets: dict[int, set[tuple[int, int]]] = {}

        # Candidates: the dot product over a new document's heaviest rare features
        # (another article has them, few do) with every earlier row's rare features.
        coo = vec.tocoo()
        r, c, v = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
        rare = (df > 1) & (df <= CANDIDATE_MAX_POSTINGS)
        keep = rare[c]
        r, c, v = r[keep], c[keep], v[keep]
        earlier = sparse.csr_matrix((v, (c, r)), shape=(nf, n))  # feature × document
        mine = r >= first_new
        pr, pc, pv = r[mine], c[mine], v[mine]
        order = np.lexsort((-pc, -pv, pr))
        pr, pc, pv = pr[order], pc[order], pv[order]
        top = np.arange(len(pr)) - np.searchsorted(pr, pr) < CANDIDATE_FEATURES
        proposers = sparse.csr_matrix((pv[top], (pr[top] - first_new, pc[top])),
                                      shape=(n - first_new, nf))
        scores = (proposers @ earlier).tocoo()
        i = scores.row.astype(np.int64) + first_new
        j = scores.col.astype(np.int64)
        s = scores.data
        published = np.array([d.published for d in docs], dtype=np.int64)
        ok = (j < i) & (np.abs(published[i] - published[j]) <= WINDOW)
        i, j, s = i[ok], j[ok], s[ok]
        # by row, then by score, best first (one float key sorts faster than lexsort)
        order = np.argsort(i * 4.0 - s / max(1e-12, float(s.max(initial=0.0))), kind="stable")
        i, j = i[order], j[order]
        best = np.arange(len(i)) - np.searchsorted(i, i) < CANDIDATES
        i, j = i[best], j[best]
        scores = self._pair_scores(i, j)
        # A story joins only through a pair that passes: the others cannot change
        # which story wins, so they are dropped before the (Python) placing loop.
        passing = scores >= THRESHOLD
        i, j, scores = i[passing], j[passing], scores[passing]
        self.bounds = np.searchsorted(i, np.arange(first_new, n + 1)).tolist()
        """Candidates of new row k are pairs bounds[k - first_new] … bounds[k - first_new + 1]."""
        self.others: list[int] = j.tolist()
        self.scores: list[float] = scores.tolist()

    def _pair_scores(self, i, j):
        """Of each candidate pair: in one script, the cosine less shared phrases; across
        scripts, the scaled cosine of the parts that can match."""
        import numpy as np

        arabic = np.array([d.arabic for d in self.docs], dtype=bool)
        same = arabic[i] == arabic[j]
        scores = np.zeros(len(i))
        si, sj = i[same], j[same]
        scores[same] = _pair_dots(self.vec, si, sj)
        xi, xj = i[~same], j[~same]
        scores[~same] = CROSS_SCALE * _pair_dots(self.cross, xi, xj)
        # The discount can only lower a score: worked out where the cosine passes.
        for k in np.flatnonzero(same & (scores >= THRESHOLD)).tolist():
            scores[k] -= self.phrase_overlap(int(i[k]), int(j[k]))
        return scores

    def _row(self, k: int) -> dict[int, float]:
        row = self._rows.get(k)
        if row is None:
            start, end = self.vec.indptr[k], self.vec.indptr[k + 1]
            row = self._rows[k] = dict(zip(self.vec.indices[start:end].tolist(),
                                           self.vec.data[start:end].tolist(), strict=True))
        return row

    def phrase_overlap(self, a: int, b: int) -> float:
        """Of each adjacent word pair both documents have, the weaker word's share of
        their cosine: a shared phrase counts about as one word."""
        shared = self._pairs(a) & self._pairs(b)
        if not shared:
            return 0.0
        va, vb = self._row(a), self._row(b)
        both = {w: va[w] * vb[w] for w in set(chain.from_iterable(shared))}
        return PHRASE_DISCOUNT * sum(min(both[w1], both[w2]) for w1, w2 in shared)

    def _pairs(self, k: int) -> set[tuple[int, int]]:
        pairs = self._pair_sets.get(k)
        if pairs is None:
            pairs = self._pair_sets[k] = self.docs[k].pairs()
        return pairs

    def place(self, k: int, next_story) -> None:
        """Give row k the story it belongs to (or a new one).

        A story told in d's script is matched in it (that is the finer comparison,
        and its members must agree); a story told only in the other script is
        matched through the numbers and names d shares with all its members
        together (one report names the storm, another the port it closed), and
        only when no story of d's own script passes.
        """
        docs, others, scores = self.docs, self.others, self.scores
        d = docs[k]
        per_story: dict[int, list[int]] = {}
        first = k - self.first_new
        for pair in range(self.bounds[first], self.bounds[first + 1]):
            per_story.setdefault(docs[others[pair]].story, []).append(pair)
        best = {True: (None, 0.0), False: (None, 0.0)}
        for story, pairs in per_story.items():
            members = self.members[story]
            if any(m.feed == d.feed and abs(m.published - d.published) <= WINDOW for m in members):
                continue  # an outlet tells an event once: its second article is another event
            if any(m.arabic == d.arabic for m in members):
                same = True
                score = max((scores[p] for p in pairs if docs[others[p]].arabic == d.arabic),
                            default=0.0)
            else:
                same = False
                told = set().union(*(m.cross_keys for m in members))
                if len(d.cross_keys & told) < CROSS_MIN_SHARED:
                    continue
                score = max(scores[p] for p in pairs)
            if score > best[same][1]:
                best[same] = (story, score)
        story, score = best[True] if best[True][1] >= THRESHOLD else best[False]
        d.story = story if score >= THRESHOLD else next_story()
        self.members[d.story].append(d)


def cluster(items: Iterable[tuple[int, object, int, str]],
            existing: Iterable[tuple[int, object, int, int, str]] = ()) -> dict[int, int]:
    """Story of each new item: items are (key, feed, published, story_text), existing
    are (key, feed, published, story, story_text) already placed. New stories get
    numbers -1, -2, … Pure function: the store-free core of `assign`."""
    with _no_gc_pauses():
        return _cluster(items, existing)


@contextmanager
def _no_gc_pauses():
    """Featurizing makes tens of thousands of small lists and sets that all live
    until clustering ends: the cyclic collector would scan them again and again for
    nothing (a third of that time at 10,000 articles), and they hold no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cluster(items, existing) -> dict[int, int]:
    fx = _Features()
    for k, f, p, s, t in existing:
        fx.add(k, f, p, t, s)
    first_new = len(fx.docs)
    for k, f, p, t in sorted(items, key=lambda item: (item[2], item[0])):
        fx.add(k, f, p, t)
    if first_new == len(fx.docs):
        return {}
    space = _Space(fx, first_new)
    counter = [0]

    def next_story() -> int:
        counter[0] -= 1
        return counter[0]

    for k in range(first_new, len(fx.docs)):
        space.place(k, next_story)
    return {d.key: d.story for d in fx.docs[first_new:]}


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
