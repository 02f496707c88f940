"""A refresh with `full_text = true` against the same refresh without it (issue #14).

    python bench/bench_full_text.py [--feeds 20] [--articles 20] [--kb 100] [--latency-ms 100]

Each feed is served by its own bench server on 127.0.0.1 (a site of its own, as
real feeds are: the per-host bound applies per site) with --articles new items,
each linking to a generated Arabic news page of about --kb KB on that site
(bench_extract.page: menus, sidebars, trailers, the next article, half in
windows-1256 with only a meta charset). Every response waits --latency-ms.

Each round runs `akhbar --headlines` in a fresh process with a fresh store,
once with plain feeds and once with `full_text = true`, and measures wall time,
peak memory and CPU time. akhbar parses and extracts in worker processes, so
memory is the peak of the PSS summed over the whole process tree (akhbar, the
fork server, its workers: forked pages shared between them count once; sampled
every 20 ms from /proc), and CPU is the tree's total. Prints
the medians, the ratio (target <= 3x) and peak memory (target <= 200 MB), and the
command.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_extract import page  # noqa: E402
from server import serve  # noqa: E402

RATIO, RSS_MB = 3.0, 200


def _site(feed: int, articles: int, kb: int) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    items = []
    for j in range(articles):
        body, _, paragraphs, _ = page(feed * 1000 + j, kb)
        files[f"p{j}.html"] = body
        items.append(f"<item><title>خبر {feed}-{j}: {paragraphs[0][:60]}</title>"
                     f"<link>{{base}}/p{j}.html</link><guid>f{feed}-{j}</guid>"
                     f"<pubDate>{(j % 28) + 1:02d} Nov 2026 08:00:00 GMT</pubDate>"
                     f"<description>{paragraphs[0][:120]}</description></item>")
    files["feed.xml"] = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                         f"<title>موقع {feed}</title><link>https://site{feed}.example/</link>"
                         + "".join(items) + "</channel></rss>")  # type: ignore[assignment]
    return files


def _tree(root: int) -> list[int]:
    """`root` and every process descended from it (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return tree


class TreeSampler(threading.Thread):
    """Peak PSS summed over a process tree, and its CPU seconds, every 20 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self._cpu = pid, 0.0, {}
        self.done = threading.Event()
        self._tick = os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while not self.done.is_set():
            pss = 0
            for pid in _tree(self.pid):
                with contextlib.suppress(OSError, IndexError, ValueError):
                    with open(f"/proc/{pid}/smaps_rollup") as f:
                        pss += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
                    with open(f"/proc/{pid}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                    self._cpu[pid] = (int(fields[11]) + int(fields[12])) / self._tick
            self.peak_mb = max(self.peak_mb, pss / 1024)
            self.done.wait(0.02)

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())


def _run_once(bases: list[str], full: bool) -> tuple[float, float, float, float]:
    """(wall seconds, peak PSS MB of the tree, CPU seconds of the tree, CPU seconds
    of akhbar's own process) of one `akhbar --headlines` with a fresh store."""
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-ft-") as tmp:
        config = Path(tmp) / "feeds.toml"
        config.write_text("".join(
            f'[[feeds]]\nurl = "{base}/feed.xml"\n' + ("full_text = true\n" if full else "")
            for base in bases), encoding="utf-8")
        env = dict(os.environ, XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config",
                   PYTHONPATH=str(ROOT))
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "tui", "--headlines", "--config",
                                 str(config)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        err = proc.stderr.read().decode() if proc.stderr else ""
        if status != 0 or err.strip():
            raise SystemExit(f"akhbar failed ({status}): {err[:500]}")
        own_cpu = usage.ru_utime + usage.ru_stime
        return (wall, max(sampler.peak_mb, usage.ru_maxrss / 1024), max(sampler.cpu, own_cpu),
                own_cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--kb", type=int, default=100)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)

    sites = [_site(i, args.articles, args.kb) for i in range(args.feeds)]
    with contextlib.ExitStack() as stack:
        servers, bases = [], []
        for files in sites:
            # The feed's links name its own server, known only once it listens.
            base = stack.enter_context(serve({}, latency_ms=args.latency_ms))
            feed = files["feed.xml"].replace("{base}", str(base))  # type: ignore[union-attr]
            base.server.variants = {0: {**files, "feed.xml": feed.encode()}}
            servers.append((base, files))
            bases.append(str(base))
        plain, full = [], []
        for _ in range(args.rounds):
            plain.append(_run_once(bases, False))
            full.append(_run_once(bases, True))
        pages = sum(s.server.stats().get("200", 0) for s, _ in servers)

    p_wall, f_wall = (statistics.median(r[0] for r in runs) for runs in (plain, full))
    p_rss, f_rss = (max(r[1] for r in runs) for runs in (plain, full))
    p_cpu, f_cpu = (statistics.median(r[2] for r in runs) for runs in (plain, full))
    p_own, f_own = (statistics.median(r[3] for r in runs) for runs in (plain, full))
    ratio = f_wall / p_wall
    print(f"{args.feeds} feeds x {args.articles} new articles, pages ~{args.kb} KB, "
          f"{args.latency_ms:g} ms latency, {args.rounds} rounds ({pages} responses of 200)")
    for name, wall, mb, cpu, own in (("plain refresh   ", p_wall, p_rss, p_cpu, p_own),
                                     ("full_text = true", f_wall, f_rss, f_cpu, f_own)):
        print(f"  {name}   {wall:6.2f} s   memory {mb:4.0f} MB   "
              f"CPU {cpu:5.2f} s ({own:.2f} s in akhbar's own process)")
    print(f"  ratio {ratio:.2f}x (target <= {RATIO:g}x: {'ok' if ratio <= RATIO else 'MISSED'}), "
          f"memory {'ok' if f_rss <= RSS_MB else 'MISSED'} (target <= {RSS_MB} MB)")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("command: python bench/bench_full_text.py " + " ".join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
