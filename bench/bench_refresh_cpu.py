"""Wall and CPU time of `akhbar --headlines` refreshes, every descendant counted.

Cold (empty store, N × 200), warm (N × 304) and changed (new bodies, N × 200) runs
against bench/server.py, the process tree's CPU counted through a child subreaper
so parse workers and the fork server are included (os.wait4 alone misses them).

    python bench/bench_refresh_cpu.py --n 200 --runs 3 [--repo OTHER_TREE ...]
    python bench/bench_refresh_cpu.py --n 200 --latency-ms 100 --hosts 50  # as compare.py

With several --repo trees (a checkout of main, say) the runs alternate between
them, so that a before/after comparison shares the machine's load.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from feedgen import ensure_feeds  # noqa: E402
from server import serve  # noqa: E402

PR_SET_CHILD_SUBREAPER = 36
_MAIN = """\
import cProfile, runpy, sys, time
sys.argv[0] = "akhbar"
profile = cProfile.Profile(time.process_time) if {profile!r} else None  # CPU, not waits
if profile:
    profile.enable()
try:
    runpy.run_module("tui", run_name="__main__")
finally:
    if profile:
        profile.disable()
        profile.dump_stats({profile!r})
    with open({out!r}, "w") as f:  # the main process alone, beside the tree's total
        f.write(str(time.process_time()))
"""


def _tree_cpu(argv: list[str], env: dict[str, str], repo: Path,
              main_cpu: Path) -> tuple[float, float, float]:
    """(wall, CPU, the main process's CPU) of argv and every process it started, reaped
    here. Run from `repo`: `python -c` puts the working directory first on sys.path."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=repo, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{argv} exited {proc.returncode}: {err.decode()[-500:]}")
    while True:  # orphaned workers and the fork server come to us: wait for them all
        try:
            os.wait()
        except ChildProcessError:
            break
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, float(main_cpu.read_text())


def _headlines(wd: Path, env: dict[str, str], repo: Path,
               profile: str | None) -> tuple[float, float, float]:
    """`akhbar --headlines` on wd's config: (wall, tree CPU, main process CPU)."""
    main = _MAIN.format(profile=profile, out=str(wd / "main-cpu"))
    cmd = [sys.executable, "-c", main, "--headlines", "--config", str(wd / "feeds.toml")]
    return _tree_cpu(cmd, env, repo, wd / "main-cpu")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--latency-ms", type=float, default=0, help="slept before every answer")
    ap.add_argument("--hosts", type=int, default=0,
                    help="feeds spread over this many loopback addresses (0: one)")
    ap.add_argument("--repo", type=Path, action="append",
                    help="source tree to run (repeatable; default: this one)")
    ap.add_argument("--profile", type=Path,
                    help="write the main process's cProfile of each run here (<case>-<run>.prof)")
    args = ap.parse_args(argv)
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    feeds = ensure_feeds(args.n, variants=(0, 1))
    repos = args.repo or [HERE.parent]
    results = {(repo, case): [] for repo in repos for case in ("cold", "warm", "changed")}
    with serve(feeds, latency_ms=args.latency_ms, hosts=args.hosts) as base:
        # The cache may hold more feeds (a bigger run made them): the first n are these n.
        urls = [f"{base.server.host_url(i)}/{p.name}"
                for i, p in enumerate(sorted((feeds / "v0").glob("*.xml"))[:args.n])]
        for repo in [r for _ in range(args.runs) for r in repos]:
            wd = Path(tempfile.mkdtemp(prefix="akhbar-bench-"))
            try:
                (wd / "feeds.toml").write_text("".join(
                    f'[[feeds]]\nurl = "{u}"\ntitle = "bench {i:04d}"\n'
                    for i, u in enumerate(urls, 1)))
                env = {**{k: v for k, v in os.environ.items() if not k.startswith("AKHBAR_")},
                       "AKHBAR_DATA_DIR": str(wd / "data"), "PYTHONPATH": str(repo.resolve()),
                       "XDG_CONFIG_HOME": str(wd / "config"), "XDG_DATA_HOME": str(wd)}
                env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as when installed
                run = len(results[repo, "cold"])
                for case, variant in (("cold", 0), ("warm", 0), ("changed", 1)):
                    base.server.set_variant(variant)
                    profile = args.profile and str(args.profile.resolve() / f"{case}-{run}.prof")
                    results[repo, case].append(_headlines(wd, env, repo, profile))
            finally:
                shutil.rmtree(wd, ignore_errors=True)
    print(f"akhbar --headlines, {args.n} feeds over {len(base.server.hosts)} hosts "
          f"@ {args.latency_ms:g} ms, {args.runs} runs, median "
          "(CPU: the whole process tree)")
    for (repo, case), rows in results.items():
        wall, cpu, main_cpu = (statistics.median(r[i] for r in rows) for i in range(3))
        print(f"  {repo}  {case:8s} wall {wall:6.2f} s   CPU {cpu:6.2f} s "
              f"(main process {main_cpu:5.2f} s)")
    print("command: python " + " ".join(sys.argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
