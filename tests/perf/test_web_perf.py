"""Benchmarks of the LAN server on loopback: call-next and display updates.

The server runs on a thread as inside ``kiosk run``, with the touchscreen's
tickets arriving on another thread of the same process (they share the write
lock, as in ``kiosk run``); the desks are separate processes (as browsers on
other machines are), each pressing call next and then start, so the queue
moves as on a busy morning. Every operation is one ``BEGIN IMMEDIATE``
transaction with ``synchronous=FULL``: the disk's fsync time bounds how many
can commit per second, so the benchmark runs once on the disk and once on
tmpfs (where fsync costs nothing) to show the software's own ceiling, and
prints the disk's fsync time. It asserts nothing about time (machines
differ), only that the work was done right.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import resource
import shutil
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from tabulate import tabulate

from kiosk.config import parse_config
from kiosk.core.errors import DomainError
from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store, staff
from kiosk.store import queue as ops
from kiosk.store.board import waiting_count
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.store.schedule import replace_schedule
from kiosk.web.auth import hash_secret
from kiosk.web.server import serve_in_thread
from tests.conftest import THURSDAY, berlin, office_schedule

pytestmark = pytest.mark.perf

DESKS = 4
SECONDS = 6.0
QUEUE_LOW = 40  # the feeder keeps about this many waiting, as a busy morning would
DISPLAY_SAMPLES = 60


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def desk_worker(url: str, desk_id: int, seconds: float, out: multiprocessing.Queue) -> None:
    """One desk pressing call next, then start, as fast as the server answers."""
    latencies: list[float] = []
    codes: list[str] = []
    statuses: Counter[int] = Counter()
    with httpx.Client(base_url=url, timeout=10) as http:
        answer = http.post("/api/staff/session", json={"account": "bench", "secret": "1234", "desk": desk_id})
        headers = {"X-CSRF-Token": answer.json()["csrf_token"]}
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            started = time.perf_counter()
            answer = http.post("/api/staff/call-next", headers=headers)
            took = time.perf_counter() - started
            statuses[answer.status_code] += 1
            if answer.status_code != 200:
                time.sleep(0.002)  # nobody waiting for a moment
                continue
            latencies.append(took)
            codes.append(answer.json()["code"])
            statuses[http.post("/api/staff/start", headers=headers).status_code] += 1
    out.put((desk_id, latencies, codes, dict(statuses)))


def fsync_ms(folder: Path, rounds: int = 200) -> float:
    """Median time of one small write + fsync in ``folder``."""
    path = folder / "fsync.probe"
    times = []
    with path.open("wb") as handle:
        for _ in range(rounds):
            handle.write(b"x" * 4096)
            handle.flush()
            started = time.perf_counter()
            os.fsync(handle.fileno())
            times.append(time.perf_counter() - started)
    path.unlink()
    return statistics.median(times) * 1000


STORAGES = {"disk": None, "tmpfs": "/dev/shm"}


@pytest.fixture(autouse=True)
def quiet_logs():
    """Log as in production (warnings): the touchscreen benchmark's in-process Kivy
    leaves the root logger at TRACE, and printing every request would be measured."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.access", "uvicorn.error", "httpx", "httpcore", "kiosk"):
        logging.getLogger(name).setLevel(logging.WARNING)
    yield
    root.setLevel(level)


@pytest.fixture(params=list(STORAGES))
def bench_server(request, tmp_path: Path):
    base = STORAGES[request.param]
    if base is not None and not Path(base).is_dir():
        pytest.skip(f"{base} is not there")
    folder = Path(tempfile.mkdtemp(dir=base)) if base else tmp_path
    clock = FixedClock(berlin(THURSDAY, 10))
    config = parse_config(
        {
            "storage": {"data_dir": str(folder)},
            "desks": [{"id": i, "name": f"Platz {i}", "room": str(i)} for i in range(1, DESKS + 1)],
            "web": {"port": 0, "speech": False},
        }
    )
    with Store(folder / "kiosk.db", clock) as store:
        replace_schedule(store, office_schedule())
        register_desks(store, config.desk_list())
        for desk in range(1, DESKS + 1):
            set_desk_services(store, desk, ["jobcenter", "schulden"])
        staff.add_account(store, "bench", hash_secret("1234"))
    handle = serve_in_thread(config, clock)
    yield request.param, handle, folder, clock
    handle.stop()
    if base is not None:
        shutil.rmtree(folder, ignore_errors=True)  # tmpfs is memory


def feed_queue(path: Path, clock: FixedClock, stop: threading.Event, issued: list[int]) -> None:
    """The touchscreen: tickets keep arriving while the desks call."""
    with Store(path / "kiosk.db", clock) as store:
        while not stop.is_set():
            waiting = waiting_count(store)
            for i in range(max(0, QUEUE_LOW - waiting)):
                try:
                    ops.issue_ticket(store, "schulden" if i % 2 else "jobcenter")
                    issued[0] += 1
                except DomainError:
                    break
            time.sleep(0.01)


