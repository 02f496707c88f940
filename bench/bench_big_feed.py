"""One feed of 200,000 items: what each headless command costs on that store (issue 19.6).

    python bench/bench_big_feed.py [--items 200000] [--keep DIR] [--only NAME ...]

Serves one generated RSS feed of ``--items`` items (Arabic titles, a one-sentence
summary, unique guids, dates spread over the last 30 days) on 127.0.0.1 *without*
ETag or Last-Modified, so the second refresh downloads the same bytes again (the
"unchanged body" case). Then runs, each as its own ``python -m tui`` process, and
prints wall time and peak RSS (ru_maxrss of the child):

    cold refresh     --headlines                    (first download, parse, store)
    unchanged        --headlines                    (same bytes again: must cost ~nothing
                                                     beyond the download and the output)
    headlines        --headlines --offline
    digest           --digest --offline
    search           --search WORD --offline --headlines
    stories          --digest --by story --offline  (story grouping, issue 18)

Budgets (issue 19.6): each ≤ 2 s on that store, except stories (issue 18: ≤ 10 s,
≤ 300 MB). No assertion: figures only.
"""

from __future__ import annotations

import argparse
import http.server
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import feedgen  # noqa: E402


def big_feed(items: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
             "<title>Big</title><link>https://big.example/</link>"]
    for i in range(items):
        when = now - timedelta(seconds=rng.randint(60, 30 * 86400))
        parts.append(f"<item><title>{escape(feedgen._title(rng))}</title>"
                     f"<link>https://big.example/a/{i}</link><guid>big-{i}</guid>"
                     f"<pubDate>{format_datetime(when)}</pubDate>"
                     f"<description>{escape(feedgen._sentence(rng))}</description></item>\n")
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def serve_plain(body: bytes, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A server with no validators: every GET is a 200 with the same bytes."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/big.xml"


def run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, int, int]:
    """Wall and CPU seconds, peak RSS in MB, exit status and bytes printed of one command
    (CPU: user + sys of the process; parse workers it waited for included)."""
    # GNU time reports the child's own peak (ru_maxrss of a child forked from this
    # process would count this process's memory, the feed included).
    rss_file = Path(tempfile.mktemp(prefix="akhbar-rss-"))
    timer = ["/usr/bin/time", "-f", "%M", "-o", str(rss_file)] if Path("/usr/bin/time").exists() \
        else []
    start = time.perf_counter()
    proc = subprocess.Popen([*timer, sys.executable, "-m", "tui", *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out_bytes = 0
    assert proc.stdout is not None
    while chunk := proc.stdout.read(1 << 16):
        out_bytes += len(chunk)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    cpu = usage.ru_utime + usage.ru_stime
    rss_kb = usage.ru_maxrss
    if timer:
        rss_kb = int(rss_file.read_text().split()[-1])
        rss_file.unlink()
    return wall, cpu, rss_kb / 1024, os.waitstatus_to_exitcode(status), out_bytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=200_000)
    ap.add_argument("--repo", type=Path, default=ROOT, help="source tree to run (default: this)")
    ap.add_argument("--keep", type=Path, help="keep the home (store) in this directory")
    ap.add_argument("--only", nargs="*", help="run only these steps (cold always runs "
                    "unless the kept store exists)")
    a = ap.parse_args(argv)
    home = a.keep or Path(tempfile.mkdtemp(prefix="akhbar-big-"))
    home.mkdir(parents=True, exist_ok=True)
    # A kept store is served the body it was filled from: its dates are relative to the
    # day it was made, and a new body would make "unchanged" a 200,000-item update.
    kept_body = home / f"big-{a.items}.xml"
    body = kept_body.read_bytes() if kept_body.exists() else big_feed(a.items)
    if a.keep:
        kept_body.write_bytes(body)
    port_file = home / "port"  # a kept store knows its feed by URL: serve on the same port
    srv, url = serve_plain(body, int(port_file.read_text()) if port_file.exists() else 0)
    port_file.write_text(str(srv.server_address[1]))
    config = home / "feeds.toml"
    config.write_text(f'[settings]\nmax_feed_mb = {len(body) // 2**20 + 10}\n'
                      f'timeout_seconds = 120\n\n[[feeds]]\nurl = "{url}"\ntitle = "Big"\n')
    env = {**os.environ, "PYTHONPATH": str(a.repo.resolve()), "AKHBAR_DATA_DIR": str(home),
           "XDG_CONFIG_HOME": str(home / "xdg"), "XDG_DATA_HOME": str(home / "xdg"),
           "AKHBAR_BIDI": "off"}
    common = ["--config", str(config)]
    word = "الحكومة"
    steps = [
        ("cold refresh", ["--headlines"]),
        ("unchanged", ["--headlines"]),
        ("headlines", ["--headlines", "--offline"]),
        ("digest", ["--digest", "--offline"]),
        ("search", ["--search", word, "--offline", "--headlines"]),
        ("search digest", ["--search", word, "--offline", "--digest"]),
        ("stories", ["--digest", "--by", "story", "--offline"]),
    ]
    if a.keep and (home / "akhbar.db").exists():
        steps = steps[1:]
    print(f"feed: {a.items} items, {len(body) / 2**20:.1f} MB; repo {a.repo}; home {home}")
    print(f"{'step':<14} {'wall s':>8} {'CPU s':>8} {'RSS MB':>8} {'exit':>5} {'out MB':>8}")
    try:
        for name, args in steps:
            if a.only and name not in a.only and name != "cold refresh":
                continue
            wall, cpu, rss, code, out = run([*args, *common], env, a.repo)
            print(f"{name:<14} {wall:8.2f} {cpu:8.2f} {rss:8.0f} {code:5d} {out / 2**20:8.2f}",
                  flush=True)
    finally:
        srv.shutdown()
        if not a.keep:
            shutil.rmtree(home, ignore_errors=True)
    print(f"command: python bench/bench_big_feed.py --items {a.items}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
