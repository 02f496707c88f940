"""Time to first screen of a terminal app under tmux, and its peak RSS until then.

    python bench/first_screen.py --cmd "akhbar --config /tmp/x/feeds.toml" --expect "الجزيرة"
    python bench/first_screen.py --cmd "python3 -m http.server 0 --bind 127.0.0.1" \\
        --expect Serving                      # validation of the harness itself

Each run starts a private tmux server (``tmux -L <unique> -f /dev/null``), launches the
command with ``new-session -d -x 120 -y 40``, and polls ``capture-pane -p`` every 10 ms
until TEXT appears on the screen. Reported: time from just before ``new-session`` to the
capture that showed TEXT (so it includes tmux's own pane update, ~8 ms on the reference
machine), and the peak RSS of the pane's process tree (sampled at each poll) and of its
largest process. The tmux server of each run is killed afterwards; runs that do not show
TEXT within ``--timeout`` seconds count as timeouts and print the last screen.

``--env K=V`` (repeatable) sets variables for the command, e.g.
``--env AKHBAR_DATA_DIR=/tmp/x/data --env XDG_CONFIG_HOME=/tmp/x/config``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare import _proc_table  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree(root: int) -> tuple[int, int]:
    """(sum of RSS, largest single RSS) in bytes over ``root`` and its descendants."""
    table = _proc_table()
    kids: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    total = biggest = 0
    stack = [root]
    while stack:
        p = stack.pop()
        if p in table:
            total += table[p][1]
            biggest = max(biggest, table[p][1])
        stack.extend(kids.get(p, ()))
    return total * PAGE, biggest * PAGE


def one_run(a: argparse.Namespace, i: int) -> dict:
    sock = f"akhbar-bench-{os.getpid()}-{i}"
    tm = ["tmux", "-L", sock, "-f", "/dev/null"]
    env_args = [x for kv in a.env for x in ("-e", kv)]
    shell_cmd = a.cmd if not a.cwd else f"cd {a.cwd!s} && exec {a.cmd}"
    res: dict = {"found": False}
    t0 = time.perf_counter()
    try:
        subprocess.run([*tm, "new-session", "-d", "-x", str(a.width), "-y", str(a.height),
                        "-s", "bench", *env_args, shell_cmd], check=True,
                       stdin=subprocess.DEVNULL)
        pane_pid = None
        peak_tree = peak_proc = 0
        screen = ""
        deadline = t0 + a.timeout
        while time.perf_counter() < deadline:
            if pane_pid is None:
                r = subprocess.run([*tm, "display-message", "-p", "-t", "bench",
                                    "#{pane_pid}"], capture_output=True, text=True)
                if r.returncode == 0 and r.stdout.strip().isdigit():
                    pane_pid = int(r.stdout.strip())
            if pane_pid is not None:
                tot, big = tree(pane_pid)
                peak_tree, peak_proc = max(peak_tree, tot), max(peak_proc, big)
            r = subprocess.run([*tm, "capture-pane", "-p", "-t", "bench"],
                               capture_output=True, text=True)
            if r.returncode != 0:  # the session ended: the command exited
                res["exited"] = True
                break
            screen = r.stdout
            if a.expect in screen:
                res.update(found=True, ms=(time.perf_counter() - t0) * 1000)
                break
            time.sleep(a.poll_ms / 1000)
        res.update(tree_mb=peak_tree / 2**20, proc_mb=peak_proc / 2**20, screen=screen)
    finally:
        subprocess.run([*tm, "kill-server"], capture_output=True)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--cmd", required=True, help="shell command to launch in the pane")
    ap.add_argument("--expect", required=True, help="text whose appearance ends the timer")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (page cache)")
    ap.add_argument("--timeout", type=float, default=15, help="s per run")
    ap.add_argument("--poll-ms", type=float, default=10)
    ap.add_argument("--width", type=int, default=120)
    ap.add_argument("--height", type=int, default=40)
    ap.add_argument("--env", action="append", default=[], metavar="K=V")
    ap.add_argument("--cwd", type=Path, default=None)
    a = ap.parse_args(argv)
    if not shutil.which("tmux"):
        subprocess.run(["apt-get", "install", "-y", "tmux"], check=True)
    results = []
    for i in range(a.warmup + a.runs):
        r = one_run(a, i)
        tag = "warm-up" if i < a.warmup else f"run {i - a.warmup + 1}"
        if r["found"]:
            print(f"{tag}: {r['ms']:.0f} ms, peak RSS {r['proc_mb']:.0f} MB (largest process) "
                  f"/ {r['tree_mb']:.0f} MB (tree)", file=sys.stderr)
        else:
            why = "the command exited" if r.get("exited") else f"timeout {a.timeout:g} s"
            print(f"{tag}: {a.expect!r} not seen ({why}); last screen:\n{r['screen']}",
                  file=sys.stderr)
        if i >= a.warmup:
            results.append(r)
    ok = [r for r in results if r["found"]]
    print(f"\n`python {shlex.join(sys.argv)}`\n")
    print("| command | first screen ms median (min–max) | runs | timeouts "
          "| peak RSS MB (largest proc / tree) |")
    print("|---|---:|---:|---:|---:|")
    if ok:
        ms = [r["ms"] for r in ok]
        print(f"| `{a.cmd}` | {statistics.median(ms):.0f} ({min(ms):.0f}–{max(ms):.0f}) "
              f"| {len(ok)} | {len(results) - len(ok)} "
              f"| {statistics.median(r['proc_mb'] for r in ok):.0f} / "
              f"{statistics.median(r['tree_mb'] for r in ok):.0f} |")
    else:
        print(f"| `{a.cmd}` | — | 0 | {len(results)} | — |")
    return 0 if len(ok) == len(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
