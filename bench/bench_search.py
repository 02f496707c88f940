"""Search over 100,000 articles, and what the index costs the refresh path.

    python bench/bench_search.py [--articles 100000] [--db PATH]

Prints: the upsert cost of 1,000 articles and the cost of indexing them later
(indexing is deferred out of the refresh path), the median time of 20
searches (10 Arabic, 10 English) over the filled store, and the command.
Data: generated Arabic-like titles and HTML bodies (a Zipf vocabulary of
Arabic-letter words with harakat and Persian letters sprinkled in, ~4 %
Latin words), 50 articles per feed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.models import ParsedArticle  # noqa: E402
from tui.search import search  # noqa: E402
from tui.store import Store  # noqa: E402

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئ"
REAL = ("وزير الخارجية الروسي لافروف التركي أنقرة موسكو سوريا تركيا الحكومة الرئيس "
        "الاقتصاد النفط أوبك الزلزال الأمطار المدينة العاصمة الانتخابات البرلمان").split()
LATIN = "minister talks oil market storm port strike election Reuters NASA".split()


class Vocabulary:
    def __init__(self, seed: int = 1, size: int = 30_000) -> None:
        self.rng = random.Random(seed)
        words = set(REAL)
        while len(words) < size:
            n = self.rng.choice((3, 4, 4, 5, 5, 6, 7))
            words.add("".join(self.rng.choice(LETTERS[:28]) for _ in range(n)))
        self.words = [w for w in words if w not in REAL]
        self.rng.shuffle(self.words)
        for word in REAL:  # names and topics are mid-frequency words, not "في"
            self.words.insert(self.rng.randint(100, 3000), word)
        self.cum = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(self.words))))

    def text(self, n: int) -> list[str]:
        out = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        for i in range(len(out)):
            r = self.rng.random()
            if r < 0.04:
                out[i] = self.rng.choice(LATIN)
            elif r < 0.06:
                out[i] = out[i][:1] + "\u064e" + out[i][1:]  # a haraka
            elif r < 0.07:
                out[i] = out[i].replace("ي", "ی").replace("ك", "ک")
        return out

    def article(self, guid: str, when: datetime) -> ParsedArticle:
        title = " ".join(self.text(self.rng.randint(6, 12)))
        paras = ["<p>" + " ".join(self.text(self.rng.randint(30, 60))) + "</p>"
                 for _ in range(self.rng.randint(3, 6))]
        body = "".join(paras).replace("</p><p>", '</p><p><a href="https://x.example/">رابط</a> ', 1)
        return ParsedArticle(guid=guid, link=f"https://news.example/{guid}", title=title,
                             content=body, summary=body[:200], published=when)


def fill(store: Store, vocab: Vocabulary, n: int, *, days: float = 60,
         now: datetime | None = None, per_feed: int = 50, prefix: str = "") -> float:
    """Store n articles published over `days`, a feed (of per_feed) at a time; seconds taken."""
    now = now or datetime.now(UTC)
    spent = 0.0
    for feed in range(0, n, per_feed):
        items = [vocab.article(f"{prefix}{feed + i}",
                               now - timedelta(seconds=vocab.rng.random() * days * 86400))
                 for i in range(min(per_feed, n - feed))]
        url = f"https://feed{(feed // per_feed) % 2000}.example/rss"
        start = time.perf_counter()
        store.upsert_articles(url, items)
        spent += time.perf_counter() - start
    return spent


def upsert_cost(tmp: Path) -> tuple[float, float]:
    """Seconds to upsert 1,000 articles (20 feeds of 50), and to index them afterwards.

    Indexing is deferred out of the refresh (migration v4): a search, or the app's
    refresh worker, runs `Store.index_pending` when it needs the index.
    """
    with Store(tmp / "cost.db") as store:
        upsert = fill(store, Vocabulary(seed=7), 1000, days=1)
        start = time.perf_counter()
        store.index_pending()
        return upsert, time.perf_counter() - start


QUERIES = ["لافروف", "وزير الخارجية", '"الخارجية الروسي"', "أنقرة -موسكو", "النفط OR أوبك",
           "الزلزال", "الانتخابات البرلمان", "ترکیا", "الحكومة*", "العاصمة since:7d",
           "minister", "oil market", '"port strike"', "storm -election", "Reuters OR NASA",
           "talks", "election", "nasa", "market*", "strike is:unread"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="reuse (or create) this store")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        upsert, indexing = upsert_cost(tmp)
        print(f"upsert of 1,000 new articles: {upsert * 1000:.0f} ms; indexing them later "
              f"(first search, or the app after a refresh): {indexing * 1000:.0f} ms")
        path = args.db or tmp / "bench.db"
        with Store(path) as store:
            have = store.count()
            if have < args.articles:
                spent = fill(store, Vocabulary(seed=3), args.articles - have, prefix=f"b{have}-")
                start = time.perf_counter()
                store.index_pending()
                indexed = time.perf_counter() - start
                print(f"stored {args.articles - have} articles in {spent:.1f} s, "
                      f"indexed them in {indexed:.1f} s")
            total = store.count()
            for q in QUERIES[:2]:  # warm the page cache
                search(store, q, limit=100)
            timings, counts = [], []
            for q in QUERIES:
                start = time.perf_counter()
                found = search(store, q, limit=100)
                timings.append((time.perf_counter() - start) * 1000)
                counts.append(len(found))
            full = []
            for q in ("لافروف", "nasa", '"port strike"'):
                start = time.perf_counter()
                n = len(search(store, q))
                full.append(((time.perf_counter() - start) * 1000, q, n))
            ranked = []
            for q in QUERIES[:10]:
                start = time.perf_counter()
                search(store, q, sort="rank", limit=100)
                ranked.append((time.perf_counter() - start) * 1000)
        print(f"search over {total} articles, first 100 results newest first: median "
              f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms of {len(QUERIES)} "
              f"queries (10 Arabic, 10 English; hits per query up to 100: {counts})")
        print(f"  by rank: median {statistics.median(ranked):.1f} ms of 10 Arabic queries")
        print("  all results: " + ", ".join(f"{q} {n} hits {ms:.0f} ms" for ms, q, n in full))
    print("command: python bench/bench_search.py" + (f" --articles {args.articles}"
                                                     if args.articles != 100_000 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
