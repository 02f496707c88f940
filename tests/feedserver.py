"""A real HTTP server on 127.0.0.1 for tests: fixture feeds, ETags, 304s, and misbehaviour."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True
    """Answer If-None-Match / If-Modified-Since with 304 when they match."""
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None
    """Takes over the whole response (slow, endless, broken servers)."""


@dataclass
class Request:
    path: str
    headers: dict[str, str]


LAST_MODIFIED = "Mon, 30 Nov 2026 08:00:00 GMT"


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(Request(self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.handler:
                    route.handler(self)
                    return
                etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                if route.conditional and route.status == 200 and (
                    self.headers.get("If-None-Match") == etag
                    or (self.headers.get("If-Modified-Since") == LAST_MODIFIED
                        and "If-None-Match" not in self.headers)
                ):
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                extra = dict(route.headers)
                if route.conditional and route.status == 200:
                    extra.setdefault("ETag", etag)
                    extra.setdefault("Last-Modified", LAST_MODIFIED)
                self._send(route.status, route.body, route.content_type, extra)

            def _send(self, status, body, content_type, extra=None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                # A client hanging up mid-response (timeouts, size limits) is expected here.
                import sys

                server.errors.append(sys.exc_info()[1])

        self.errors: list[BaseException] = []
        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        # serve_forever notices shutdown() only between polls; its default 0.5 s poll
        # made every test that used a server wait half a second in teardown.
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.01}, daemon=True)

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **kwargs)
        return self.url(path)

    def requests_for(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]
