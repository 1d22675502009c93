"""Live updates: one watcher of the event log, many Server-Sent-Event streams.

Every change to the queue, from whatever process (this server, the
touchscreen, the CLI, a nightly sync), appends to the ``events`` table whose
id only grows. One thread here looks at the newest id every few tens of
milliseconds (a cheap index lookup) and wakes the streams; each stream then
renders its own view and sends it only if it changed. The server's own
writes poke the watcher, so a call made here reaches the display at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from kiosk.store import queue as ops
from kiosk.web.pool import StorePool

log = logging.getLogger("kiosk.web")

PING_SECONDS = 5.0  # the display counts a silent minute as a lost connection
RETRY_MS = 2000  # how soon a browser reconnects after a drop


class LiveFeed:
    """Publishes the newest event id to asyncio waiters on the server's loop."""

    def __init__(self, pool: StorePool, interval: float = 0.05) -> None:
        self.pool = pool
        self.interval = interval
        self.version = 0
        self.closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None
        self._poke = threading.Event()
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[int], None]] = []

    def start(self) -> None:
        """Call on the server's event loop (the app's startup)."""
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()
        self.version = ops.last_event_id(self.pool.get())
        self._thread = threading.Thread(target=self._watch, name="kiosk-web-live", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Look at the event log now (after a write made by this server)."""
        self._poke.set()

    def close(self, wait: bool = True) -> None:
        """End every stream, so the server can stop without waiting for browsers.

        ``wait=False`` from a signal handler: do not join the watcher thread there.
        """
        self.closed = True
        self._poke.set()
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop has already stopped
                self._loop.call_soon_threadsafe(self._wake_all)
        if wait and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)

    def _watch(self) -> None:
        last_failure = False
        seen = self.version
        while not self.closed:
            self._poke.wait(self.interval)
            self._poke.clear()
            if self.closed:
                break
            try:
                newest = ops.last_event_id(self.pool.get())
                if last_failure:
                    log.info("event log readable again")
                last_failure = False
            except Exception:
                if not last_failure:
                    log.warning("cannot read the event log; live updates paused", exc_info=True)
                last_failure = True
                continue
            if newest != seen:
                seen = newest
                assert self._loop is not None
                try:
                    self._loop.call_soon_threadsafe(self._publish, newest)
                except RuntimeError:
                    break
        self.pool.close_thread()

    def _publish(self, version: int) -> None:
        self.version = version
        self._wake_all()
        for listener in list(self._listeners):
            listener(version)

    def _wake_all(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    async def wait_after(self, version: int, timeout: float) -> bool:
        """Wait until the event log moved past ``version``; False on timeout or close."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.version <= version and not self.closed:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0 or self._changed is None:
                return False
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                return False
        return not self.closed

    def subscribe(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(version)`` on the loop after each change (the relay uses it)."""
        self._listeners.append(listener)


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


async def stream(
    feed: LiveFeed, event: str, render: Callable[[], Awaitable[Any]], ping: Callable[[], Any] | None = None
) -> AsyncIterator[str]:
    """An SSE body: ``render()`` now and after each change, sent only when it differs.

    ``render`` returning None ends the stream (the ticket is gone). A ``ping``
    event every few seconds lets the page tell a live connection from a dead
    one that the network forgot to close.
    """
    yield f"retry: {RETRY_MS}\n\n"
    sent: Any = object()
    while not feed.closed:
        version = feed.version
        payload = await render()
        if payload is None:
            return
        if payload != sent:
            sent = payload
            yield sse(event, payload)
        changed = await feed.wait_after(version, PING_SECONDS)
        if not changed and not feed.closed:
            yield sse("ping", ping() if ping else {})
