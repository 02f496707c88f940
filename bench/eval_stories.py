"""Pairwise precision and recall of story grouping over the labelled evaluation set.

    python bench/eval_stories.py [path/to/eval.json] [-v]

A pair of articles is positive when both carry the same non-null `event`.
Precision: of the pairs akhbar groups together, the share that are one event;
recall: of the pairs that are one event, the share akhbar groups together.
The near-miss pairs (near_misses.json, must never merge) are counted on their own.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.stories import cluster, story_text  # noqa: E402

EVAL = ROOT / "tests" / "fixtures" / "stories" / "eval.json"


def evaluate(path: Path = EVAL) -> dict:
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    items = []
    for n, r in enumerate(records):
        when = int(datetime.fromisoformat(r["published"].replace("Z", "+00:00")).timestamp())
        items.append((n, r["feed"], when, story_text(r["title"], r["lead"])))
    stories = cluster(items)
    tp = fp = fn = 0
    wrong, missed = [], []
    for i, j in combinations(range(len(records)), 2):
        a, b = records[i], records[j]
        truth = a["event"] is not None and a["event"] == b["event"]
        guess = stories[i] == stories[j]
        if truth and guess:
            tp += 1
        elif guess:
            fp += 1
            wrong.append((a["id"], b["id"]))
        elif truth:
            fn += 1
            missed.append((a["id"], b["id"]))
    near_path = Path(path).with_name("near_misses.json")
    near_merged = []
    if near_path.exists():
        ids = {r["id"]: n for n, r in enumerate(records)}
        for p in json.loads(near_path.read_text(encoding="utf-8"))["pairs"]:
            if stories[ids[p["a"]]] == stories[ids[p["b"]]]:
                near_merged.append((p["family"], p["a"], p["b"]))
    return {
        "articles": len(records),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "true_pairs": tp + fn, "grouped_pairs": tp + fp,
        "wrong": wrong, "missed": missed, "near_misses_merged": near_merged,
    }


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    result = evaluate(Path(args[0]) if args else EVAL)
    print(f"story grouping on {result['articles']} articles: "
          f"precision {result['precision']:.3f}, recall {result['recall']:.3f} "
          f"({result['grouped_pairs']} pairs grouped, {result['true_pairs']} true pairs); "
          f"near-miss pairs merged: {len(result['near_misses_merged'])}")
    if "-v" in argv:
        print("wrongly grouped:", result["wrong"])
        print("missed:", result["missed"])
        print("near misses merged:", result["near_misses_merged"])
    print("command: python bench/eval_stories.py")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
