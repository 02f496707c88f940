"""Saved searches and the mute list over 100,000 articles (#17).

    python bench/bench_saved.py [--articles 100000] [--db PATH]

With 10 saved searches and 5 mute queries: the feed list's data before the
first frame (counts come after it, off the UI thread) and the recount itself;
opening a saved-search view (pager + its first 40 rows; its article count comes
from the recount, as in the app); and
`akhbar --headlines --offline` with the mute list against without it
(median of 5 runs each, whole processes).
Data: bench_search's generated Arabic-like articles, 2,000 feeds of 50.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import Vocabulary, fill  # noqa: E402

from tui.config import load  # noqa: E402
from tui.library import Library  # noqa: E402
from tui.store import Query, Store  # noqa: E402
from tui.views import View  # noqa: E402

SEARCHES = ["لافروف", "أنقرة موسكو", "سوريا OR تركيا", "النفط أوبك", "الزلزال",
            "الانتخابات -البرلمان", "الرئيس since:7d", "oil OR market", "العاصمة*",
            '"وزير الخارجية"']
MUTE = ["الأمطار الزلزال", "tag:sport المدينة", "storm Reuters", "الحكومة الاقتصاد",
        "feed:feed7 الرئيس"]


def write_config(path: Path, feeds: int, mute: bool) -> Path:
    lines = ["[settings]"]
    if mute:
        lines.append("mute = [" + ", ".join(f'"{m}"' for m in MUTE) + "]")
    for n in range(feeds):
        lines += ["[[feeds]]", f'url = "https://feed{n}.example/rss"',
                  f'tags = ["{"sport" if n % 10 == 0 else "news"}"]']
    for i, q in enumerate(SEARCHES):
        lines += ["[[searches]]", f'name = "s{i}"', f"query = '{q}'"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def headlines(config: Path, data: Path) -> float:
    env = {**os.environ, "AKHBAR_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui", "--headlines", "--offline", "--config",
                        str(config)], env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="keep the store here (default: a temp dir)")
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-saved-"))
    data = a.db.parent if a.db else tmp / "data"
    db = data / "akhbar.db"
    if not db.exists():
        with Store(db) as store:
            fill(store, Vocabulary(), a.articles)
            store.index_pending()
    feeds = max(1, a.articles // 50) if a.articles < 100_000 else 2000
    plain = load(write_config(tmp / "plain.toml", feeds, mute=False))
    muted = load(write_config(tmp / "muted.toml", feeds, mute=True))
    with Store(db) as store:
        store.sync_feeds(muted.feeds)
        start = time.perf_counter()
        library = Library(store, muted)
        entries = library.feed_entries()
        pager = library.pager(View(entries[0]))
        [pager.get(i) for i in range(40)]
        first = time.perf_counter() - start
        start = time.perf_counter()
        library.set_counts(*library.recount())
        recount = time.perf_counter() - start
        opens = []
        for entry in (e for e in library.feed_entries() if e.kind == "search"):
            start = time.perf_counter()
            pager = library.pager(View(entry))
            rows = [pager.get(i) for i in range(min(40, pager.total))]
            opens.append(time.perf_counter() - start)
            print(f"  {entry.label}: {ms(opens[-1])}", file=sys.stderr)
            assert all(r is not None for r in rows)
        hidden = store.count(Query(with_muted=True)) - store.count()
    without = headlines(tmp / "plain.toml", data)
    with_mute = headlines(tmp / "muted.toml", data)
    print(f"{a.articles:,} articles, {len(SEARCHES)} saved searches, {len(MUTE)} mute "
          f"queries ({hidden:,} articles muted)")
    print(f"first screen data (feed list without counts, 'All' pager, 40 rows): {ms(first)}")
    print(f"counts of every feed and saved search (off the UI thread): {ms(recount)}")
    print(f"saved-search view open (pager + 40 rows): median {ms(statistics.median(opens))}, "
          f"max {ms(max(opens))}")
    print(f"--headlines --offline: {ms(without)} without mute, {ms(with_mute)} with "
          f"({with_mute / without:.2f}x)")
    print(f"command: python bench/bench_saved.py --articles {a.articles}"
          + (f" --db {a.db}" if a.db else ""))
    del plain
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
