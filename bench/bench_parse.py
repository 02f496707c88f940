"""Parse speed on clean feeds: the fast path must stay fast (issue #13).

    python bench/bench_parse.py [--feeds 50] [--items 5000] [--runs 5]

Times tui.parse.parse in CPU time (best of --runs; the cores are shared) on
--feeds generated 50-item feeds and on one feed of --items items
(bench/feedgen.py, Arabic RSS 2.0), and says which path read them. Run it with
PYTHONPATH at another checkout to compare.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import feedgen  # noqa: E402

from tui.parse import parse  # noqa: E402
from tui.parse_fast import parse_fast  # noqa: E402


def best(bodies: list[bytes], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        for body in bodies:
            parse(body, {"content-type": "application/rss+xml; charset=utf-8"},
                  "http://bench.example/feed.xml")
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--items", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    small = list(feedgen.generate(args.feeds, items=50, seed=0).values())
    big = list(feedgen.generate(1, items=args.items, seed=1).values())
    fast = sum(parse_fast(b) is not None for b in small + big)
    best(small[:2], 1)  # imports and warm-up
    per_feed = best(small, args.runs) / len(small) * 1000
    big_ms = best(big, args.runs) * 1000
    print(f"fast path took {fast} of {len(small) + len(big)} bodies")
    print(f"{args.feeds} feeds x 50 items: {per_feed:.2f} ms per feed (best of {args.runs})")
    print(f"1 feed x {args.items} items ({len(big[0]) / 1e6:.1f} MB): {big_ms:.0f} ms")
    print("command: python bench/bench_parse.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