def measure_call_next(url: str, path: Path, clock: FixedClock) -> dict:
    stop, issued = threading.Event(), [0]
    feeder = threading.Thread(target=feed_queue, args=(path, clock, stop, issued))
    feeder.start()
    time.sleep(0.3)
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    workers = [context.Process(target=desk_worker, args=(url, d, SECONDS, out)) for d in range(1, DESKS + 1)]
    for worker in workers:
        worker.start()
    before = resource.getrusage(resource.RUSAGE_SELF)
    results = [out.get(timeout=SECONDS + 60) for _ in workers]
    after = resource.getrusage(resource.RUSAGE_SELF)
    for worker in workers:
        worker.join()
    stop.set()
    feeder.join()
    server_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    latencies = [lat for _d, lats, _c, _s in results for lat in lats]
    codes = [code for _d, _l, cs, _s in results for code in cs]
    statuses: Counter[int] = Counter()
    for *_rest, status in results:
        statuses.update(status)
    assert len(codes) == len(set(codes)), "a ticket was called twice"
    assert set(statuses) <= {200, 409}, statuses
    return {
        "calls": len(codes),
        "requests": sum(statuses.values()),
        "latencies": latencies,
        "seconds": SECONDS,
        "tickets_issued": issued[0],
        "server_cpu": server_cpu,
    }


def measure_display(url: str) -> list[float]:
    """Time from pressing call next to the display's stream carrying that call."""
    seen: dict[int, float] = {}
    ready = threading.Event()
    done = threading.Event()

    def listen() -> None:
        with (
            httpx.Client(base_url=url, timeout=None) as http,
            http.stream("GET", "/api/display/stream") as resp,
        ):
            event = ""
            for line in resp.iter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event == "state":
                    ready.set()
                    for call in json.loads(line[5:])["recent"]:
                        seen.setdefault(call["event_id"], time.perf_counter())
                if done.is_set():
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    ready.wait(5)
    delays: list[float] = []
    with httpx.Client(base_url=url, timeout=10) as http:
        answer = http.post("/api/staff/session", json={"account": "bench", "secret": "1234", "desk": 1})
        headers = {"X-CSRF-Token": answer.json()["csrf_token"]}
        for _ in range(DISPLAY_SAMPLES):
            pressed = time.perf_counter()
            answer = http.post("/api/staff/call-next", headers=headers)
            if answer.status_code != 200:
                continue
            event_id = answer.json()["event_id"]
            deadline = time.time() + 5
            while event_id not in seen and time.time() < deadline:
                time.sleep(0.0005)
            delays.append(seen[event_id] - pressed)
            http.post("/api/staff/start", headers=headers)
            time.sleep(0.05)
    done.set()
    return delays


def test_call_next_throughput_and_display_latency(bench_server):
    storage, handle, path, clock = bench_server
    result = measure_call_next(handle.url, path, clock)
    with Store(path / "kiosk.db", clock) as store:
        for _ in range(DISPLAY_SAMPLES + 5):
            ops.issue_ticket(store, "jobcenter")
    delays = measure_display(handle.url)
    ms = [v * 1000 for v in result["latencies"]]
    # The desks are Python processes on the same machine; their own CPU bounds
    # the rate as much as the server's, so the server's CPU per request (the
    # touchscreen feeder included) says what one core of a Pi can carry.
    cpu_ms = result["server_cpu"] * 1000 / max(1, result["requests"])
    display_ms = [v * 1000 for v in delays]
    rows = [
        ["storage", f"{storage} (fsync {fsync_ms(path):.2f} ms)"],
        ["desks (processes)", DESKS],
        ["call-next answered", result["calls"]],
        ["call-next per second", f"{result['calls'] / result['seconds']:.0f}"],
        ["all requests per second", f"{result['requests'] / result['seconds']:.0f}"],
        ["server CPU ms per request", f"{cpu_ms:.2f}"],
        ["requests per server core-second", f"{1000 / cpu_ms:.0f}"],
        ["call-next p50 ms", f"{percentile(ms, 50):.2f}"],
        ["call-next p90 ms", f"{percentile(ms, 90):.2f}"],
        ["call-next p99 ms", f"{percentile(ms, 99):.2f}"],
        ["call-next max ms", f"{max(ms):.2f}"],
        ["display update p50 ms", f"{percentile(display_ms, 50):.1f}"],
        ["display update p99 ms", f"{percentile(display_ms, 99):.1f}"],
        ["display update max ms", f"{max(display_ms):.1f}"],
        ["tickets issued meanwhile", result["tickets_issued"]],
    ]
    print("\n" + tabulate(rows, headers=["web server on loopback", "measured"]))
    assert result["calls"] > 0 and len(delays) == DISPLAY_SAMPLES
