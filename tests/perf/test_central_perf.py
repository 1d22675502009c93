"""Benchmark of the city's server on loopback: 500 kiosks, 2,000 phones, feed downloads with ETag.

The server runs as its own process (``kiosk central serve``), as on the
city machine; the load comes from this process through a small asyncio
HTTP/1.1 client (cheap enough that the server, not the client, is
measured, though both share the machine's two cores). Phases:

1. 500 kiosks each upload a finished day's counts (three services), 50 at a
   time, as the nightly timer spreads them; then all of them again, as
   retries whose answers were lost (409, counted once).
2. 500 kiosks download their office's feed whole, then again with
   ``If-None-Match`` (304, no body), as every night.
3. 2,000 phones follow their ticket page over Server-Sent Events (50
   relaying offices, 40 waiting tickets each); the kiosks put 10 rounds of
   new snapshots, and each phone's update is timed from the PUT.

It prints throughput, latency percentiles and the server's memory; it
asserts only that the work was done right (every day counted once, every
phone updated), never a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from tabulate import tabulate

from kiosk.central import kiosks, plan
from kiosk.central.db import CentralDB
from kiosk.central.publish import load_or_create_key
from kiosk.clock import SystemClock
from kiosk.core.timekeeping import office_day

pytestmark = pytest.mark.perf

KIOSKS = 500
RELAYING = 50
PHONES_PER_OFFICE = 40
ROUNDS = 10
CONCURRENCY = 50


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Connection:
    """One keep-alive HTTP/1.1 connection: request, then read the status line, headers and body."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        found: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            found[name.lower()] = value.strip()
        length = int(found.get("content-length", "0"))
        data = await self.reader.readexactly(length) if length else b""
        return status, found, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def counts_body(office: str, day: str) -> bytes:
    services = [
        {
            "service_id": s,
            "issued": 20 + i,
            "served": 18,
            "no_shows": 2,
            "cancelled": 0,
            "open": 0,
            "wait_minutes": {"median": 12.0, "p90": 30.0},
            "visit_minutes_median": 14.0,
            "estimates": {"checked": 18, "hit": 14, "miss_minutes_median": 3.0},
            "by_language": {"de": 10, "tr": 6, "ar": 4 + i},
            "by_hour": {"9": 8, "10": 8, "11": 4 + i},
        }
        for i, s in enumerate(("jobcenter", "schulden", "rente"))
    ]
    return json.dumps(
        {
            "format": "quartierskiosk-counts",
            "format_version": 1,
            "office_id": office,
            "day": day,
            "made_at": datetime.now(UTC).isoformat(),
            "services": services,
        }
    ).encode()


def snapshot(office: str, sequence: int, tokens: list[str], day: str, round_: int = 0) -> bytes:
    """A queue snapshot; each round changes every ticket's wait, so every phone gets an update."""
    now = datetime.now(UTC)
    tickets = [
        {
            "key": hashlib.sha256(t.encode()).hexdigest(),
            "code": f"J-{n + 1:03d}",
            "service": "jobcenter",
            "language": "de",
            "state": "waiting",
            "ahead": n,
            "wait": {"low": round_, "high": round_ + 10},
        }
        for n, t in enumerate(tokens)
    ]
    return json.dumps(
        {
            "format": 1,
            "office": office,
            "sequence": sequence,
            "generated_at": now.isoformat(),
            "valid_until": (now + timedelta(minutes=3)).isoformat(),
            "day": day,
            "services": [
                {
                    "id": "jobcenter",
                    "prefix": "J",
                    "names": {"de": "Jobcenter"},
                    "on_now": True,
                    "room": "1",
                    "waiting": len(tokens),
                    "called": [],
                    "desks_serving": 2,
                    "wait": {"low": 5, "high": 20},
                }
            ],
            "calls": [],
            "tickets": tickets,
        }
    ).encode()


