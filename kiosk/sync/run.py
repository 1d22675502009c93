"""One ``kiosk sync``: fetch the feed, check it, replace the plan, record what happened.

Order matters and is the point of this module: the body must arrive whole,
its signature must match (when a key is configured), it must parse and
validate, and it must not be older than the feed in use. Only then is the
plan replaced, in the same transaction that records the success, so the
plan and the record never disagree. Any failure keeps the previous plan
and records one German sentence saying why.

Like Home Assistant's update coordinator, the log says once that the feed
started failing and once that it works again, not every night.
"""

from __future__ import annotations

import enum
import fcntl
import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from kiosk.config import Config
from kiosk.core.timekeeping import office_day, to_local
from kiosk.store import Store
from kiosk.store.bookings import release_stale_holds
from kiosk.store.schedule import load_office, write_schedule
from kiosk.sync.bookings import BOOKINGS
from kiosk.sync.errors import (
    EXIT_NOT_CONFIGURED,
    EXIT_OK,
    EXIT_UPLOAD_PENDING,
    FeedHttpRefused,
    FeedReplayed,
    FeedUnsigned,
    SyncBusy,
    SyncError,
    SyncFailedUnexpectedly,
)
from kiosk.sync.feed import FORMAT_VERSION, MEDIA_TYPE
from kiosk.sync.heartbeat import send_heartbeat
from kiosk.sync.http import HttpPolicy, fetch, make_session
from kiosk.sync.load import FeedSettings, Loaded, build_schedule
from kiosk.sync.outbox import UploadResult, deliver, enqueue_finished_days
from kiosk.sync.signing import MAX_SIGNATURE_FILE, verify
from kiosk.sync.status import CACHE_KEY, STATUS_KEY, SyncStatus, read_status

log = logging.getLogger("kiosk.sync")

# An unchanged feed is still unrolled afresh this often, so the year ahead
# in the database moves along with the calendar.
REFRESH_DAYS = 7

# Every feed version this kiosk reads, the newest preferred: a server (issue 11)
# serves each kiosk the newest version it understands; version 1 feeds still load.
ACCEPT = (
    f"{MEDIA_TYPE};version={FORMAT_VERSION}, {MEDIA_TYPE};version=1;q=0.95, "
    "application/json;q=0.9, text/calendar;q=0.8"
)


