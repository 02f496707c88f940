"""Where a reload's CPU goes: akhbar --headlines, cold then warm, under cProfile.

    python bench/profile_reload.py                    # 200 feeds, 50 hosts, 100 ms, top 25
    python bench/profile_reload.py --feeds 1000 --latency-ms 0 --top 40
    python bench/profile_reload.py --no-profile       # CPU and wall only, 3 warm runs

Serves the bench feeds on ``--hosts`` loopback addresses (as bench/compare.py does), runs
``python -m tui --headlines`` (this checkout's ``tui``) in a temporary data dir: a cold
reload (expects all 200), a prime run, then warm reloads (expects all 304). For each run it
prints wall time, the CPU of the whole process (user+sys from ``wait4``) and, with
profiling, cProfile's top entries by cumulative and by internal time.
"""

from __future__ import annotations

import argparse
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import feedgen  # noqa: E402
from server import BenchServer  # noqa: E402


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if status:
        print(err[-1000:], file=sys.stderr)
    return wall, ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--settings", default="", help="';'-separated lines for [settings]")
    ap.add_argument("--warm-runs", type=int, default=None, help="default 1, 3 without profile")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--no-cold-profile", action="store_true")
    a = ap.parse_args()
    warm_runs = a.warm_runs or (1 if not a.no_profile else 3)
    root = feedgen.ensure_feeds(a.feeds)
    srv = BenchServer(root, latency_ms=a.latency_ms, hosts=a.hosts, max_seconds=1800).start()
    try:
        with tempfile.TemporaryDirectory(prefix="akhbar-prof-") as tmp:
            wd = Path(tmp)
            feeds = "".join(f'\n[[feeds]]\nurl = "{srv.host_url(i)}/{feedgen.feed_name(i)}"\n'
                            for i in range(1, a.feeds + 1))
            settings = a.settings.replace(";", "\n")
            (wd / "feeds.toml").write_text(f"[settings]\n{settings}\n{feeds}")
            env = {k: v for k, v in os.environ.items() if not k.startswith("AKHBAR_")}
            env.update(AKHBAR_DATA_DIR=str(wd / "data"), XDG_CONFIG_HOME=str(wd),
                       XDG_DATA_HOME=str(wd), PYTHONPATH=str(ROOT))
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as when installed
            plan = [("cold", "200", not (a.no_profile or a.no_cold_profile)),
                    ("prime", "304", False)]
            plan += [("warm", "304", not a.no_profile)] * warm_runs
            print(f"{a.feeds} feeds over {len(srv.hosts)} hosts @ {a.latency_ms:g} ms; "
                  f"settings: {a.settings or '(defaults)'}")
            for i, (case, want, profile) in enumerate(plan):
                prof = wd / f"{case}-{i}.prof"
                argv = [sys.executable]
                if profile:
                    argv += ["-m", "cProfile", "-o", str(prof)]
                argv += ["-m", "tui", "--headlines", "--config", str(wd / "feeds.toml")]
                srv.reset()
                wall, cpu, rc = run(argv, env)
                st = srv.stats()
                ok = st[want] == a.feeds and st["other"] == 0
                print(f"{case:5} wall {wall:6.2f} s  cpu {cpu:5.2f} s  rc {rc}  "
                      f"200={st['200']} 304={st['304']} inflight={st['max_inflight']}"
                      f"{'' if ok else '  <-- UNEXPECTED COUNTS'}"
                      f"{'  (profiled)' if profile else ''}", flush=True)
                if profile:
                    for key in ("cumulative", "tottime"):
                        print(f"--- {case}: top {a.top} by {key}")
                        pstats.Stats(str(prof), stream=sys.stdout).strip_dirs() \
                            .sort_stats(key).print_stats(a.top)
    finally:
        srv.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
