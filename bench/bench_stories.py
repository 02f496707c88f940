"""Grouping 10,000 new articles into a store of 100,000; or one feed of 200,000 items.

    python bench/bench_stories.py [--old 100000] [--new 10000]
    python bench/bench_stories.py --single 200000

The store holds `--old` articles over 60 days, already assigned to stories;
then `--new` articles arrive over the last 24 hours, a third of them retellings
of one event by two or three outlets (shuffled words, a dropped word, a
spelling change), and `tui.stories.assign` is timed: reading the unassigned
articles and the 48 h window, featurizing, clustering, writing story ids.
Setup skips the search index (not what is measured here).

`--single N`: one feed of N items over 30 days (title and a one-line summary, as a
hostile-size feed has), none assigned yet; `assign` runs in a child process and its
wall time, CPU and peak RSS are printed (issue 18: ≤ 10 s and ≤ 300 MB at 200,000).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import Vocabulary  # noqa: E402

from tui import stories  # noqa: E402
from tui.models import ParsedArticle  # noqa: E402
from tui.store import Store  # noqa: E402


def retell(vocab: Vocabulary, a: ParsedArticle, guid: str, when: datetime) -> ParsedArticle:
    words = a.title.split()
    vocab.rng.shuffle(words)
    if len(words) > 4:
        words.pop()
    words[0] = words[0].replace("ي", "ی")
    lead = a.summary.split()
    return ParsedArticle(guid=guid, link=f"https://news.example/{guid}", title=" ".join(words),
                         summary=" ".join(lead[3:] + vocab.text(5)), content="", published=when)


def _assign_only(db: str) -> int:
    """The child of `--single`: assign every article of the store at `db`."""
    with Store(Path(db)) as store:
        start, cpu = time.perf_counter(), time.process_time()
        assigned = stories.assign(store)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{assigned} {elapsed:.2f} {cpu:.2f}")
    return 0


def single_feed(items: int) -> int:
    now = datetime.now(UTC)
    vocab = Vocabulary(seed=13)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        with Store(path) as store:
            store._index_for_search = lambda *a, **k: None
            for chunk in range(0, items, 5000):
                batch = []
                for i in range(chunk, min(items, chunk + 5000)):
                    when = now - timedelta(seconds=vocab.rng.random() * 30 * 86400)
                    a = vocab.article(f"s{i}", when)
                    batch.append(ParsedArticle(guid=a.guid, link=a.link, title=a.title,
                                               summary=" ".join(vocab.text(15)), content="",
                                               published=a.published))
                store.upsert_articles("https://big.example/rss", batch)
        child = subprocess.run([sys.executable, __file__, "--assign-only", str(path)],
                               capture_output=True, text=True, check=True)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assigned, elapsed, cpu = child.stdout.split()
    print(f"one feed of {items} items: assigned {assigned} in {elapsed} s, {cpu} s CPU, "
          f"peak RSS {rss:.0f} MB (the child process)")
    print(f"command: python bench/bench_stories.py --single {items}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--single", type=int, default=0, help="one feed of this many items")
    ap.add_argument("--assign-only", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.assign_only:
        return _assign_only(args.assign_only)
    if args.single:
        return single_feed(args.single)
    now = datetime.now(UTC)
    vocab = Vocabulary(seed=11)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        store._index_for_search = lambda *a, **k: None
        start = time.perf_counter()
        for feed in range(0, args.old, 50):
            items = [vocab.article(f"o{feed + i}",
                                   now - timedelta(days=1 + vocab.rng.random() * 59))
                     for i in range(50)]
            store.upsert_articles(f"https://feed{feed // 50 % 2000}.example/rss", items)
        rows = store.unassigned_articles()
        store.save_stories([(r["id"], -r["id"], stories.story_text(r["title"], r["summary"],
                                                                    r["content"])) for r in rows])
        print(f"setup: {store.count()} stored articles with stories "
              f"({time.perf_counter() - start:.0f} s)")

        fresh: dict[str, list[ParsedArticle]] = {}
        n = 0
        while n < args.new:
            when = now - timedelta(seconds=vocab.rng.random() * 86400)
            base = vocab.article(f"n{n}", when)
            tellers = vocab.rng.choice((1, 1, 1, 1, 2, 3))
            feeds = vocab.rng.sample(range(2000), tellers)
            fresh.setdefault(f"https://feed{feeds[0]}.example/rss", []).append(base)
            n += 1
            for extra, f in enumerate(feeds[1:]):
                later = when + timedelta(minutes=vocab.rng.randint(5, 600))
                fresh.setdefault(f"https://feed{f}.example/rss", []).append(
                    retell(vocab, base, f"n{n}-{extra}", later))
                n += 1
        for url, items in fresh.items():
            store.upsert_articles(url, items)
        new_count = sum(len(v) for v in fresh.values())
        start, cpu = time.perf_counter(), time.process_time()
        assigned = stories.assign(store)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        multi = store.db.execute(
            "SELECT count(*) FROM (SELECT story_id FROM articles WHERE story_id IS NOT NULL "
            "GROUP BY story_id HAVING count(*) > 1)").fetchone()[0]
    print(f"assigned {assigned} of {new_count} new articles into a store of {args.old} "
          f"in {elapsed:.2f} s, {cpu:.2f} s CPU ({elapsed / max(1, assigned) * 1e6:.0f} µs each); "
          f"{multi} stories with more than one article")
    print("command: python bench/bench_stories.py"
          + (f" --old {args.old}" if args.old != 100_000 else "")
          + (f" --new {args.new}" if args.new != 10_000 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
