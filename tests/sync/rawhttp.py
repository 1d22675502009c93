"""A TCP server on 127.0.0.1 that answers with scripted bytes: for servers that misbehave.

pytest-httpserver (werkzeug) speaks HTTP correctly, which is what the normal
cases need. A body cut off halfway, a body trickling in byte by byte or a
Content-Encoding that lies need a server that writes exactly the bytes we
choose, so this one does: each connection reads the request head, then gets
the next reply of the script (the last one repeats), then the socket closes.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable

Reply = bytes | Callable[[socket.socket], None]


def response(
    status: str, body: bytes, headers: dict[str, str] | None = None, length: int | None = None
) -> bytes:
    """An HTTP/1.1 response; ``length`` may claim more bytes than ``body`` has."""
    head = {"Content-Length": str(len(body) if length is None else length), "Connection": "close"}
    head.update(headers or {})
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in head.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def trickle(head: bytes, body: bytes, every: float, limit: float = 10.0) -> Reply:
    """Send ``head``, then ``body`` one byte every ``every`` seconds, for at most ``limit`` seconds."""

    def send(sock: socket.socket) -> None:
        sock.sendall(head)
        stop = time.monotonic() + limit
        for byte in body:
            if time.monotonic() > stop:
                return
            sock.sendall(bytes([byte]))
            time.sleep(every)

    return send


class ScriptedServer:
    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[bytes] = []
        served = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                sock: socket.socket = self.request
                sock.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = sock.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                served.requests.append(data)
                reply = served.replies[min(len(served.requests), len(served.replies)) - 1]
                try:
                    if callable(reply):
                        reply(sock)
                    else:
                        sock.sendall(reply)
                except OSError:
                    pass  # the client gave up first, as it should

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/feed.json"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just free)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.json"
