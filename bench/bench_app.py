"""The reader's start-up and key latency under tmux, with 100,000 stored articles.

    python bench/bench_app.py                 # 100,000 articles, 5 start-ups, 20 key presses
    python bench/bench_app.py --articles 20000 --runs 3 --presses 10

1. First screen: a private tmux server (120x40) runs `python -m tui`; `capture-pane -p`
   is polled every 10 ms until the status line shows "100000 articles" (drawn in the same
   frame as the first headlines). Reported: time from just before `new-session`, and the
   app's peak RSS (VmHWM) two seconds later.
2. Key latency: the same app, its 200 feeds served by a local server that waits 100 ms
   before every response, so the start-up refresh runs for seconds. While the status line
   says "refreshing", `j`/`k` are sent with `tmux send-keys` and `capture-pane -e` is
   polled until the headline pane changes (the cursor row moved). Reported: median and max.

Targets (issue 4): first screen <= 1 s, RSS <= 200 MB, key latency <= 100 ms.
Everything runs on 127.0.0.1; every server and tmux server started here is stopped here.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.models import ParsedArticle  # noqa: E402
from tui.store import Store  # noqa: E402

WORDS = ("وزير الخارجية يصل إلى أنقرة في زيارة تستمر يومين ارتفاع أسعار القمح في الأسواق "
         "العالمية افتتاح أكبر محطة للطاقة الشمسية في المنطقة مجلس الأمن يبحث الأزمة").split()
FEEDS = 200


def sentence(seed: int, n: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n))


def feed_url(port: int, i: int) -> str:
    return f"http://127.0.0.1:{port}/feed{i}.xml"


def write_config(path: Path, port: int) -> None:
    lines = ["[settings]", "refresh_minutes = 600"]
    for i in range(FEEDS):
        lines += ["[[feeds]]", f'url = "{feed_url(port, i)}"', f'title = "مصدر {i}"',
                  f'tags = ["{"عربي" if i % 2 else "world"}"]']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fill_store(path: Path, articles: int, port: int) -> None:
    from tui import config as config_mod

    cfg = path.parent / "fill.toml"
    write_config(cfg, port)
    config = config_mod.load(cfg)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    per_feed = articles // FEEDS
    with Store(path) as store:
        store.sync_feeds(config.feeds)
        for f in range(FEEDS):
            store.upsert_articles(config.feeds[f].url, [
                ParsedArticle(guid=f"old-{f}-{i}", link=f"https://e.example/{f}/{i}",
                              title=sentence(f * per_feed + i, 9),
                              published=base + timedelta(minutes=(i * FEEDS + f)),
                              summary=sentence(i, 20),
                              content="<p>" + sentence(i, 60) + "</p>")
                for i in range(per_feed)])


def rss(i: int) -> bytes:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    items = "".join(
        f"<item><title>{sentence(i * 50 + j, 9)}</title><link>https://n.example/{i}/{j}</link>"
        f"<guid>new-{i}-{j}</guid><pubDate>{format_datetime(now - timedelta(minutes=j))}"
        f"</pubDate><description>{sentence(j, 30)}</description></item>"
        for j in range(50))
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>مصدر {i}</title><link>https://n.example/</link>{items}</channel></rss>"
            ).encode()


class SlowServer:
    """200 RSS feeds on 127.0.0.1, each answered after `latency` seconds."""

    def __init__(self, latency: float) -> None:
        bodies = {f"/feed{i}.xml": rss(i) for i in range(FEEDS)}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                time.sleep(latency)
                body = bodies.get(self.path.split("?")[0])
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Tmux:
    def __init__(self, name: str) -> None:
        self.base = ["tmux", "-L", name, "-f", "/dev/null"]

    def run(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run([*self.base, *args], capture_output=True, text=True, **kw)

    def start(self, cmd: str, env: dict[str, str]) -> None:
        env_args = [x for k, v in env.items() for x in ("-e", f"{k}={v}")]
        subprocess.run([*self.base, "new-session", "-d", "-x", "120", "-y", "40", "-s", "b",
                        *env_args, cmd], check=True, stdin=subprocess.DEVNULL)

    def screen(self, escapes: bool = False) -> str:
        return self.run("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "b").stdout

    def pane_pid(self) -> int | None:
        out = self.run("display-message", "-p", "-t", "b", "#{pane_pid}").stdout.strip()
        return int(out) if out.isdigit() else None

    def kill(self) -> None:
        self.run("kill-server")


def vm_hwm(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def app_cmd(config: Path) -> str:
    return f"cd {shlex.quote(str(ROOT))} && exec {shlex.quote(sys.executable)} -m tui " \
           f"--config {shlex.quote(str(config))}"


def wait_for(tmux: Tmux, text: str, timeout: float) -> float | None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if text in tmux.screen():
            return time.perf_counter()
        time.sleep(0.01)
    return None


def first_screen(config: Path, env: dict[str, str], marker: str, run: int) -> tuple:
    tmux = Tmux(f"akhbar-bench-app-{os.getpid()}-{run}")
    try:
        t0 = time.perf_counter()
        tmux.start(app_cmd(config), env)
        seen = wait_for(tmux, marker, 10)
        if seen is None:
            print(tmux.screen(), file=sys.stderr)
            return None, 0
        time.sleep(2)
        pid = tmux.pane_pid()
        return seen - t0, vm_hwm(pid) if pid else 0
    finally:
        tmux.kill()


def headline_pane(screen: str) -> list[str]:
    return [line for line in screen.splitlines()[:14]]


def key_latency(config: Path, env: dict[str, str], marker: str, presses: int) -> list[float]:
    tmux = Tmux(f"akhbar-bench-keys-{os.getpid()}")
    samples = []
    try:
        tmux.start(app_cmd(config), env)
        if wait_for(tmux, marker, 10) is None or wait_for(tmux, "refreshing", 10) is None:
            print(tmux.screen(), file=sys.stderr)
            return []
        for n in range(presses):
            if "refreshing" not in tmux.screen():
                print(f"(the refresh ended after {n} presses)", file=sys.stderr)
                break
            before = headline_pane(tmux.screen(escapes=True))
            t0 = time.perf_counter()
            tmux.run("send-keys", "-t", "b", "j" if n % 2 == 0 else "k")
            while time.perf_counter() - t0 < 2:
                if headline_pane(tmux.screen(escapes=True)) != before:
                    samples.append(time.perf_counter() - t0)
                    break
                time.sleep(0.002)
            time.sleep(0.05)
    finally:
        tmux.kill()
    return samples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--latency-ms", type=float, default=100)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-app-") as tmp:
        tmp_path = Path(tmp)
        env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path),
               "AKHBAR_DATA_DIR": str(tmp_path / "data")}
        store = tmp_path / "data" / "akhbar.db"
        store.parent.mkdir()
        marker = f"{a.articles // FEEDS * FEEDS} articles"
        t = time.perf_counter()
        fill_store(store, a.articles, 9)
        print(f"filled the store with {a.articles} articles in {time.perf_counter() - t:.1f} s")

        # 1. First screen; the feeds point at a closed port, so the background refresh
        #    fails fast and the network plays no part.
        dead = tmp_path / "dead.toml"
        write_config(dead, 9)
        times, rss = [], []
        for run in range(a.runs):
            took, hwm = first_screen(dead, env, marker, run)
            if took is not None:
                times.append(took)
                rss.append(hwm)
        if times:
            median = statistics.median(times) * 1000
            print(f"first screen with {a.articles} articles: median {median:.0f} ms "
                  f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, "
                  f"{len(times)} runs); peak RSS {max(rss) / 2**20:.0f} MB")

        # Calibration on this machine, now: a minimal Textual app, measured the same way.
        minimal = tmp_path / "minimal.py"
        minimal.write_text("from textual.app import App\nfrom textual.widgets import Static\n"
                           "class M(App):\n    def compose(self):\n"
                           f"        yield Static({marker!r})\nM().run()\n")
        base = []
        for run in range(a.runs):
            tmux = Tmux(f"akhbar-bench-min-{os.getpid()}-{run}")
            try:
                t0 = time.perf_counter()
                tmux.start(f"exec {shlex.quote(sys.executable)} {shlex.quote(str(minimal))}", {})
                seen = wait_for(tmux, marker, 10)
                if seen is not None:
                    base.append(seen - t0)
            finally:
                tmux.kill()
        if base and times:
            print(f"a minimal Textual app, same harness: median "
                  f"{statistics.median(base) * 1000:.0f} ms (akhbar is "
                  f"{statistics.median(times) / statistics.median(base):.1f}x that); "
                  f"load average now {os.getloadavg()[0]:.1f}")

        # 2. Keys during a 200-feed refresh at 100 ms per response.
        server = SlowServer(a.latency_ms / 1000)
        try:
            live = tmp_path / "live.toml"
            write_config(live, server.port)
            samples = key_latency(live, env, marker, a.presses)
        finally:
            server.stop()
        if samples:
            print(f"key latency (j/k) during a {FEEDS}-feed refresh at {a.latency_ms:.0f} ms: "
                  f"median {statistics.median(samples) * 1000:.0f} ms, max "
                  f"{max(samples) * 1000:.0f} ms ({len(samples)} presses)")
    print("command: python bench/bench_app.py " + " ".join(argv or sys.argv[1:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
