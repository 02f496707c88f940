"""The window's matrices and what is worked out over many pairs of their rows at once.

Numbers, not words: `tui.stories.cluster` decides what they mean. Each function
takes row indices i and j (numpy arrays) and gives one value per pair (i[k], j[k]).
"""

from __future__ import annotations

from itertools import chain

from tui.stories.features import Features

__all__ = ["unit_rows", "pair_dots", "evidence_matrix", "phrase_overlaps", "EVIDENCE_MIN"]

EVIDENCE_MIN = 2.0
"""In one script, a pair must share this much evidence (see `Features.evidence`): names,
words, numbers with their unit count 1 each, or half when common in the window
(`EVIDENCE_COMMON`); a topic (what kind of event: a match, a storm) counts half, a city
(a known name, and where) `CITY_EVIDENCE`. So one word and one kind (الاتحاد and مباراة:
"union" or a club, and a club plays many matches) is not an event; a city and what
happened there (الإسكندرية, نوة: the storm in Alexandria) is, and so are two names."""
CITY_EVIDENCE = 1.5
EVIDENCE_COMMON = 0.04
"""A piece of evidence in more than this share of the window's articles (and more than
`EVIDENCE_COMMON_MIN`) counts half: this week's common words ("mw", رفع) tell little."""
EVIDENCE_COMMON_MIN = 8


def unit_rows(rows, cols, data, shape):
    """A CSR matrix of the entries, each row scaled to unit length (empty rows stay)."""
    import numpy as np
    from scipy import sparse

    norm = np.sqrt(np.bincount(rows, weights=data * data, minlength=shape[0]))
    norm[norm == 0] = 1.0
    return sparse.csr_matrix((data / norm[rows], (rows, cols)), shape=shape)


def pair_dots(m, i, j, chunk: int = 4096):
    """Dot product of rows i[k] and j[k] of m, for every k. In chunks: m[rows] copies
    the rows, and small copies stay in the cache."""
    import numpy as np

    out = np.zeros(len(i))
    for start in range(0, len(i), chunk):
        end = start + chunk
        out[start:end] = np.asarray(m[i[start:end]].multiply(m[j[start:end]]).sum(axis=1)).ravel()
    return out


def evidence_matrix(fx: Features, rows, cols):
    """Document × piece of evidence, each entry the square root of the piece's worth
    (see `EVIDENCE_MIN`), so that a row-wise product sums the shared worth. `rows` and
    `cols` are the entries of the document × feature matrix."""
    import numpy as np
    from scipy import sparse

    n, nf = len(fx.docs), len(fx.weight)
    piece = np.zeros(nf, dtype=np.int64)
    piece[np.fromiter(fx.evidence.keys(), np.int64)] = np.fromiter(fx.evidence.values(),
                                                                   np.int64)
    p = piece[cols]
    keep = p > 0
    ev = sparse.csr_matrix((np.ones(int(keep.sum())), (rows[keep], p[keep])), shape=(n, nf))
    df = np.bincount(ev.indices, minlength=nf)
    half = df > max(EVIDENCE_COMMON_MIN, EVIDENCE_COMMON * n)
    half[np.fromiter(fx.topics, np.int64)] = True  # a kind of event, however rare
    worth = np.where(half, 0.5, 1.0)
    worth[np.fromiter(fx.cities, np.int64)] = CITY_EVIDENCE  # however common
    ev.data = np.sqrt(worth[ev.indices])
    return ev


def phrase_overlaps(vec, docs, echoes: dict[int, tuple[int, ...]], i, j,
                    echo_discount: float, phrase_discount: float):
    """`_Space.phrase_overlap` of every pair (i[k], j[k]) of rows of `vec`, in sparse
    products instead of a Python loop per pair: of the features both rows have (their
    products, `shared`), the echoes of shared words (times `echo_discount`), and of
    each adjacent word pair both have, the smaller of its two words' products (times
    `phrase_discount`)."""
    import numpy as np
    from scipy import sparse

    out = np.zeros(len(i))
    if not len(i):
        return out
    nf = vec.shape[1]
    shared = vec[i].multiply(vec[j]).tocsr()  # pair × feature: va[f] * vb[f]
    words = np.fromiter(echoes.keys(), np.int64, len(echoes))
    sizes = np.fromiter(map(len, echoes.values()), np.int64, len(echoes))
    echo_of = sparse.csr_matrix(
        (np.ones(int(sizes.sum())), (np.repeat(words, sizes),
                                     np.fromiter(chain.from_iterable(echoes.values()), np.int64))),
        shape=(nf, nf))
    is_word = np.zeros(nf, dtype=bool)
    is_word[words] = True
    both = shared.copy()
    both.data = is_word[both.indices].astype(np.float64)  # the shared words
    echoed = both @ echo_of  # pair × feature: an echo of a shared word
    echoed.data[:] = 1.0
    out += echo_discount * np.asarray(echoed.multiply(shared).sum(axis=1)).ravel()

    # Adjacent word pairs of each row (not across the title and the lead), as codes.
    rows = np.unique(np.concatenate([i, j])).tolist()
    seq: list[int] = []
    owner: list[int] = []
    for r in rows:
        for part in docs[r].words:
            seq += part
            seq.append(0)
            owner += [r] * (len(part) + 1)
    w = np.array(seq, dtype=np.int64)
    who = np.array(owner, dtype=np.int64)
    first, second = w[:-1], w[1:]
    ok = (first > 0) & (second > 0)
    codes = first[ok] * nf + second[ok]
    uniq, g = np.unique(codes, return_inverse=True)
    phrases = sparse.csr_matrix((np.ones(len(g)), (who[:-1][ok], g)),
                                shape=(vec.shape[0], len(uniq)))
    phrases.data[:] = 1.0
    common = phrases[i].multiply(phrases[j]).tocoo()
    if common.nnz:
        k, code = common.row, uniq[common.col]
        a = np.asarray(shared[k, code // nf]).ravel()
        b = np.asarray(shared[k, code % nf]).ravel()
        out += phrase_discount * np.bincount(k, weights=np.minimum(a, b), minlength=len(i))
    return out
