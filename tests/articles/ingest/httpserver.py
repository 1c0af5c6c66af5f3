"""A local HTTP server on 127.0.0.1 that plays the outside world in ingestion tests."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""  # when set, If-None-Match with it gets 304
    drip_seconds: float = 0.0  # pause between 1-byte writes (a slow server)
    delay: float = 0.0  # seconds before answering
    hang: float = 0.0  # seconds to hold the connection without answering at all
    raw: bytes | None = None  # bytes written instead of an HTTP response, then hang up
    hits: int = 0
    seen_headers: list[dict[str, str]] = field(default_factory=list)


class LocalServer:
    """Routes are set per test: server.route("/feed.xml", body=..., headers=...).

    A path is looked up as requested, then without its query string. Beyond status, headers
    and body a route can wait (`delay`), drip its body (`drip_seconds`), never answer
    (`hang`) or write raw bytes and hang up (`raw`); stop() ends waits at once.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[float, str]] = []
        self._stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.log.append((time.monotonic(), self.path))
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    self._send(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                route.hits += 1
                route.seen_headers.append(dict(self.headers))
                if route.hang:
                    server._stopping.wait(route.hang)
                    return
                if route.delay:
                    server._stopping.wait(route.delay)
                if route.raw is not None:
                    with contextlib.suppress(OSError):
                        self.wfile.write(route.raw)
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, {"ETag": route.etag}, b"")
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.drip_seconds:
                    self._head(route.status, headers, route.body)
                    with contextlib.suppress(OSError):
                        for i in range(len(route.body)):
                            if server._stopping.is_set():
                                return
                            self.wfile.write(route.body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(route.drip_seconds)
                    return
                self._send(route.status, headers, route.body)

            def _head(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:  # a route may lie about it on purpose
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self._head(status, headers, body)
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:  # clients hang up: quiet
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kwargs) -> Route:
        if isinstance(body, str):
            body = body.encode()
        self.routes[path] = Route(body=body, **kwargs)
        return self.routes[path]

    def redirect(self, path: str, location: str, status: int = 302) -> Route:
        return self.route(path, status=status, headers={"Location": location})

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


Builder = Callable[..., Route]
