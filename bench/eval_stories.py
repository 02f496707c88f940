"""Pairwise precision and recall of story grouping over the labelled evaluation set.

    python bench/eval_stories.py [path/to/eval.json] [--only] [-v]

The set: eval.json, plus hard.json (hand-written near misses of issue #18: a
chain, number-only matches, one league's results of one day, a solar and a
nuclear plant in two countries, mixed Arabic/English events) and a generated
background of 400 articles from 20 outlets over the same days (bench/storygen.py),
where chaining shows. `--only` evaluates the given file alone.
B-cubed: per article, the share of its story that is its event (precision) and
of its event that is its story (recall), averaged. The largest story is shown
with its true event's size; an article whose story is larger than its event is
an oversized story.

A pair of articles is positive when both carry the same non-null `event`.
Precision: of the pairs akhbar groups together, the share that are one event;
recall: of the pairs that are one event, the share akhbar groups together.
The near-miss pairs (near_misses.json, must never merge) are counted on their own.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.stories import cluster, story_text  # noqa: E402

EVAL = ROOT / "tests" / "fixtures" / "stories" / "eval.json"
HARD = EVAL.with_name("hard.json")
BACKGROUND = 400


def records_of(path: Path = EVAL, extended: bool = True) -> list[dict]:
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    if extended:
        sys.path.insert(0, str(ROOT / "bench"))
        from storygen import background

        records += json.loads(HARD.read_text(encoding="utf-8")) + background(BACKGROUND)
    return records


def evaluate(path: Path = EVAL, extended: bool = True) -> dict:
    records = records_of(path, extended)
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
    truth = [r["event"] if r["event"] is not None else ("one", n) for n, r in enumerate(records)]
    story_size = Counter(stories.values())
    event_size = Counter(truth)
    both = Counter((stories[n], truth[n]) for n in range(len(records)))
    b3p = sum(both[stories[n], truth[n]] / story_size[stories[n]] for n in range(len(records)))
    b3r = sum(both[stories[n], truth[n]] / event_size[truth[n]] for n in range(len(records)))
    largest = max(range(len(records)), key=lambda n: story_size[stories[n]])
    members = [n for n in range(len(records)) if stories[n] == stories[largest]]
    its_event = Counter(truth[n] for n in members).most_common(1)[0][0]
    oversized = {stories[n] for n in range(len(records))
                 if story_size[stories[n]] > event_size[truth[n]]}
    return {
        "articles": len(records),
        "b3_precision": b3p / len(records), "b3_recall": b3r / len(records),
        "largest": (story_size[stories[largest]], event_size[its_event],
                    [records[n]["id"] for n in members]),
        "oversized": len(oversized),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "true_pairs": tp + fn, "grouped_pairs": tp + fp,
        "wrong": wrong, "missed": missed, "near_misses_merged": near_merged,
    }


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    result = evaluate(Path(args[0]) if args else EVAL, extended="--only" not in argv)
    size, true_size, _ = result["largest"]
    print(f"story grouping on {result['articles']} articles: "
          f"precision {result['precision']:.3f}, recall {result['recall']:.3f} "
          f"({result['grouped_pairs']} pairs grouped, {result['true_pairs']} true pairs); "
          f"B-cubed precision {result['b3_precision']:.3f}, recall {result['b3_recall']:.3f}; "
          f"largest story {size} (its event {true_size}); "
          f"stories larger than their event: {result['oversized']}; "
          f"near-miss pairs merged: {len(result['near_misses_merged'])}")
    if "-v" in argv:
        print("wrongly grouped:", result["wrong"])
        print("missed:", result["missed"])
        print("near misses merged:", result["near_misses_merged"])
        print("largest story:", result["largest"][2])
    print("command: python bench/eval_stories.py " + " ".join(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