def prepare(folder: Path) -> tuple[Path, list[tuple[str, str]]]:
    """500 offices with a weekly session each, and one enrolled kiosk per office."""
    config = folder / "central.toml"
    port = free_port()
    config.write_text(
        f'[server]\nbind = "127.0.0.1"\nport = {port}\n[storage]\ndata_dir = "{folder}"\n', encoding="utf-8"
    )
    load_or_create_key(folder / "city-key.pem")
    db = CentralDB(folder / "central.db", SystemClock())
    for service, prefix in (("jobcenter", "J"), ("schulden", "S"), ("rente", "R")):
        plan.put_service(db, "bench", service, {"prefix": prefix, "names": {"de": service.title()}})
    enrolled = []
    for n in range(KIOSKS):
        office = f"buero-{n:03d}"
        plan.put_office(db, "bench", office, {"name": f"Quartiersbüro {n}", "phone_relay": n < RELAYING})
        plan.add_session(
            db,
            "bench",
            office,
            {
                "service_id": "jobcenter",
                "weekday": "thu",
                "valid_from": "2026-01-01",
                "start": "09:00",
                "end": "13:00",
            },
        )
        code, _ = kiosks.new_code(db, "bench", office)
        enrolled.append((office, kiosks.enrol(db, code).token))
    db.close()
    return config, enrolled


async def timed(items, work, concurrency: int = CONCURRENCY) -> tuple[list[float], list[int], float]:
    """Run ``work(connection, item)`` for every item on ``concurrency`` keep-alive connections."""
    queue: asyncio.Queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    latencies: list[float] = []
    statuses: list[int] = []

    async def worker(port: int) -> None:
        connection = Connection(port)
        try:
            while not queue.empty():
                item = queue.get_nowait()
                started = time.perf_counter()
                statuses.append(await work(connection, item))
                latencies.append(time.perf_counter() - started)
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(PORT[0]) for _ in range(concurrency)))
    return latencies, statuses, time.perf_counter() - started


PORT = [0]


async def phones(tokens_by_office: dict[str, list[str]], enrolled: dict[str, str], day: str) -> dict:
    """2,000 SSE streams; ROUNDS snapshots per office; each update timed from its PUT."""
    sent_at: dict[tuple[str, int], float] = {}
    delays: list[float] = []
    updates = {"n": 0}
    ready = asyncio.Event()
    opened = {"n": 0}
    total = sum(len(t) for t in tokens_by_office.values())

    async def follow(office: str, token: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", PORT[0], limit=2**20)
        writer.write(f"GET /api/t/{token}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        first = True
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                if line.startswith(b"data: ") and b'"code"' in line:
                    if first:
                        first = False
                        opened["n"] += 1
                        if opened["n"] == total:
                            ready.set()
                        continue
                    key = (office, json.loads(line[6:])["wait"]["low"])
                    if key in sent_at:
                        delays.append(time.perf_counter() - sent_at[key])
                        updates["n"] += 1
        finally:
            writer.close()

    tasks = [asyncio.create_task(follow(o, t)) for o, ts in tokens_by_office.items() for t in ts]
    await asyncio.wait_for(ready.wait(), 120)
    connection = Connection(PORT[0])
    put_latencies = []
    started = time.perf_counter()
    for round_ in range(1, ROUNDS + 1):
        for office, tokens in tokens_by_office.items():
            body = snapshot(office, 1000 + round_, tokens, day, round_)
            headers = {"Authorization": f"Bearer {enrolled[office]}", "Content-Type": "application/json"}
            t0 = time.perf_counter()
            sent_at[(office, round_)] = t0
            status, _h, _b = await connection.request(
                "PUT", f"/api/relay/v1/offices/{office}/queue", headers, body
            )
            put_latencies.append(time.perf_counter() - t0)
            assert status == 200
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)
    elapsed = time.perf_counter() - started
    connection.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"delays": delays, "puts": put_latencies, "elapsed": elapsed, "opened": opened["n"]}


