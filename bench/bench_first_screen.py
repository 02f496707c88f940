"""The reader's first screen with 100,000 stored articles, in Textual's headless mode.

    python bench/bench_first_screen.py                   # 100,000 articles, 7 start-ups
    python bench/bench_first_screen.py --profile --top 30
    python bench/bench_first_screen.py --repo /tmp/base --repo .   # alternate two trees

Each run is a fresh `python` (imports included, as a user pays them) that builds the
app with `make_app` (offline: no network), runs it with `App.run_test(size=(120, 40))`
and waits until the first headline rows and the status line's "N articles" are
composed into a frame. Reported: wall time from the spawn, and the process's CPU
time at that moment, which the machine's load does not inflate (2 shared cores:
judge by CPU). `bench/bench_app.py` measures the same under tmux, terminal included.
The store (200 feeds, as bench_app fills it) is cached in bench/out/.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _child(store: Path, config: Path, t0: float, profile: Path | None) -> None:
    import asyncio

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    from tui import config as config_mod
    from tui.app import make_app

    app = make_app(config_mod.load(config), store, offline=True)

    async def first_screen() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            while True:
                screen = app.screen
                if getattr(screen, "view", None) is not None \
                        and screen.headlines.row_count and "articles" in str(
                            screen.status.render()):
                    break
                await pilot.pause(0.002)
            await pilot.pause()  # the frame with them is composed
            ru = resource.getrusage(resource.RUSAGE_SELF)
            wall = time.time() - t0
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            print(f"{wall:.4f} {ru.ru_utime + ru.ru_stime:.4f} {ru.ru_maxrss}", flush=True)

    asyncio.run(first_screen())
    app.store.close()


def _store(articles: int) -> tuple[Path, Path]:
    sys.path.insert(0, str(HERE))
    from bench_app import fill_store, write_config  # noqa: PLC0415

    where = HERE / "out" / f"first-screen-{articles}"
    store, config = where / "akhbar.db", where / "feeds.toml"
    if not store.exists():
        where.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        fill_store(store, articles, 9)
        print(f"filled {store} with {articles} articles in {time.perf_counter() - t:.1f} s")
    write_config(config, 9)  # a closed port: nothing is fetched anyway (offline)
    return store, config


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="one run under cProfile")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--repo", type=Path, action="append",
                    help="source tree to run (repeatable, runs alternate; default: this one)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        _child(Path(a.child[0]), Path(a.child[1]), float(a.child[2]), a.profile_out)
        return 0
    store, config = _store(a.articles)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AKHBAR_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as when installed
    env.update(AKHBAR_DATA_DIR=str(store.parent), XDG_CONFIG_HOME=str(store.parent / "xdg"),
               XDG_DATA_HOME=str(store.parent / "xdg"))
    prof = store.parent / "first-screen.prof"
    repos = [r.resolve() for r in a.repo or [ROOT]]
    got: dict[Path, list[tuple[float, float, float]]] = {r: [] for r in repos}
    for run in range(1 if a.profile else a.runs):
        for repo in repos:
            argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(store),
                    str(config), repr(time.time())]
            if a.profile:
                argv += ["--profile-out", str(prof)]
            done = subprocess.run(argv, env={**env, "PYTHONPATH": str(repo)},
                                  capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                return 1
            wall, cpu, maxrss = (float(x) for x in done.stdout.split()[-3:])
            got[repo].append((wall, cpu, maxrss / 1024))
            print(f"run {run + 1} {repo}: wall {wall * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms",
                  flush=True)
    for repo, runs in got.items():
        walls, cpus, rss = zip(*runs, strict=True)
        print(f"first screen, {a.articles} articles, headless 120x40, {repo}: CPU median "
              f"{statistics.median(cpus) * 1000:.0f} ms (min {min(cpus) * 1000:.0f}), wall "
              f"median {statistics.median(walls) * 1000:.0f} ms (min {min(walls) * 1000:.0f}), "
              f"peak RSS {max(rss):.0f} MB, {len(cpus)} runs")
    print(f"load average {os.getloadavg()[0]:.1f}")
    if a.profile:
        import pstats

        for key in ("cumulative", "tottime"):
            pstats.Stats(str(prof), stream=sys.stdout).strip_dirs().sort_stats(key) \
                .print_stats(a.top)
    print("command: python bench/bench_first_screen.py " + " ".join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
