"""VALIDATION STAND-IN — NOT AKHBAR. Used only to check the benchmark harness end to end.

It mimics the command-line surface the harness drives, so compare.py can be exercised
before akhbar exists::

    python bench/standin.py --headlines --config FEEDS.TOML [--offline]

It reads ``[[feeds]] url`` from the TOML file, keeps a tiny SQLite store in
``$AKHBAR_DATA_DIR`` (else ``$XDG_DATA_HOME/akhbar-standin``), fetches all feeds with
urllib in 32 threads using conditional GET (ETag / Last-Modified), extracts guid, title,
link and date with ElementTree, and prints ``time<TAB>feed<TAB>title<TAB>link`` lines,
newest first. No sanitizing, no FTS, no error handling worth the name. Its figures say
nothing about akhbar; do not report them as akhbar's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import os
import sqlite3
import sys
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path


def fetch(url: str, etag: str | None, lm: str | None) -> tuple[str, int, bytes, str, str]:
    headers = {"User-Agent": "akhbar-bench-standin"}
    if etag:
        headers["If-None-Match"] = etag
    if lm:
        headers["If-Modified-Since"] = lm
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
            return url, r.status, r.read(), r.headers.get("ETag", ""), r.headers.get(
                "Last-Modified", "")
    except urllib.error.HTTPError as e:
        return url, e.code, b"", etag or "", lm or ""


def parse(body: bytes) -> tuple[str, list[tuple[str, str, str, str]]]:
    root = ET.fromstring(body)
    ch = root.find("channel")
    title = ch.findtext("title", "") if ch is not None else ""
    out = []
    for it in root.iter("item"):
        date = it.findtext("pubDate")
        iso = ""
        if date:
            try:
                iso = email.utils.parsedate_to_datetime(date).astimezone(dt.UTC).strftime(
                    "%Y-%m-%dT%H:%M:%SZ")
            except (TypeError, ValueError):
                pass
        link = it.findtext("link", "")
        out.append((it.findtext("guid") or link, it.findtext("title", ""), link, iso))
    return title, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="validation stand-in for akhbar (not akhbar)")
    ap.add_argument("--headlines", action="store_true", required=True)
    ap.add_argument("--offline", action="store_true")
    ap.add_argument("--config", type=Path, required=True)
    a = ap.parse_args(argv)
    feeds = [f["url"] for f in tomllib.loads(a.config.read_text()).get("feeds", [])]
    data = Path(os.environ.get("AKHBAR_DATA_DIR") or Path(
        os.environ.get("XDG_DATA_HOME", "~/.local/share")).expanduser() / "akhbar-standin")
    data.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(data / "standin.db")
    db.executescript("""
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE TABLE IF NOT EXISTS feed(url TEXT PRIMARY KEY, title TEXT, etag TEXT, lm TEXT);
        CREATE TABLE IF NOT EXISTS article(feed TEXT, guid TEXT, title TEXT, link TEXT,
            published TEXT, PRIMARY KEY(feed, guid));
    """)
    if not a.offline:
        known = {r[0]: r[1:] for r in db.execute("SELECT url, etag, lm FROM feed")}
        with ThreadPoolExecutor(32) as pool:
            futs = [pool.submit(fetch, u, *known.get(u, (None, None))) for u in feeds]
            for fut in as_completed(futs):
                url, status, body, etag, lm = fut.result()
                if status != 200:
                    if status != 304:
                        print(f"{url}: HTTP {status}", file=sys.stderr)
                    continue
                title, items = parse(body)
                with db:
                    db.execute("INSERT OR REPLACE INTO feed VALUES (?,?,?,?)",
                               (url, title, etag, lm))
                    db.executemany("INSERT OR REPLACE INTO article VALUES (?,?,?,?,?)",
                                   [(url, *it) for it in items])
    rows = db.execute("SELECT a.published, f.title, a.title, a.link FROM article a "
                      "JOIN feed f ON f.url = a.feed ORDER BY a.published DESC")
    w = sys.stdout.write
    for row in rows:
        w("\t".join(" ".join(str(x).split()) for x in row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
