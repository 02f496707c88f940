"""Clustering: which story each new article joins (SPEC §5).

Articles are TF-IDF vectors of their features (`tui.stories.features`). Two
articles in one script are compared by cosine similarity, less a shared phrase's
overlap: of two adjacent words both texts have, the weaker one's share is taken
off (`PHRASE_DISCOUNT`), so that a formula («وزارة الخارجية الأردنية تعلن…»)
counts about as one word, while a retelling, which says the same thing in other
words, keeps its score. An Arabic and a Latin-script article are compared by the
cosine of their numbers and skeletons alone (scaled by `CROSS_SCALE`), and only
when they share two of them (`CROSS_MIN_SHARED`): one shared "60" is chance.

An article joins a story when its most similar member passes `THRESHOLD`,
more than half its members in the article's script (half, if none is) score
`SUPPORT` with it (it matches the story as a whole, not one member: no chains),
every member is within `WINDOW` (48 h) of it, and nothing vetoes: places in
different countries, or measures
that disagree (a score, a magnitude; see `tui.stories.vetoes`). Otherwise it starts a
new story. A story that has members in the article's script is
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
pass `THRESHOLD`; the shared-phrase discounts of the candidate pairs are sparse
products too (`tui.stories.matrix`). The same algorithm in pure Python took
6.9-11 s for 10,000 new articles into 100,000 (bench/bench_stories.py); this
takes about 2.5 s of CPU, and gives the same stories on that bench and on the
evaluation set.

Measured by bench/eval_stories.py: on eval.json alone (`--only`) pairwise
precision 1.000, recall 0.930. On the extended set (hard.json and a generated
background of 400 articles of the same days, cities and kinds of event)
precision 1.000, recall 0.948, B-cubed 1.000/0.976, no story larger than its
event. With the backgrounds of six other seeds (400 articles over 9 days, 600
over 5) 5 stories of 12 runs are larger than their event, where 46 were before
`EVIDENCE_MIN` and the topic vetoes: two book fairs of one city within two days,
an olive harvest and a plant in one city, and two results 3-2 of one club whose
other side is misread.

Facility kinds: محطة رياح and محطة حاويات, محطة القطار and محطة طاقة, الملعب
الكبير and الملعب القديم are different things: one noun of `topics.KINDS` with
different words after it vetoes a pair that scores below `KIND_STRONG`.

Actors: when both name actors of one kind and share none, that vetoes
(`_Space._actors_disagree`): a result's sides (one round's 3-0 of other clubs)
and companies (two 430 MW plants in Doha by two developers). Arabic club names are
common words, so a result's sides are read from the grammar of sports copy;
names meet across scripts by skeleton, so a club whose English name is a
translation (البرق, Lightning) is not recognised and stays apart.

Evidence, not topic: a pair's cosine must owe `TOPIC_MIN` to other features
than places (a quake and a price rise in one city share only the city); across
scripts the shared features must include a topic, name or measure, not places
only; and measures of one unit that all differ veto (see `tui.stories.vetoes`).
A pair must share `EVIDENCE_MIN` worth of words, names, numbers with units,
cities and topics (`tui.stories.matrix`), in one script or across; reports that
name topics and share none (a fair, a plant) or name two commodities are two.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from itertools import chain
from operator import itemgetter

from tui.stories.features import Doc, Features
from tui.stories.matrix import (
    CITY_EVIDENCE,
    EVIDENCE_MIN,
    evidence_matrix,
    pair_dots,
    phrase_overlaps,
    unit_rows,
)
from tui.stories.vetoes import vetoed

__all__ = ["cluster", "alone", "no_gc_pauses", "WINDOW", "THRESHOLD"]

WINDOW = 48 * 3600
"""Seconds: articles further apart than this are never one story."""
THRESHOLD = 0.11
"""Minimum story score for an article to join a story."""
CROSS_SCALE = 1.6
"""Across scripts only numbers and name skeletons can match: their cosine, on those
features alone, is scaled by this to be comparable with a same-script cosine."""
CROSS_MIN_SHARED = 2
"""Across scripts, this many distinct numbers and names must be shared: one is chance
(60 km/h and 60 countries; "Port" and بيروت)."""
PHRASE_DISCOUNT = 1.0
"""Of two adjacent words both texts share, the weaker counts this much less: a shared
phrase is about one piece of evidence (a ministry's formula, a stock flood headline)."""
ECHO_DISCOUNT = 0.5
"""Of a word both texts have, its skeleton's, place's and topic's share of the cosine is
taken off this much: in one script they repeat the word (see `_Space.phrase_overlap`)."""
KIND_STRONG = 0.2
"""Below this score, facility nouns of different kinds veto (see `_Space._kinds_differ`);
above it the rest agrees too well (خط ملاحي and خط شحن, one shipping line, same ports)."""
TOPIC_MIN = 0.04
"""Of a pair's cosine, what must come from other features than places: two reports
that share only a city (a quake and a price rise in Tehran) are two events."""
SUPPORT = 0.07
"""Score with a member that counts as that member's support (see `_Space._supported`)."""
CANDIDATE_MAX_POSTINGS = 30
"""Features in more than this many articles of the window do not propose candidates."""
CANDIDATE_FEATURES = 15
"""Only an article's heaviest features (by TF-IDF) look up candidates."""
CANDIDATES = 8
"""Articles scored exactly per new article (the best by the rare features)."""

class _Space:
    """The documents of one window as TF-IDF matrices, and each new document's
    candidates with their scores.

    Rows are in placing order: the stored documents, then the new ones oldest
    first; a new document is compared only with the rows before it.
    """

    def __init__(self, fx: Features, first_new: int) -> None:
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
        self.vec = vec = unit_rows(counts.row, counts.col, counts.data * weight[counts.col],
                                    (n, nf))
        crossing = np.array(fx.crossing, dtype=bool)
        r, c = rows[crossing], cols[crossing]
        self.cross = unit_rows(r, c, data[crossing] * weight[c], (n, nf))
        located = np.zeros(nf, dtype=bool)
        located[list(fx.located)] = True
        self.located = fx.located
        self.short = fx.short
        self.echoes = fx.echoes
        self.bare = fx.bare
        self.evidence = evidence_matrix(fx, rows, cols)
        self.topic = topic = vec.copy()  # the cosine's part that is not where
        topic.data[located[topic.indices]] = 0.0
        topic.eliminate_zeros()
        self.members: dict[int, list[Doc]] = defaultdict(list)
        for d in docs[:first_new]:
            self.members[d.story].append(d)
        self.first_new = first_new
        self._rows: dict[int, dict[int, float]] = {}
        self.countries = fx.countries
        self.topic_ids, self.city_ids = fx.topics, fx.cities
        self._cross_rows: dict[int, dict[int, float]] = {}
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
        scores[same] = pair_dots(self.vec, si, sj)
        xi, xj = i[~same], j[~same]
        scores[~same] = CROSS_SCALE * pair_dots(self.cross, xi, xj)
        # The discount can only lower a score: worked out where the cosine passes.
        passing = np.flatnonzero(same & (scores >= THRESHOLD))
        scores[passing[pair_dots(self.topic, i[passing], j[passing]) < TOPIC_MIN]] = 0.0
        weak = pair_dots(self.evidence, i[passing], j[passing]) < EVIDENCE_MIN - 1e-9
        scores[passing[weak]] = 0.0
        live = passing[scores[passing] > 0]
        scores[live] -= phrase_overlaps(self.vec, self.docs, self.echoes, i[live], j[live],
                                        ECHO_DISCOUNT, PHRASE_DISCOUNT)
        return scores

    def _row(self, k: int, cross: bool = False) -> dict[int, float]:
        """Row k of the TF-IDF matrix (or of its cross-script part) as a dict."""
        cache, m = (self._cross_rows, self.cross) if cross else (self._rows, self.vec)
        row = cache.get(k)
        if row is None:
            start, end = m.indptr[k], m.indptr[k + 1]
            row = cache[k] = dict(zip(m.indices[start:end].tolist(),
                                      m.data[start:end].tolist(), strict=True))
        return row

    def phrase_overlap(self, a: int, b: int) -> float:
        """What of the cosine of a and b counts one piece of evidence twice: a shared
        word's skeleton, place and topic (in one script they are the word again: اتحاد
        is ^TD, مباراة is ~match), times `ECHO_DISCOUNT`; and of each adjacent word pair
        both have, the weaker word's share (a shared phrase counts about as one word).
        One pair at a time; `matrix.phrase_overlaps` is the same for many pairs."""
        va, vb = self._row(a), self._row(b)
        echoes = self.echoes
        echoed = {e for f in va.keys() & vb.keys() for e in echoes.get(f, ())}
        out = ECHO_DISCOUNT * sum(va.get(e, 0.0) * vb.get(e, 0.0) for e in echoed)
        shared = self._pairs(a) & self._pairs(b)
        if shared:
            both = {w: va.get(w, 0.0) * vb.get(w, 0.0) for w in set(chain.from_iterable(shared))}
            out += PHRASE_DISCOUNT * sum(min(both[w1], both[w2]) for w1, w2 in shared)
        return out

    def _pairs(self, k: int) -> set[tuple[int, int]]:
        pairs = self._pair_sets.get(k)
        if pairs is None:
            pairs = self._pair_sets[k] = self.docs[k].pairs()
        return pairs

    def _dot(self, a: int, b: int, cross: bool, where: bool = True) -> float:
        """Cosine of rows a and b (their cross-script parts); without `where`, only
        the part that is not places."""
        ra, rb = self._row(a, cross), self._row(b, cross)
        if len(ra) > len(rb):
            ra, rb = rb, ra
        if not where:
            located = self.located
            return sum(v * rb.get(f, 0.0) for f, v in ra.items() if f not in located)
        return sum(v * rb.get(f, 0.0) for f, v in ra.items())

    def _supported(self, d: Doc, members: list[Doc]) -> bool:
        """Whether d matches the story as a whole, not one member: most of its members
        in d's script (more than half) score `SUPPORT` with it. This is what stops a
        chain. A story told only in the other script needs half of them: across
        scripts only numbers and names can meet, and one report gives the figures, the
        next the names."""
        if len(members) == 1:
            return True  # its pair with d passed `THRESHOLD`, and that is more
        own = [m for m in members if m.arabic == d.arabic]
        if own:
            need = len(own) // 2 + 1
        else:
            own, need = members, (len(members) + 1) // 2
        support = 0
        for m in own:
            if m.arabic == d.arabic:
                score = self._dot(d.row, m.row, False)
                if score >= SUPPORT:
                    if self._dot(d.row, m.row, False, where=False) < TOPIC_MIN:
                        continue
                    score -= self.phrase_overlap(d.row, m.row)
            else:
                score = CROSS_SCALE * self._dot(d.row, m.row, True)
            support += score >= SUPPORT
            if support >= need:
                return True
        return False

    def _actors_disagree(self, d: Doc, members: list[Doc]) -> bool:
        """Whether d and the story each name actors of one kind and share none: the
        sides of a result (one round's 3-0 of other clubs), or the companies (two plants
        of one size in one city by two developers). An actor is shared when the other
        names it too, or mentions it anywhere (its skeleton is in the other's row). A
        Latin report's names are all taken for companies, but only against Arabic ones:
        two English reports may name different people of one event."""
        for kind in ("teams", "firms"):
            mine = getattr(d, kind)
            if not mine:
                continue
            latin = kind == "firms" and not d.arabic
            told = [m for m in members if getattr(m, kind) and not (latin and not m.arabic)]
            if not told:
                continue
            theirs = frozenset().union(*(getattr(m, kind) for m in told))
            if mine & theirs:
                continue
            row = self._row(d.row)
            if any(a in row for a in theirs):
                continue
            if any(a in self._row(m.row) for m in told for a in mine):
                continue
            return True
        return False

    def _cross_worth(self, shared: set[int]) -> float:
        """What features shared across scripts are worth as evidence (`EVIDENCE_MIN`):
        a topic half, a city `CITY_EVIDENCE`, a name, number or country 1. A score and
        "league" (one round's 3-2 of other clubs) are not one result."""
        topics, cities = self.topic_ids, self.city_ids
        return sum(0.5 if f in topics else CITY_EVIDENCE if f in cities else 1.0
                   for f in shared)

    def _kinds_differ(self, d: Doc, members: list[Doc]) -> bool:
        """Whether d and the story name one facility noun of different kinds (محطة
        رياح, محطة حاويات): no word after it is shared, and one side's never appears
        in the other's text at all (محطة شمسية and محطة طاقة شمسية are one kind)."""
        if not d.kinds:
            return False
        told = [m for m in members if m.kinds]
        if not told:
            return False
        theirs = frozenset().union(*(m.kinds for m in told))
        for head in {h for h, _ in d.kinds} & {h for h, _ in theirs}:
            mine = {w for h, w in d.kinds if h == head}
            other = {w for h, w in theirs if h == head}
            if mine & other:
                continue
            if mine.isdisjoint(self._bare_words(told)) or other.isdisjoint(self._bare_words([d])):
                return True
        return False

    def _bare_words(self, docs: list[Doc]) -> set[int]:
        bare = self.bare
        return {bare.get(w, w) for d in docs for part in d.words for w in part}

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
            if any(m.feed == d.feed for m in members):
                continue  # an outlet tells an event once: its second article is another event
            if any(abs(m.published - d.published) > WINDOW for m in members):
                continue  # all of a story lies within the window of each other
            if vetoed(d, members) or self._actors_disagree(d, members):
                continue
            if any(m.arabic == d.arabic for m in members):
                same = True
                score = max((scores[p] for p in pairs if docs[others[p]].arabic == d.arabic),
                            default=0.0)
            else:
                same = False
                shared = d.cross_keys & set().union(*(m.cross_keys for m in members))
                if len(shared) < CROSS_MIN_SHARED or shared <= self.located | self.short:
                    continue
                if self._cross_worth(shared) < EVIDENCE_MIN:
                    continue
                score = max(scores[p] for p in pairs)
            if score < THRESHOLD or not self._supported(d, members):
                continue
            if score < KIND_STRONG and self._kinds_differ(d, members):
                continue
            if score > best[same][1]:
                best[same] = (story, score)
        story, score = best[True] if best[True][1] >= THRESHOLD else best[False]
        d.story = story if score >= THRESHOLD else next_story()
        self.members[d.story].append(d)


def cluster(items: Iterable[tuple[int, object, int, str]],
            existing: Iterable[tuple[int, object, int, int, str]] = ()) -> dict[int, int]:
    """Story of each new item: items are (key, feed, published, story_text), existing
    are (key, feed, published, story, story_text) already placed. New stories get
    numbers -1, -2, … Pure function: the store-free core of `assign`.

    Items are placed in time order, and those of one time in the order given: the
    caller decides it (`assign`: the configured feeds' order), since which of two
    reports comes first can change the stories."""
    with no_gc_pauses():
        return _cluster(items, existing)


@contextmanager
def no_gc_pauses():
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


def alone(feeds: list, published: list[int]):
    """Of each article (given by feed and time), whether no article of another feed lies
    within `WINDOW` of it. Such an article is a story of its own, and none joins it: an
    article that could would be of another feed within its window. One feed of 200,000
    items is all alone, and never featurized."""
    import numpy as np

    times = np.array(published, dtype=np.int64)
    order = np.argsort(times, kind="stable")
    codes = {f: n for n, f in enumerate(dict.fromkeys(feeds))}
    f = np.array([codes[x] for x in feeds], dtype=np.int64)[order]
    t = times[order]
    starts = np.flatnonzero(np.r_[True, f[1:] != f[:-1]])  # runs of one feed, in time order
    run = np.searchsorted(starts, np.arange(len(f)), side="right") - 1
    ends = np.r_[starts[1:], len(f)]
    before, after = starts[run] - 1, ends[run]
    near = np.zeros(len(f), dtype=bool)
    has = before >= 0
    near[has] = t[has] - t[before[has]] <= WINDOW
    has = after < len(f)
    near[has] |= t[after[has]] - t[has] <= WINDOW
    lonely = np.empty(len(f), dtype=bool)
    lonely[order] = ~near
    return lonely.tolist()


def _cluster(items, existing) -> dict[int, int]:
    items = sorted(items, key=itemgetter(2))  # stable: ties keep the caller's order
    existing = list(existing)
    alone_ = alone([e[1] for e in existing] + [i[1] for i in items],
                   [e[2] for e in existing] + [i[2] for i in items])
    fx = Features()
    for (k, f, p, s, t), lonely in zip(existing, alone_, strict=False):
        if not lonely:
            fx.add(k, f, p, t, s)
    first_new = len(fx.docs)
    counter = [0]

    def next_story() -> int:
        counter[0] -= 1
        return counter[0]

    out = {}
    for (k, f, p, t), lonely in zip(items, alone_[len(existing):], strict=True):
        if lonely:
            out[k] = next_story()
        else:
            fx.add(k, f, p, t)
    if first_new == len(fx.docs):
        return out
    space = _Space(fx, first_new)
    for k in range(first_new, len(fx.docs)):
        space.place(k, next_story)
    out.update((d.key, d.story) for d in fx.docs[first_new:])
    return out
