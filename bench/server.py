"""A benchmark feed server on loopback: strong ETag, Last-Modified, 304s, latency, counters.

* Listens on 127.0.0.1, or with ``hosts=N`` on N loopback addresses 127.0.0.2 …
  127.0.0.(N+1) on one port (Linux routes all of 127.0.0.0/8 to ``lo``), so that a client
  sees N hosts, as with a real subscription list spread over many sites. Every address
  serves the same files and shares the counters.

* Serves one or more *variants* of the same paths (variant 0 = the cold feeds, 1 = the
  same feeds with changed bodies); the variant can be switched at runtime. Each variant's
  files get their own ETag (a hash of the bytes) and Last-Modified (later for higher variants).
* ``If-None-Match`` that matches → 304; without ``If-None-Match``, ``If-Modified-Since`` not
  older than Last-Modified → 304 (RFC 9110 §13.2.2).
* ``latency_ms`` is slept before every feed response, 200, 304 and 404 alike.
* Counts responses by status (and the peak number of requests in flight).
* Threaded (one daemon thread per connection, listen backlog 1024, HTTP/1.1 keep-alive).
* Stops by itself after ``max_seconds`` (default 1800): a benchmark server never runs forever.

In-process::

    from server import serve
    with serve({"f0001.xml": b"..."}, latency_ms=100) as base_url:
        ...                                  # GET f"{base_url}/f0001.xml"
        base_url.server.stats()              # {"200": 1, "304": 0, ...}
        base_url.server.set_variant(1)

``files`` is a dict {path: bytes}, a directory, or {variant: dict-or-directory}. A directory
containing subdirectories ``v0``, ``v1`` … is read as one variant per subdirectory.

CLI (prints the base URL as its first line of stdout)::

    python bench/server.py DIR [--latency-ms 100] [--port 0] [--hosts 50] [--max-seconds 1800]

With ``--hosts N`` the other addresses' URLs are ``host_url(i)`` (CLI: the base URL printed
is that of 127.0.0.2; replace the address for the others).

Control endpoints (not counted, no latency): ``GET /_bench/stats`` (JSON),
``/_bench/reset``, ``/_bench/set?variant=1&latency_ms=100``, ``/_bench/stop``.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip as gzip_mod
import hashlib
import json
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

# Last-Modified of variant v: a fixed instant plus v days (deterministic across runs).
LM_BASE = 1_767_225_600  # 2026-01-01T00:00:00Z

Source = Mapping[str, bytes] | Path


def _normalize(files: object) -> dict[int, Source]:
    if isinstance(files, str | Path):
        p = Path(files)
        subs = sorted(d for d in p.iterdir() if d.is_dir() and d.name[:1] == "v"
                      and d.name[1:].isdigit()) if p.is_dir() else []
        if subs:
            return {int(d.name[1:]): d for d in subs}
        return {0: p}
    if isinstance(files, Mapping):
        if files and all(isinstance(k, int) for k in files):
            return {k: (Path(v) if isinstance(v, str) else v) for k, v in files.items()}
        return {0: files}
    raise TypeError(f"cannot serve {type(files).__name__}")


class Entry:
    __slots__ = ("body", "etag", "last_modified", "lm_text", "_gz")

    def __init__(self, body: bytes, variant: int):
        self.body = body
        self.etag = '"' + hashlib.sha1(body).hexdigest()[:24] + '"'
        self.last_modified = LM_BASE + 86400 * variant
        self.lm_text = email.utils.formatdate(self.last_modified, usegmt=True)
        self._gz: bytes | None = None

    def gz(self) -> bytes:
        if self._gz is None:
            self._gz = gzip_mod.compress(self.body, 6, mtime=0)
        return self._gz


class BenchServer:
    def __init__(self, files: object, latency_ms: float = 0, host: str = "127.0.0.1",
                 port: int = 0, max_seconds: float = 1800, gzip: bool = False,
                 variant: int = 0, hosts: int = 0):
        self.variants = _normalize(files)
        self.latency_ms = float(latency_ms)
        self.variant = variant
        self.gzip = gzip
        self.max_seconds = max_seconds
        self._cache: dict[tuple[int, str], Entry | None] = {}
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._inflight = 0
        self._max_inflight = 0
        self._bytes = 0
        self._stopped = threading.Event()
        addresses = [f"127.0.0.{2 + i}" for i in range(hosts)] if hosts else [host]
        self._httpds: list[ThreadingHTTPServer] = []
        for address in addresses:  # the first picks the port, the others share it
            self._httpds.append(self._listen(address, port))
            port = self._httpds[0].server_address[1]
        self.hosts = [h.server_address[0] for h in self._httpds]
        self.host, self.port = self.hosts[0], port
        self.base_url = f"http://{self.host}:{self.port}"
        self._threads: list[threading.Thread] = []
        self._timer: threading.Timer | None = None

    def _listen(self, host: str, port: int) -> ThreadingHTTPServer:
        httpd = ThreadingHTTPServer((host, port), _make_handler(self), bind_and_activate=False)
        httpd.daemon_threads = True
        httpd.request_queue_size = 1024
        httpd.allow_reuse_address = True
        httpd.server_bind()
        httpd.server_activate()
        return httpd

    def host_url(self, i: int) -> str:
        """The base URL of the i-th address (wrapping around): feed i on host i mod N."""
        return f"http://{self.hosts[i % len(self.hosts)]}:{self.port}"

    # -- content ---------------------------------------------------------------
    def entry(self, path: str) -> Entry | None:
        key = (self.variant, path)
        e = self._cache.get(key, False)
        if e is not False:
            return e
        src = self.variants.get(self.variant)
        body: bytes | None = None
        if isinstance(src, Path):
            f = (src / path).resolve()
            if f.is_file() and src.resolve() in f.parents:
                body = f.read_bytes()
        elif src is not None:
            body = src.get(path)
        e = Entry(body, self.variant) if body is not None else None
        self._cache[key] = e
        return e

    # -- control ---------------------------------------------------------------
    def set_variant(self, variant: int) -> None:
        if variant not in self.variants:
            raise KeyError(f"no variant {variant}; have {sorted(self.variants)}")
        self.variant = variant

    def set_latency(self, latency_ms: float) -> None:
        self.latency_ms = float(latency_ms)

    def stats(self) -> dict:
        with self._lock:
            d = {"200": 0, "304": 0, **self._counts}
            d.update(other=sum(v for k, v in self._counts.items() if k not in ("200", "304")),
                     max_inflight=self._max_inflight, bytes=self._bytes,
                     variant=self.variant, latency_ms=self.latency_ms)
        return d

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
            self._max_inflight = self._inflight
            self._bytes = 0

    def _count(self, status: int, nbytes: int) -> None:
        with self._lock:
            k = str(status)
            self._counts[k] = self._counts.get(k, 0) + 1
            self._bytes += nbytes

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> BenchServer:
        for httpd in self._httpds:
            t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                 daemon=True)
            t.start()
            self._threads.append(t)
        self._timer = threading.Timer(self.max_seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def _expire(self) -> None:
        print(f"server: max_seconds={self.max_seconds:g} reached, stopping", file=sys.stderr)
        self.stop()

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        if self._timer:
            self._timer.cancel()
        for httpd in self._httpds:
            threading.Thread(target=httpd.shutdown, daemon=True).start()

    def wait(self) -> None:
        self._stopped.wait()
        for t in self._threads:
            t.join(5)
        for httpd in self._httpds:
            httpd.server_close()

    def close(self) -> None:
        self.stop()
        self.wait()


def _make_handler(srv: BenchServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "akhbar-bench"
        sys_version = ""
        timeout = 120  # idle keep-alive connections do not hold a thread forever

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            url = urlsplit(self.path)
            if url.path.startswith("/_bench/"):
                self._control(url.path[8:], parse_qs(url.query))
                return
            with srv._lock:
                srv._inflight += 1
                srv._max_inflight = max(srv._max_inflight, srv._inflight)
            try:
                if srv.latency_ms > 0:
                    time.sleep(srv.latency_ms / 1000)
                self._serve_feed(url.path.lstrip("/"), head)
            finally:
                with srv._lock:
                    srv._inflight -= 1

        def _serve_feed(self, path: str, head: bool) -> None:
            e = srv.entry(path)
            if e is None:
                self._send(404, b"not found\n", {"Content-Type": "text/plain"}, head)
                return
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            not_modified = False
            if inm is not None:
                tags = [t.strip() for t in inm.split(",")]
                not_modified = "*" in tags or e.etag in tags or f"W/{e.etag}" in tags
            elif ims is not None:
                try:
                    t = email.utils.parsedate_to_datetime(ims).timestamp()
                    not_modified = t >= e.last_modified
                except (TypeError, ValueError, IndexError):
                    pass
            headers = {"ETag": e.etag, "Last-Modified": e.lm_text,
                       "Cache-Control": "no-cache"}
            if not_modified:
                self._send(304, b"", headers, head=True)
                return
            body = e.body
            # Web pages (full-article benchmarks) say only text/html: their charset is
            # in a <meta>, as on many Arabic sites.
            headers["Content-Type"] = ("text/html" if path.endswith(".html")
                                       else "application/rss+xml; charset=utf-8")
            if srv.gzip and "gzip" in (self.headers.get("Accept-Encoding") or ""):
                body = e.gz()
                headers["Content-Encoding"] = "gzip"
                headers["Vary"] = "Accept-Encoding"
            self._send(200, body, headers, head)

        def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and body:
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            srv._count(status, 0 if head else len(body))

        def _control(self, cmd: str, q: dict[str, list[str]]) -> None:
            try:
                if cmd == "reset":
                    srv.reset()
                elif cmd == "set":
                    if "variant" in q:
                        srv.set_variant(int(q["variant"][0]))
                    if "latency_ms" in q:
                        srv.set_latency(float(q["latency_ms"][0]))
                elif cmd == "stop":
                    srv.stop()
                elif cmd != "stats":
                    raise KeyError(cmd)
                body = json.dumps(srv.stats()).encode()
                status = 200
            except (KeyError, ValueError) as exc:
                body, status = json.dumps({"error": str(exc)}).encode(), 400
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class BaseURL(str):
    """The base URL (a str) that also carries its server: ``base_url.server``."""

    server: BenchServer


@contextlib.contextmanager
def serve(files: object, latency_ms: float = 0, max_seconds: float = 1800, gzip: bool = False,
          port: int = 0, hosts: int = 0) -> Iterator[BaseURL]:
    srv = BenchServer(files, latency_ms=latency_ms, port=port, max_seconds=max_seconds,
                      gzip=gzip, hosts=hosts).start()
    url = BaseURL(srv.base_url)
    url.server = srv
    try:
        yield url
    finally:
        srv.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Serve benchmark feeds on loopback.")
    ap.add_argument("dir", type=Path, help="directory of feeds, or of v0/ v1/ ... variants")
    ap.add_argument("--latency-ms", type=float, default=0)
    ap.add_argument("--port", type=int, default=0, help="0: a random free port")
    ap.add_argument("--max-seconds", type=float, default=1800)
    ap.add_argument("--variant", type=int, default=0)
    ap.add_argument("--gzip", action="store_true", help="gzip bodies for clients that accept it")
    ap.add_argument("--hosts", type=int, default=0,
                    help="listen on this many addresses 127.0.0.2 … (0: 127.0.0.1 only)")
    a = ap.parse_args(argv)
    srv = BenchServer(a.dir, latency_ms=a.latency_ms, port=a.port, max_seconds=a.max_seconds,
                      gzip=a.gzip, variant=a.variant, hosts=a.hosts).start()
    print(srv.base_url, flush=True)
    print(f"server: {srv.base_url} hosts={len(srv.hosts)} variants={sorted(srv.variants)} "
          f"latency={a.latency_ms:g} ms max_seconds={a.max_seconds:g}", file=sys.stderr,
          flush=True)
    try:
        srv.wait()
    except KeyboardInterrupt:
        srv.close()
    print(f"server: stopped; {json.dumps(srv.stats())}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