@contextmanager
def sync_lock(folder: Path) -> Iterator[None]:
    """One sync at a time per data folder; a second one gives up at once (SyncBusy).

    Ten presses of the staff button must make one download, not ten racing
    ones. flock is released by the kernel if the process dies.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "sync.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncBusy() from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Outcome(enum.StrEnum):
    LOADED = "loaded"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True)
class FeedResult:
    """What the feed part of a sync did, as one German line and an exit code."""

    outcome: Outcome
    message: str
    error: SyncError | None = None
    loaded: Loaded | None = None

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return self.error.exit_code
        return EXIT_NOT_CONFIGURED if self.outcome == Outcome.NOT_CONFIGURED else EXIT_OK


def feed_settings(config: Config) -> FeedSettings:
    sync = config.sync
    return FeedSettings(
        office_id=config.office.id,
        format=sync.format,
        office_file=sync.office_file,
        categories=dict(sync.categories),
        horizon_days=sync.horizon_days,
    )


def http_policy(config: Config) -> HttpPolicy:
    sync = config.sync
    return HttpPolicy(
        connect_timeout=sync.connect_timeout,
        read_timeout=sync.read_timeout,
        total_timeout=sync.total_timeout,
        retries=sync.retries,
        backoff=sync.backoff,
        max_bytes=sync.max_bytes,
    )


def _fingerprint(config: Config, settings: FeedSettings) -> str:
    """What the cached ETag is valid for: a changed URL, key or mapping means a fresh download."""
    office_file = b""
    if settings.office_file is not None:
        try:
            office_file = settings.office_file.read_bytes()
        except OSError:
            office_file = b"unreadable"
    parts = [
        config.sync.feed_url,
        config.sync.public_key,
        settings.office_id,
        settings.format,
        sorted(settings.categories.items()),
        settings.horizon_days,
        hashlib.sha256(office_file).hexdigest(),
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _usable_cache(store: Store, fingerprint: str, today: date) -> dict[str, Any] | None:
    cache = store.get_status(CACHE_KEY)
    if not cache or cache.get("fingerprint") != fingerprint:
        return None
    try:
        unrolled = date.fromisoformat(cache.get("unrolled_on", ""))
    except ValueError:
        return None
    return cache if 0 <= (today - unrolled).days < REFRESH_DAYS else None


def _conditional(cache: dict[str, Any] | None) -> dict[str, str]:
    headers = {"Accept": ACCEPT}
    if cache:
        if cache.get("etag"):
            headers["If-None-Match"] = cache["etag"]
        if cache.get("last_modified"):
            headers["If-Modified-Since"] = cache["last_modified"]
    return headers


def _check_signature(session: requests.Session, config: Config, policy: HttpPolicy, body: bytes) -> None:
    url = config.sync.signature_location
    try:
        # The same Accept as the feed: a server that negotiates the feed's version (the city's
        # server) signs the version it served; a static server ignores it.
        headers = {"Accept": f"text/plain, {ACCEPT}"}
        signature = fetch(session, url, policy, headers=headers, max_bytes=MAX_SIGNATURE_FILE)
    except FeedHttpRefused as error:
        raise FeedUnsigned(detail=f"keine Signatur unter {url}, HTTP {error.params['status']}") from None
    verify(config.sync.public_key, body, signature.body)


def _check_not_older(loaded: Loaded, previous: SyncStatus, accept_older: bool) -> None:
    """Replay guard: a feed older than the one in use is refused, even when correctly signed."""
    got, have = loaded.generated_at, previous.feed_generated_at
    if accept_older or got is None or have is None or got >= have:
        return
    raise FeedReplayed(got=f"{to_local(got):%d.%m.%Y %H:%M}", have=f"{to_local(have):%d.%m.%Y %H:%M}")


def sync_feed(
    store: Store, config: Config, session: requests.Session | None = None, *, accept_older: bool = False
) -> FeedResult:
    """Bring the office's plan up to date with the city's feed, or keep it and say why."""
    if not config.sync.feed_url:
        return FeedResult(Outcome.NOT_CONFIGURED, "Kein Plan-Server eingerichtet ([sync] feed_url).")
    settings = feed_settings(config)
    policy = http_policy(config)
    previous = read_status(store)
    today = office_day(store.now())
    fingerprint = _fingerprint(config, settings)
    cache = _usable_cache(store, fingerprint, today)
    http = session or make_session(policy)
    try:
        fetched = fetch(http, config.sync.feed_url, policy, headers=_conditional(cache))
        if fetched.not_modified:
            if cache is None:  # we asked for the whole body; a 304 now is a broken server
                url = urlsplit(config.sync.feed_url)
                raise FeedHttpRefused(host=url.netloc, path=url.path or "/", status=304)
            _record(store, previous, None, {**cache, "etag": fetched.etag or cache.get("etag")})
            return FeedResult(Outcome.UNCHANGED, f"Plan unverändert (Version {previous.feed_version}).")
        if config.sync.public_key:
            _check_signature(http, config, policy, fetched.body)
        loaded = build_schedule(fetched.body, settings, today, config.sync.feed_url, fetched.content_type)
        _check_not_older(loaded, previous, accept_older)
    except SyncError as error:
        _record_failure(store, previous, error)
        return FeedResult(Outcome.FAILED, str(error), error)
    except Exception as error:
        # A bug still must not pass silently on the staff page: record it, then let it crash loudly.
        _record_failure(store, previous, SyncFailedUnexpectedly(kind=type(error).__name__))
        raise
    finally:
        if session is None:
            http.close()
    new_cache = {
        "fingerprint": fingerprint,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "sha256": loaded.sha256,
        "unrolled_on": today.isoformat(),
    }
    if cache is not None and cache.get("sha256") == loaded.sha256:
        _record(store, previous, None, new_cache)
        return FeedResult(Outcome.UNCHANGED, f"Plan unverändert (Version {loaded.version}).", loaded=loaded)
    _record(store, previous, loaded, new_cache)
    for line in loaded.skipped:
        log.info("calendar event skipped: %s", line)
    plan = loaded.schedule
    return FeedResult(
        Outcome.LOADED,
        f"Neuer Plan geladen: Version {loaded.version}, {len(plan.services)} Dienste, "
        f"{len(plan.sessions)} Termine.",
        loaded=loaded,
    )


def _record(store: Store, previous: SyncStatus, loaded: Loaded | None, cache: dict[str, Any]) -> None:
    """A success: the new plan (if any), the status and the cache, in one transaction."""
    if previous.last_error:
        log.info("schedule feed works again")
    with store.write() as tx:
        if loaded is not None:
            write_schedule(tx, store, loaded.schedule)
        status = SyncStatus(
            last_attempt=tx.now,
            last_success=tx.now,
            last_error=None,
            feed_version=loaded.version if loaded else previous.feed_version,
            feed_generated_at=loaded.generated_at if loaded else previous.feed_generated_at,
        )
        store.set_status(STATUS_KEY, status.as_record(), tx.now)
        store.set_status(CACHE_KEY, cache, tx.now)


def _record_failure(store: Store, previous: SyncStatus, error: SyncError) -> None:
    if previous.last_error is None:
        log.warning("schedule feed failing (%s); keeping the previous plan", type(error).__name__)
    else:
        log.debug("schedule feed still failing (%s)", type(error).__name__)
    with store.write() as tx:
        status = SyncStatus(
            last_attempt=tx.now,
            last_success=previous.last_success,
            last_error=str(error),
            feed_version=previous.feed_version,
            feed_generated_at=previous.feed_generated_at,
        )
        store.set_status(STATUS_KEY, status.as_record(), tx.now)


@dataclass(frozen=True)
class SyncReport:
    """A whole run: the feed, then the uploads (which run even when the feed failed)."""

    feed: FeedResult
    upload: UploadResult | None = None
    bookings: UploadResult | None = None  # appointment bookings to the city (issue 9)

    @property
    def exit_code(self) -> int:
        if self.feed.error is not None:
            return self.feed.error.exit_code
        if any(part is not None and part.pending for part in (self.upload, self.bookings)):
            return EXIT_UPLOAD_PENDING
        if self.feed.outcome == Outcome.NOT_CONFIGURED and self.upload is None and self.bookings is None:
            return EXIT_NOT_CONFIGURED
        return EXIT_OK

    @property
    def lines(self) -> list[str]:
        lines = [self.feed.message]
        lines += [part.message for part in (self.upload, self.bookings) if part is not None]
        return lines


def run_sync(
    store: Store, config: Config, session: requests.Session | None = None, *, accept_older: bool = False
) -> SyncReport:
    """One ``kiosk sync``: the plan first, then the counts for the city."""
    http = session or make_session(http_policy(config))
    try:
        feed = sync_feed(store, config, http, accept_older=accept_older)
        upload = None
        if config.sync.upload_url:
            office = config.office.id or (office.id if (office := load_office(store)) else "")
            if office:  # counts without an office would be worthless to the city
                enqueue_finished_days(store, office)
            upload = deliver(
                store,
                http,
                config.sync.upload_url,
                config.sync.token,
                http_policy(config),
                config.sync.upload_batch,
            )
        bookings = None
        if config.sync.bookings_url:
            release_stale_holds(store)
            bookings = deliver(
                store,
                http,
                config.sync.bookings_url,
                config.sync.token,
                http_policy(config),
                config.sync.upload_batch,
                BOOKINGS,
            )
        if config.sync.heartbeat_url and config.sync.token:
            send_heartbeat(store, http, config, http_policy(config))
        return SyncReport(feed, upload, bookings)
    finally:
        if session is None:
            http.close()
