"""akhbar vs newsboat: reload (cold / warm / changed) and print-unread, same feeds, same run.

    python bench/compare.py --quick          # smoke test: 50 feeds, 1 run (about 45 s)
    python bench/compare.py                  # the full table (30-45 min on 2 cores)
    python bench/compare.py --akhbar-cmd "python bench/standin.py"   # validate the harness

The feeds are served by bench/server.py on 50 loopback addresses (127.0.0.2 … 127.0.0.51, one
port; ``--hosts``), feed i on address i mod 50, and akhbar runs at its defaults: a real
subscription list spreads over many sites, and akhbar bounds connections in total and per host.

For each number of feeds N and each server latency, three cases:

* cold    — empty store/cache; expect N × 200.
* warm    — a copy of a store that has already seen the feeds twice (newsboat stores
            ETags only on its second download); expect N × 304.
* changed — the same store, the server now serves the same items with changed bodies
            (new ETags, later Last-Modified); expect N × 200.

Programs (alternated, one round = each program once, order rotated per round):

* ``newsboat:T`` — ``newsboat -u urls -c cache.db -C config -x reload``, config
  ``reload-threads T`` (T = 1, newsboat's default, and 8), HOME/XDG_* in its temp dir.
* ``akhbar`` — ``<akhbar-cmd> --headlines --config <tmp>/feeds.toml`` with
  ``AKHBAR_DATA_DIR=<tmp>/data``, ``XDG_CONFIG_HOME``/``XDG_DATA_HOME`` in the temp dir,
  stdout to /dev/null.

Per run: wall time, CPU (user+sys of the process and its waited-for children, from
``wait4``), peak RSS of the largest single process (``ru_maxrss``), peak RSS of the whole
process tree (sum, sampled from /proc every 50 ms), and the server's 200/304 counts, which
must match the case (a loud warning otherwise). Ratios akhbar/newsboat are taken per round
(same round, adjacent runs) and summarized by their median.

print-unread: ``newsboat -x print-unread`` against ``akhbar --headlines --offline`` on stores
filled by a cold reload of 200 and 2000 feeds (10k and 100k articles).

A non-target cell stops adding rounds once it has used ``--cell-budget`` seconds (default
100; 0 = never), so the slow newsboat cells (1000 feeds, print-unread at 100k) do not push
the full run far past 30-45 minutes (``--cases cold,warm --unread-feeds 200`` for a shorter
run that still measures every target). The table shows how many runs each figure has.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import feedgen  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
OUT = HERE / "out"

# (label, case, feeds, latency, kind, reference, limit)
# the targets of issue #15 (feeds over 50 loopback hosts, akhbar at its defaults)
TARGETS = [
    ("cold 200 feeds @ 100 ms", "cold", 200, 100, "ratio", "newsboat:8", 0.35),
    ("warm 200 feeds @ 100 ms", "warm", 200, 100, "ratio", "newsboat:8", 0.15),
    ("warm 1000 feeds @ 0 ms", "warm", 1000, 0, "ratio", "newsboat", 0.03),
    ("cold 1000 feeds @ 0 ms", "cold", 1000, 0, "ratio", "newsboat", 0.1),
    ("peak RSS (tree), cold 1000 feeds", "cold", 1000, None, "rss", None, 150),
]
TARGET_CELLS = {(t[1], t[2], t[3]) for t in TARGETS if t[3] is not None}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def warn(msg: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n!!! WARNING: {msg}\n{bar}\n", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- measuring

def _proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, rss pages), from /proc/*/stat."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                s = f.read()
        except OSError:
            continue
        rest = s[s.rfind(b")") + 2:].split()
        try:
            out[int(name)] = (int(rest[1]), int(rest[21]))
        except (IndexError, ValueError):
            continue
    return out


def descendants(root: int) -> list[int]:
    """root and all its descendants (a full /proc scan: ~2-5 ms)."""
    kids: dict[int, list[int]] = {}
    for pid, (ppid, _) in _proc_table().items():
        kids.setdefault(ppid, []).append(pid)
    out, stack = [], [root]
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(kids.get(p, ()))
    return out


def rss_of(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return total * PAGE


class TreeSampler:
    """Peak summed RSS of a process tree. The tree is rescanned on the first 10 ticks and
    then every 10th; in between only the known processes' statm is read (cheap, so the
    sampler takes little CPU from the program it measures)."""

    def __init__(self, root: int):
        self.root, self.tick, self.pids, self.peak = root, 0, [root], 0

    def sample(self) -> None:
        if self.tick < 10 or self.tick % 10 == 0:
            self.pids = descendants(self.root)
        self.tick += 1
        self.peak = max(self.peak, rss_of(self.pids))


def tree_rss(root: int) -> int:
    return rss_of(descendants(root))


@dataclass
class Sample:
    wall: float
    cpu: float
    maxrss_mb: float
    tree_rss_mb: float
    rc: int
    timed_out: bool = False
    stderr_tail: str = ""


def run_measured(argv: list[str], env: dict[str, str], cwd: Path, timeout: float,
                 stdout_path: Path | None = None, sample_ms: float = 50) -> Sample:
    err_path = cwd / f"stderr-{time.monotonic_ns()}.txt"
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    with open(err_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=err, start_new_session=True)
        ts = TreeSampler(p.pid)
        done = threading.Event()

        def sampler() -> None:
            while not done.is_set():
                try:
                    ts.sample()
                except OSError:
                    pass
                done.wait(sample_ms / 1000)

        timed_out = [False]

        def killer() -> None:
            timed_out[0] = True
            try:
                os.killpg(p.pid, signal.SIGKILL)  # our own child's process group only
            except ProcessLookupError:
                pass

        th = threading.Thread(target=sampler, daemon=True)
        th.start()
        timer = threading.Timer(timeout, killer)
        timer.daemon = True
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        except BaseException:  # Ctrl-C: do not leave the measured program running
            killer()
            p.wait()
            raise
        finally:
            timer.cancel()
            done.set()
        wall = time.perf_counter() - t0
        th.join()
        p.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out.close()
    tail = err_path.read_text(errors="replace")[-2000:]
    err_path.unlink()
    return Sample(wall=wall, cpu=ru.ru_utime + ru.ru_stime, maxrss_mb=ru.ru_maxrss / 1024,
                  tree_rss_mb=ts.peak / 2**20, rc=p.returncode, timed_out=timed_out[0],
                  stderr_tail=tail)


# --------------------------------------------------------------------------- the server

class Server:
    """bench/server.py in its own process (so its CPU and GIL stay out of the harness)."""

    def __init__(self, root: Path, max_seconds: float, hosts: int):
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "server.py"), str(root), "--max-seconds",
             str(max_seconds), "--hosts", str(hosts)], stdout=subprocess.PIPE, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://"):
            raise SystemExit(f"server did not start: {self.url!r}")
        self.hosts = max(hosts, 1)

    def feed_urls(self, n: int) -> list[str]:
        """Feed i on loopback address 127.0.0.(2 + i mod hosts), all on one port."""
        port = self.url.rsplit(":", 1)[1]
        if self.hosts == 1:
            return [f"{self.url}/{feedgen.feed_name(i)}" for i in range(1, n + 1)]
        return [f"http://127.0.0.{2 + i % self.hosts}:{port}/{feedgen.feed_name(i)}"
                for i in range(1, n + 1)]

    def ctl(self, cmd: str, **q: object) -> dict:
        qs = "&".join(f"{k}={v}" for k, v in q.items())
        with urllib.request.urlopen(f"{self.url}/_bench/{cmd}?{qs}", timeout=10) as r:
            return json.loads(r.read())

    def close(self) -> None:
        try:
            self.ctl("stop")
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # by our own Popen handle, i.e. by pid
            self.proc.wait()


# --------------------------------------------------------------------------- programs

@dataclass
class Program:
    name: str
    kind: str  # "newsboat" | "akhbar"
    argv: list[str] = field(default_factory=list)
    threads: int = 0
    settings: str = ""

    def prepare(self, wd: Path, urls: list[str]) -> None:
        for d in ("home", "xdg/config", "xdg/data", "xdg/cache", "data"):
            (wd / d).mkdir(parents=True, exist_ok=True)
        if self.kind == "newsboat":
            (wd / "urls").write_text("".join(u + "\n" for u in urls))
            (wd / "config").write_text(f"reload-threads {self.threads}\n")
        else:
            parts = ["[settings]\nrefresh_minutes = 15\n" + self.settings]
            for i, u in enumerate(urls, 1):
                parts.append(f'\n[[feeds]]\nurl = "{u}"\ntitle = "bench {i:04d}"\n')
            (wd / "feeds.toml").write_text("".join(parts))

    def env(self, wd: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AKHBAR_")}
        env.update(XDG_CONFIG_HOME=str(wd / "xdg/config"), XDG_DATA_HOME=str(wd / "xdg/data"),
                   XDG_CACHE_HOME=str(wd / "xdg/cache"))
        if self.kind == "newsboat":
            env["HOME"] = str(wd / "home")
        else:
            env["AKHBAR_DATA_DIR"] = str(wd / "data")
            # As installed (pip compiles bytecode): a shell that sets this would make
            # every run compile akhbar's 40 modules again, ~35 ms of CPU a run.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def reload_cmd(self, wd: Path) -> list[str]:
        if self.kind == "newsboat":
            return ["newsboat", "-u", str(wd / "urls"), "-c", str(wd / "cache.db"),
                    "-C", str(wd / "config"), "-x", "reload"]
        return [*self.argv, "--headlines", "--config", str(wd / "feeds.toml")]

    def unread_cmd(self, wd: Path) -> list[str]:
        if self.kind == "newsboat":
            return ["newsboat", "-u", str(wd / "urls"), "-c", str(wd / "cache.db"),
                    "-C", str(wd / "config"), "-x", "print-unread"]
        return [*self.argv, "--headlines", "--offline", "--config", str(wd / "feeds.toml")]


def resolve_cmd(cmd: str) -> list[str] | None:
    argv = shlex.split(cmd)
    exe = shutil.which(argv[0])
    if exe is None:
        return None
    if "/.pyenv/shims/" in exe:  # a bash shim adds ~30 ms per run; use the real file
        r = subprocess.run(["pyenv", "which", argv[0]], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            exe = r.stdout.strip()
    # runs happen in temp dirs: make relative file arguments (bench/standin.py) absolute
    rest = [str(Path(x).resolve()) if not x.startswith("-") and Path(x).exists()
            and prev != "-m" else x  # `python -m tui`: a module name, not a path
            for prev, x in zip(argv, argv[1:], strict=False)]
    return [exe, *rest]


def ensure_newsboat() -> str:
    if not shutil.which("newsboat"):
        log("newsboat not found: apt-get install -y newsboat")
        subprocess.run(["apt-get", "install", "-y", "newsboat"], check=False)
        if not shutil.which("newsboat"):
            subprocess.run(["apt-get", "update"], check=False)
            subprocess.run(["apt-get", "install", "-y", "newsboat"], check=True)
    r = subprocess.run(["newsboat", "--version"], capture_output=True, text=True)
    return r.stdout.splitlines()[0] if r.stdout else "newsboat ?"


# --------------------------------------------------------------------------- the bench

class Bench:
    def __init__(self, a: argparse.Namespace, programs: list[Program], server: Server,
                 work: Path):
        self.a, self.programs, self.server, self.work = a, programs, server, work
        self.rows: list[dict] = []
        self.warnings: list[str] = []
        self._n = 0

    def newdir(self, tag: str) -> Path:
        self._n += 1
        d = self.work / f"{self._n:04d}-{tag.replace(':', '')}"
        d.mkdir(parents=True)
        return d

    def measure(self, section: str, case: str, n: int, latency: float, rnd: int,
                prog: Program, wd: Path, expect: dict | None, unread: bool = False,
                expect_lines: int | None = None) -> dict:
        before = self.server.ctl("reset")
        del before
        argv = prog.unread_cmd(wd) if unread else prog.reload_cmd(wd)
        out_path = wd / "stdout.txt" if unread else None  # counted, then deleted
        s = run_measured(argv, prog.env(wd), wd, self.a.timeout, out_path, self.a.sample_ms)
        st = self.server.ctl("stats")
        row = dict(section=section, case=case, n=n, latency=latency, round=rnd,
                   program=prog.name, **asdict(s), s200=st["200"], s304=st["304"],
                   other=st["other"], max_inflight=st["max_inflight"], ok=True,
                   load1=os.getloadavg()[0])
        problems = []
        if s.timed_out:
            problems.append(f"timed out after {self.a.timeout:g} s")
        if s.rc != 0:
            problems.append(f"exit status {s.rc}; stderr: {s.stderr_tail.strip()[-400:]!r}")
        if expect is not None:
            got = {"200": st["200"], "304": st["304"], "other": st["other"]}
            want = {"other": 0, **{k: v for k, v in expect.items()}}
            if any(got[k] != want.get(k, 0) for k in got):
                problems.append(f"server counts {got}, expected {want}")
        if out_path is not None:
            text = out_path.read_text(errors="replace")
            if prog.kind == "newsboat":
                m = re.search(r"(\d+) unread articles", text)
                lines = int(m.group(1)) if m else -1
            else:
                lines = text.count("\n")
            row["printed"] = lines
            if expect_lines is not None and lines != expect_lines:
                problems.append(f"printed {lines} articles, expected {expect_lines}")
            out_path.unlink()
        if problems:
            row["ok"] = False
            msg = (f"{section} {case} N={n} {latency:g} ms round {rnd} {prog.name}: "
                   + "; ".join(problems))
            self.warnings.append(msg)
            warn(msg)
        self.rows.append(row)
        log(f"{section:7} {case:8} N={n:<5} {latency:>4g} ms r{rnd} {prog.name:11} "
            f"wall {s.wall:7.2f} s  cpu {s.cpu:6.2f} s  rss {s.maxrss_mb:5.0f}/"
            f"{s.tree_rss_mb:5.0f} MB  200={st['200']} 304={st['304']} other={st['other']} "
            f"inflight={st['max_inflight']}{'' if row['ok'] else '  <-- CHECK FAILED'}")
        return row

    def progs_for(self, n: int) -> list[Program]:
        return [p for p in self.programs
                if not (p.kind == "newsboat" and p.threads == 1 and n > self.a.nb1_max_n)]

    def rounds(self, case: str, n: int, latency: float, progs: list[Program], body) -> None:
        """Run ``body(rnd, prog)`` for each round, programs rotated per round."""
        t0 = time.monotonic()
        target = (case, n, latency) in TARGET_CELLS
        for rnd in range(self.a.runs):
            order = progs[rnd % len(progs):] + progs[:rnd % len(progs)]
            for prog in order:
                body(rnd, prog)
            used = time.monotonic() - t0
            if (not target and self.a.cell_budget and used > self.a.cell_budget
                    and rnd + 1 < self.a.runs):
                log(f"cell {case} N={n} {latency:g} ms: {used:.0f} s > --cell-budget, "
                    f"stopping after {rnd + 1} round(s)")
                break

    def reload_matrix(self, n: int, keep: bool) -> dict[str, Path]:
        a = self.a
        urls = self.server.feed_urls(n)
        progs = self.progs_for(n)
        cold_wd: dict[str, Path] = {}

        def cold(latency: float, measured: bool):
            def body(rnd: int, prog: Program) -> None:
                wd = self.newdir(f"cold-{n}-{prog.name}")
                prog.prepare(wd, urls)
                self.measure("reload" if measured else "setup", "cold", n, latency, rnd, prog,
                             wd, {"200": n})
                old = cold_wd.get(prog.name)
                if old:
                    shutil.rmtree(old, ignore_errors=True)
                cold_wd[prog.name] = wd
            return body

        self.server.ctl("set", variant=0)
        if "cold" in a.cases:
            for lat in a.latencies:
                self.server.ctl("set", latency_ms=lat)
                self.rounds("cold", n, lat, progs, cold(lat, True))
        elif {"warm", "changed"} & set(a.cases):
            self.server.ctl("set", latency_ms=0)
            for prog in progs:
                cold(0, False)(0, prog)
        if not {"warm", "changed"} & set(a.cases) and not keep:
            for wd in cold_wd.values():
                shutil.rmtree(wd, ignore_errors=True)
            return {}
        # prime: the second download, after which newsboat sends conditional GETs.
        # newsboat 2.21 stores ETags only on its second download (all 200 here); akhbar
        # must already send conditional GETs (all 304), else it is flagged.
        self.server.ctl("set", latency_ms=0)
        for prog in progs:
            expect = {"200": n} if prog.kind == "newsboat" else {"304": n}
            self.measure("setup", "prime", n, 0, 0, prog, cold_wd[prog.name], expect)
        snap = cold_wd

        def copy_run(case: str, latency: float, expect: dict):
            def body(rnd: int, prog: Program) -> None:
                wd = self.newdir(f"{case}-{n}-{prog.name}")
                shutil.copytree(snap[prog.name], wd, dirs_exist_ok=True, symlinks=True)
                self.measure("reload", case, n, latency, rnd, prog, wd, expect)
                shutil.rmtree(wd, ignore_errors=True)
            return body

        if "warm" in a.cases:
            for lat in a.latencies:
                self.server.ctl("set", latency_ms=lat)
                self.rounds("warm", n, lat, progs, copy_run("warm", lat, {"304": n}))
        if "changed" in a.cases:
            self.server.ctl("set", variant=1)
            for lat in a.latencies:
                self.server.ctl("set", latency_ms=lat)
                self.rounds("changed", n, lat, progs, copy_run("changed", lat, {"200": n}))
            self.server.ctl("set", variant=0)
        if not keep:
            for wd in snap.values():
                shutil.rmtree(wd, ignore_errors=True)
            return {}
        return snap

    def print_unread(self, feeds: int, stores: dict[str, Path] | None) -> None:
        a = self.a
        nbs = sorted((p for p in self.programs if p.kind == "newsboat"), key=lambda p: p.threads)
        # newsboat with its highest thread count (only the fill depends on it)
        progs = [p for p in self.programs if p.kind == "akhbar"] + nbs[-1:]
        articles = feeds * a.items
        if not stores or any(p.name not in stores for p in progs):
            stores = {}
            urls = self.server.feed_urls(feeds)
            self.server.ctl("set", variant=0, latency_ms=0)
            for prog in progs:
                wd = self.newdir(f"fill-{feeds}-{prog.name}")
                prog.prepare(wd, urls)
                self.measure("setup", "fill", feeds, 0, 0, prog, wd, {"200": feeds})
                stores[prog.name] = wd

        def body(rnd: int, prog: Program) -> None:
            label = f"{articles // 1000}k" if articles % 1000 == 0 else str(articles)
            self.measure("unread", label, feeds, 0, rnd, prog,
                         stores[prog.name], None, unread=True, expect_lines=articles)

        self.rounds("unread", feeds, 0, progs, body)
        for wd in stores.values():
            shutil.rmtree(wd, ignore_errors=True)


# --------------------------------------------------------------------------- report

def fmt(xs: list[float], nd: int = 2) -> str:
    if not xs:
        return "—"
    med = statistics.median(xs)
    if len(xs) == 1:
        return f"{med:.{nd}f} ×1"
    return f"{med:.{nd}f} ({min(xs):.{nd}f}–{max(xs):.{nd}f}) ×{len(xs)}"


def pair_ratios(rows: list[dict], num: str, den: str) -> list[float]:
    by = {}
    for r in rows:
        by.setdefault(r["round"], {})[r["program"]] = r["wall"]
    return [d[num] / d[den] for d in by.values() if num in d and den in d and d[den] > 0]


def cells(rows: list[dict], section: str) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = {}
    for r in rows:
        if r["section"] == section:
            out.setdefault((r["case"], r["n"], r["latency"]), []).append(r)
    return out


def report(bench: Bench, meta: dict) -> str:
    rows = bench.rows
    nb_names = [p.name for p in bench.programs if p.kind == "newsboat"]
    have_ak = any(p.kind == "akhbar" for p in bench.programs)
    L = [f"## akhbar vs newsboat — {meta['date']}", "",
         f"Command: `{meta['command']}`  ", f"Machine: {meta['machine']}  ",
         f"Reference: {meta['newsboat']}; akhbar command: `{meta['akhbar']}`  ",
         f"Feeds: {meta['feeds']}", ""]
    if "standin.py" in meta["akhbar"]:
        L += ["**The akhbar slot ran the VALIDATION STAND-IN (bench/standin.py), not akhbar: "
              "its figures and PASS/MISS say nothing about akhbar.**", ""]
    L += [
         "Wall and CPU in seconds, median (min–max) ×runs; RSS in MB, median of the runs: "
         "largest single process (`ru_maxrss`) / whole process tree (sampled sum). "
         "Ratios: akhbar wall / newsboat wall within the same round, median (min–max). "
         "`✓` = every run's server counts matched the case.", "",
         "### Reload", "",
         "| case | feeds | latency | program | wall s | CPU s | RSS MB proc / tree "
         "| in flight | checked |" + "".join(f" akhbar/{n} |" for n in nb_names),
         "|---|---:|---:|---|---:|---:|---:|---:|:-:|" + "---:|" * len(nb_names)]
    order = {"cold": 0, "warm": 1, "changed": 2}
    reload_cells = cells(rows, "reload")
    for key in sorted(reload_cells, key=lambda k: (k[1], order.get(k[0], 9), k[2])):
        case, n, lat = key
        cr = reload_cells[key]
        for prog in dict.fromkeys(r["program"] for r in cr):
            pr = [r for r in cr if r["program"] == prog]
            ratios = []
            for nb in nb_names:
                rs = pair_ratios(cr, "akhbar", nb) if prog == "akhbar" else []
                ratios.append(fmt(rs, 3) if rs else "")
            L.append(
                f"| {case} | {n} | {lat:g} ms | {prog} | {fmt([r['wall'] for r in pr])} | "
                f"{statistics.median(r['cpu'] for r in pr):.2f} | "
                f"{statistics.median(r['maxrss_mb'] for r in pr):.0f} / "
                f"{statistics.median(r['tree_rss_mb'] for r in pr):.0f} | "
                f"{max(r['max_inflight'] for r in pr)} | "
                f"{'✓' if all(r['ok'] for r in pr) else '**✗**'} |"
                + "".join(f" {x} |" for x in ratios))
    # targets
    L += ["", "### Targets (ratios from the same run)", "",
          "| target | measured | limit | verdict |", "|---|---:|---:|:-:|"]
    for label, case, n, lat, kind, ref, limit in TARGETS:
        measured, verdict = "not run", "—"
        if kind == "ratio":
            cr = reload_cells.get((case, n, lat), [])
            refs = [ref] if ref != "newsboat" else nb_names
            meds = {r: statistics.median(x) for r in refs
                    if (x := pair_ratios(cr, "akhbar", r))}
            if meds and have_ak:
                worst = max(meds, key=meds.get)
                measured = f"{meds[worst]:.3f}× {worst}"
                verdict = "PASS" if meds[worst] <= limit else "MISS"
                if not all(r["ok"] for r in cr):
                    verdict += " (counts ✗)"
            L.append(f"| {label} | {measured} | ≤ {limit}× | {verdict} |")
        else:
            ak = [r for (c, nn, _), rs in reload_cells.items() if c == case and nn == n
                  for r in rs if r["program"] == "akhbar"]
            if ak:
                peak = max(max(r["tree_rss_mb"], r["maxrss_mb"]) for r in ak)
                measured = f"{peak:.0f} MB"
                verdict = "PASS" if peak <= limit else "MISS"
            L.append(f"| {label} | {measured} | ≤ {limit} MB | {verdict} |")
    # print-unread
    un = cells(rows, "unread")
    if un:
        L += ["", "### print-unread (`newsboat -x print-unread` vs `akhbar --headlines "
              "--offline`)", "",
              "| store | feeds | program | wall s | CPU s | RSS MB proc / tree | printed "
              "| akhbar/newsboat |", "|---|---:|---|---:|---:|---:|---:|---:|"]
        for key in sorted(un, key=lambda k: k[1]):
            case, n, _ = key
            cr = un[key]
            nb = next((r["program"] for r in cr if r["program"].startswith("newsboat")), None)
            for prog in dict.fromkeys(r["program"] for r in cr):
                pr = [r for r in cr if r["program"] == prog]
                rs = pair_ratios(cr, "akhbar", nb) if prog == "akhbar" and nb else []
                L.append(
                    f"| {case} articles | {n} | {prog} | {fmt([r['wall'] for r in pr])} | "
                    f"{statistics.median(r['cpu'] for r in pr):.2f} | "
                    f"{statistics.median(r['maxrss_mb'] for r in pr):.0f} / "
                    f"{statistics.median(r['tree_rss_mb'] for r in pr):.0f} | "
                    f"{pr[0].get('printed', '?')}{'' if all(r['ok'] for r in pr) else ' ✗'} | "
                    f"{fmt(rs, 4) if rs else ''} |")
    setup = [r for r in rows if r["section"] == "setup"]
    if setup:
        L += ["", "Setup runs (not in the table): " + "; ".join(
            f"{r['case']} N={r['n']} {r['program']} {r['wall']:.1f} s "
            f"(200={r['s200']} 304={r['s304']})" for r in setup)]
    loads = [r["load1"] for r in rows if "load1" in r]
    if loads:
        L += ["", f"1-minute load average after each run: median {statistics.median(loads):.2f}, "
              f"max {max(loads):.2f} (2 cores: above ~1.5 other jobs competed with the runs)."]
    if bench.warnings:
        L += ["", "### WARNINGS", ""] + [f"* {w}" for w in bench.warnings]
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: reload 50 feeds, print-unread 200 feeds, 1 run")
    ap.add_argument("--akhbar-cmd", default="akhbar",
                    help="command for akhbar (default: akhbar); e.g. 'python -m tui'")
    ap.add_argument("--akhbar-settings", default="",
                    help="lines added to akhbar's [settings], ';'-separated (default: none, "
                         "akhbar runs at its defaults, as users run it)")
    ap.add_argument("--hosts", type=int, default=50,
                    help="loopback addresses the feeds are spread over, 127.0.0.2 … on one "
                         "port, as a real feed list spreads over many sites (default 50; "
                         "1: every feed on 127.0.0.1)")
    ap.add_argument("--no-akhbar", action="store_true", help="newsboat only")
    ap.add_argument("--ns", type=lambda s: [int(x) for x in s.split(",")], default=None,
                    help="feed counts for reload (default 200,1000)")
    ap.add_argument("--latencies", type=lambda s: [float(x) for x in s.split(",")],
                    default=[0.0, 100.0], help="server latency in ms (default 0,100)")
    ap.add_argument("--cases", type=lambda s: s.split(","), default=["cold", "warm", "changed"])
    ap.add_argument("--nb-threads", type=lambda s: [int(x) for x in s.split(",") if x],
                    default=[1, 8], help="newsboat reload-threads values (default 1,8; '' "
                    "runs no newsboat: akhbar's own figures, RSS included, in a minute)")
    ap.add_argument("--nb1-max-n", type=int, default=200,
                    help="run newsboat with 1 thread only up to this many feeds (default 200)")
    ap.add_argument("--unread-feeds", type=lambda s: [int(x) for x in s.split(",") if x],
                    default=None, help="print-unread store sizes in feeds (default 200,2000; "
                    "'' for none)")
    ap.add_argument("--runs", type=int, default=None, help="rounds per cell (default 3)")
    ap.add_argument("--cell-budget", type=float, default=100,
                    help="s; a non-target cell stops adding rounds past this (0 = never)")
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=900, help="per run, s")
    ap.add_argument("--sample-ms", type=float, default=50, help="tree RSS sampling period")
    ap.add_argument("--work", type=Path, default=OUT / "work", help="temp dirs go here")
    ap.add_argument("--keep-work", action="store_true")
    ap.add_argument("--server-max-seconds", type=float, default=3 * 3600)
    a = ap.parse_args(argv)
    if a.quick:
        a.ns = a.ns or [50]
        a.unread_feeds = [200] if a.unread_feeds is None else a.unread_feeds
        a.runs = a.runs or 1
    a.ns = a.ns or [200, 1000]
    a.unread_feeds = [200, 2000] if a.unread_feeds is None else a.unread_feeds
    a.runs = a.runs or 3
    started = time.monotonic()

    nb_version = ensure_newsboat() if a.nb_threads else "(not run)"
    programs = [Program(f"newsboat:{t}", "newsboat", threads=t) for t in a.nb_threads]
    akhbar_desc = "(not run)"
    if not a.no_akhbar:
        ak = resolve_cmd(a.akhbar_cmd)
        if ak is None:
            warn(f"akhbar command {a.akhbar_cmd!r} not found: running newsboat only "
                 "(use --akhbar-cmd, e.g. 'python -m tui' or 'python bench/standin.py')")
        else:
            programs.append(Program("akhbar", "akhbar", argv=ak,
                                    settings=a.akhbar_settings.replace(";", "\n") + "\n"))
            akhbar_desc = shlex.join(ak)

    need = max(a.ns + a.unread_feeds)
    need_changed = max(a.ns) if "changed" in a.cases else 0
    t = time.monotonic()
    root = feedgen.ensure_feeds(need, a.items, a.seed, variants=(0,))
    if need_changed:
        feedgen.ensure_feeds(need_changed, a.items, a.seed, variants=(1,))
    log(f"feeds ready in {root} ({time.monotonic() - t:.1f} s)")

    a.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=a.work))
    server = Server(root, a.server_max_seconds, 0 if a.hosts <= 1 else a.hosts)
    log(f"server {server.url}; work dir {work}")
    bench = Bench(a, programs, server, work)
    meta = dict(
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        command="python bench/compare.py " + shlex.join(sys.argv[1:] if argv is None else argv),
        machine=f"{os.cpu_count()} CPUs, {platform.platform()}, Python "
                f"{platform.python_version()}, load avg {os.getloadavg()[0]:.2f} at start",
        newsboat=nb_version, akhbar=akhbar_desc,
        feeds=f"bench/feedgen.py seed {a.seed}, {a.items} items/feed, "
              f"{(root / 'v0' / 'f0001.xml').stat().st_size // 1000} KB for f0001; "
              f"served by bench/server.py (ETag/Last-Modified, 304) on "
              f"{server.hosts} loopback address(es)")
    try:
        stores: dict[int, dict[str, Path]] = {}
        for n in a.ns:
            keep = n in a.unread_feeds
            s = bench.reload_matrix(n, keep)
            if keep and s:
                stores[n] = s
        for f in a.unread_feeds:
            bench.print_unread(f, stores.pop(f, None))
    except KeyboardInterrupt:
        warn("interrupted: reporting what was measured")
    except Exception as exc:  # report what was measured, then the error
        import traceback

        traceback.print_exc()
        warn(f"harness error {exc!r}: reporting what was measured")
        bench.warnings.append(f"harness error: {exc!r}")
    finally:
        server.close()
        if not a.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    meta["elapsed"] = f"{time.monotonic() - started:.0f} s"
    md = report(bench, meta) + f"\nTotal time: {meta['elapsed']}.\n"
    res = OUT / "results"
    res.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (res / f"compare-{stamp}.md").write_text(md)
    (res / f"compare-{stamp}.json").write_text(json.dumps(
        {"meta": meta, "rows": bench.rows, "warnings": bench.warnings}, indent=1))
    print(md)
    log(f"written {res / f'compare-{stamp}.md'} and .json")
    return 1 if bench.warnings else 0


if __name__ == "__main__":
    raise SystemExit(main())
