"""A real HTTP proxy on 127.0.0.1 that fails requests on purpose, in front of the real server.

Faults, chosen per request number: ``refuse`` closes the connection before
anything reaches the server; ``lost`` forwards the request (the server
stores it) and then drops the connection instead of answering; ``busy``
answers 503 itself; ``slow`` forwards and answers only after the kiosk's
read timeout.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

Fault = Callable[[int], str | None]


class FaultyProxy:
    def __init__(self, upstream: str, faults: Fault, slow_seconds: float = 3.0) -> None:
        target = urlsplit(upstream)
        self.host, self.port = target.hostname or "127.0.0.1", target.port or 80
        self.faults = faults
        self.slow_seconds = slow_seconds
        self.log: list[tuple[str, str, str | None]] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _drop(self) -> None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

            def _relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
                with proxy.lock:
                    number = len(proxy.log)
                    fault = proxy.faults(number)
                    proxy.log.append((self.command, self.path, fault))
                if fault == "refuse":
                    self._drop()
                    return
                if fault == "busy":
                    self.send_response(503)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                upstream = http.client.HTTPConnection(proxy.host, proxy.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                upstream.close()
                if fault == "lost":
                    self._drop()
                    return
                if fault == "slow":
                    time.sleep(proxy.slow_seconds)
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _relay  # noqa: N815  (http.server's method names)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def failed(self) -> int:
        return sum(1 for _m, _p, fault in self.log if fault)

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
