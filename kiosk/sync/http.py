"""HTTP for the sync: explicit timeouts, a retry policy object, a size cap, a deadline.

requests does the HTTP; urllib3's :class:`~urllib3.util.Retry` is the retry
policy (connect and read failures, 408/425/429/5xx, exponential backoff
with jitter, Retry-After honoured but capped), so there is no hand-written
sleep loop. What requests does not give is a cap on the whole download: a
server trickling one byte every few seconds never trips a read timeout.
The body is therefore read with ``read1`` (returns what has arrived) and
checked against a deadline and a size cap between reads; gzip is undone
as it arrives, so a compressed bomb stops at the cap too.

Every failure becomes a :mod:`kiosk.sync.errors` sentence; nothing here
prints or logs a token.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from kiosk.sync.errors import (
    FeedConnectionFailed,
    FeedHttpRefused,
    FeedRedirectLoop,
    FeedServerError,
    FeedTimeout,
    FeedTooLarge,
    FeedTooSlow,
    FeedTruncated,
    FeedUndecodable,
    SyncError,
)

CHUNK = 64 * 1024
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def user_agent() -> str:
    try:
        return f"quartierskiosk/{version('quartierskiosk')}"
    except PackageNotFoundError:
        return "quartierskiosk"


@dataclass(frozen=True)
class HttpPolicy:
    """Timeouts, retries and limits for one sync run (from ``[sync]``)."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 300.0
    retries: int = 3
    backoff: float = 2.0
    max_bytes: int = 10 * 1024 * 1024
    max_retry_after: int = 120  # a server asking for hours of patience gets this much

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)

    def retry(self) -> Retry:
        """urllib3's policy: exponential backoff with jitter, POST included.

        POST is safe to repeat here because every upload carries an
        Idempotency-Key the server deduplicates on.
        """
        return Retry(
            total=self.retries,
            connect=self.retries,
            read=self.retries,
            status=self.retries,
            other=0,
            redirect=MAX_REDIRECTS,
            allowed_methods=frozenset({"GET", "HEAD", "POST"}),
            status_forcelist=RETRY_STATUSES,
            backoff_factor=self.backoff,
            backoff_jitter=self.backoff,
            backoff_max=max(self.backoff * 8, 1.0),
            respect_retry_after_header=True,
            retry_after_max=self.max_retry_after,
            raise_on_status=False,  # the last answer is classified below, not a RetryError
            raise_on_redirect=True,
        )


def make_session(policy: HttpPolicy) -> requests.Session:
    """A session whose every request follows ``policy``'s retries."""
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=policy.retry())
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent()
    session.max_redirects = MAX_REDIRECTS  # requests follows redirects itself; Retry never sees them
    return session


@dataclass(frozen=True)
class Fetched:
    """A download: the body (empty for 304) and the validators for next time."""

    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str
    url: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


def fetch(
    session: requests.Session,
    url: str,
    policy: HttpPolicy,
    *,
    headers: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> Fetched:
    """GET ``url`` whole, or raise a :class:`~kiosk.sync.errors.SyncError` saying why not.

    ``headers`` may carry ``If-None-Match``/``If-Modified-Since``; a 304 then
    returns an empty body. Anything but 200 and 304 is an error.
    """
    limit = policy.max_bytes if max_bytes is None else max_bytes
    deadline = monotonic() + policy.total_timeout
    host = host_of(url)
    try:
        with session.get(url, headers=dict(headers or {}), timeout=policy.timeout, stream=True) as response:
            check_status(response, url)
            if response.status_code == 304:
                return _fetched(response, b"")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FeedTooLarge(limit=limit)
            return _fetched(response, _read_body(response, limit, deadline, policy, monotonic))
    except SyncError:
        raise
    except requests.exceptions.RequestException as error:
        raise translate(error, host, policy) from None
    except urllib3.exceptions.HTTPError as error:
        raise translate(error, host, policy) from None


def check_status(response: requests.Response, url: str) -> None:
    status = response.status_code
    if status in (200, 304):
        return
    host = host_of(url)
    if status in RETRY_STATUSES or status >= 500:
        raise FeedServerError(host=host, status=status)
    raise FeedHttpRefused(host=host, path=urlsplit(url).path or "/", status=status)


def _fetched(response: requests.Response, body: bytes) -> Fetched:
    return Fetched(
        status=response.status_code,
        body=body,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        content_type=response.headers.get("Content-Type", ""),
        url=response.url,
    )


def _read_body(
    response: requests.Response,
    limit: int,
    deadline: float,
    policy: HttpPolicy,
    monotonic: Callable[[], float],
) -> bytes:
    chunks: list[bytes] = []
    received = 0
    raw = response.raw
    while True:
        if monotonic() > deadline:
            raise FeedTooSlow(seconds=round(policy.total_timeout))
        try:
            chunk = raw.read1(CHUNK, decode_content=True)
        except urllib3.exceptions.ProtocolError:
            raise FeedTruncated(received=received) from None
        if not chunk:
            return b"".join(chunks)
        received += len(chunk)
        if received > limit:
            raise FeedTooLarge(limit=limit)
        chunks.append(chunk)


def translate(error: Exception, host: str, policy: HttpPolicy) -> SyncError:
    """A requests/urllib3 exception as a sentence about the feed server."""
    inner = error.args[0] if error.args else None
    reason = getattr(inner, "reason", inner)
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return FeedConnectionFailed(host=host, detail="Name nicht auflösbar")
    if isinstance(reason, urllib3.exceptions.NewConnectionError):  # a subclass of ConnectTimeoutError
        refused = "refused" in str(reason).lower()
        return FeedConnectionFailed(host=host, detail="Verbindung abgelehnt" if refused else _short(reason))
    if isinstance(error, requests.exceptions.ConnectTimeout) or isinstance(
        reason, urllib3.exceptions.ConnectTimeoutError
    ):
        return FeedTimeout(host=host, seconds=_seconds(policy.connect_timeout))
    if isinstance(error, requests.exceptions.ReadTimeout | urllib3.exceptions.ReadTimeoutError) or isinstance(
        reason, urllib3.exceptions.ReadTimeoutError
    ):
        return FeedTimeout(host=host, seconds=_seconds(policy.read_timeout))
    if isinstance(error, requests.exceptions.ContentDecodingError | urllib3.exceptions.DecodeError):
        return FeedUndecodable(detail=_short(error))
    if isinstance(error, requests.exceptions.ChunkedEncodingError | urllib3.exceptions.ProtocolError):
        return FeedTruncated(received="?")
    if isinstance(error, requests.exceptions.SSLError):
        return FeedConnectionFailed(host=host, detail="TLS-Zertifikat nicht vertrauenswürdig")
    if isinstance(error, requests.exceptions.TooManyRedirects):
        return FeedRedirectLoop(host=host, limit=MAX_REDIRECTS)
    text = str(error).lower()
    if "refused" in text:
        return FeedConnectionFailed(host=host, detail="Verbindung abgelehnt")
    if "name resolution" in text or "name or service not known" in text or "nodename" in text:
        return FeedConnectionFailed(host=host, detail="Name nicht auflösbar")
    if "reset" in text or "aborted" in text or "closed" in text:
        return FeedConnectionFailed(host=host, detail="Verbindung unterbrochen")
    return FeedConnectionFailed(host=host, detail=_short(error))


def _seconds(value: float) -> str:
    return f"{value:g}"


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 100 else text[:97] + "…"