def test_city_server_capacity_on_loopback(tmp_path):
    config, enrolled = prepare(tmp_path)
    PORT[0] = int(config.read_text().split("port = ")[1].split()[0])
    env = {**os.environ, "KIOSK_CENTRAL_CONFIG": str(config)}
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "central", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", PORT[0]), timeout=1):
                break
            assert time.monotonic() < deadline and server.poll() is None, "server did not start"
            time.sleep(0.1)
        idle_mb = rss_mb(server.pid)
        day = (office_day(datetime.now(UTC)) - timedelta(days=1)).isoformat()
        rows = []
        bodies = {
            office: counts_body(office, day) for office, _token in enrolled
        }  # a retry sends the same bytes

        async def upload(connection: Connection, item: tuple[str, str]) -> int:
            office, token = item
            headers = {
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": f"{office}/{day}",
                "Content-Type": "application/json",
            }
            status, _h, _b = await connection.request(
                "POST", "/api/v1/kiosk/messages", headers, bodies[office]
            )
            return status

        latencies, statuses, elapsed = asyncio.run(timed(enrolled, upload))
        assert statuses.count(201) == KIOSKS
        rows.append(("uploads (500 kiosks, 3 services)", KIOSKS / elapsed, latencies))
        latencies, statuses, elapsed = asyncio.run(timed(enrolled, upload))
        assert statuses.count(409) == KIOSKS  # retried: recognised, not counted again
        rows.append(("upload retries (409)", KIOSKS / elapsed, latencies))
        with contextlib.closing(CentralDB(tmp_path / "central.db", SystemClock(), migrate=False)) as db:
            assert db.row("SELECT count(*) AS n FROM day_counts")["n"] == 3 * KIOSKS

        etags: dict[str, str] = {}

        async def feed(connection: Connection, item: tuple[str, str]) -> int:
            office, _token = item
            headers = {"Accept-Encoding": "gzip"}
            if office in etags:
                headers["If-None-Match"] = etags[office]
            status, answer, _body = await connection.request("GET", f"/feeds/{office}.json", headers)
            etags[office] = answer.get("etag", "")
            return status

        latencies, statuses, elapsed = asyncio.run(timed(enrolled, feed))
        assert statuses.count(200) == KIOSKS
        rows.append(("feed downloads, whole (gzip)", KIOSKS / elapsed, latencies))
        latencies, statuses, elapsed = asyncio.run(timed(enrolled, feed))
        assert statuses.count(304) == KIOSKS
        rows.append(("feed downloads, unchanged (304)", KIOSKS / elapsed, latencies))

        today = office_day(datetime.now(UTC)).isoformat()
        tokens = {
            office: [secrets.token_urlsafe(16) for _ in range(PHONES_PER_OFFICE)]
            for office, _ in enrolled[:RELAYING]
        }
        by_office = dict(enrolled)
        with httpx.Client(base_url=f"http://127.0.0.1:{PORT[0]}") as http:
            for office, office_tokens in tokens.items():  # the first snapshot, so the phones' pages exist
                answer = http.put(
                    f"/api/relay/v1/offices/{office}/queue",
                    content=snapshot(office, 1, office_tokens, today),
                    headers={
                        "Authorization": f"Bearer {by_office[office]}",
                        "Content-Type": "application/json",
                    },
                )
                assert answer.status_code == 200, answer.text
        result = asyncio.run(phones(tokens, by_office, today))
        phones_mb = rss_mb(server.pid)
        peak_mb = rss_mb(server.pid, "VmHWM")
        assert result["opened"] == RELAYING * PHONES_PER_OFFICE
        expected = RELAYING * PHONES_PER_OFFICE * ROUNDS
        assert len(result["delays"]) >= expected * 0.99, (len(result["delays"]), expected)
        rows.append(
            ("relay PUTs, one after another", len(result["puts"]) / result["elapsed"], result["puts"])
        )
        rows.append(
            (
                "phone updates via SSE (PUT → phone)",
                len(result["delays"]) / result["elapsed"],
                result["delays"],
            )
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    table = [
        (
            name,
            f"{rate:,.0f}/s",
            f"{percentile(times, 50) * 1e3:.1f}",
            f"{percentile(times, 90) * 1e3:.1f}",
            f"{percentile(times, 99) * 1e3:.1f}",
        )
        for name, rate, times in rows
    ]
    print(
        "\n"
        + tabulate(table, headers=["city server on loopback", "throughput", "p50 ms", "p90 ms", "p99 ms"])
    )
    print(
        tabulate(
            [
                ("server memory, idle (500 offices, 500 kiosks)", f"{idle_mb:.0f} MB"),
                ("server memory, 2,000 phone streams open", f"{phones_mb:.0f} MB"),
                ("server memory, peak", f"{peak_mb:.0f} MB"),
            ],
            headers=["memory (RSS)", ""],
        )
    )
