"""What kiosks call: feeds (signed, ETag, gzip), enrolment, the outbox upload, the relay PUT.

The contracts are docs/sync.md (feeds, uploads) and docs/relay.md (queue
snapshots). A kiosk's token is checked on every upload and snapshot: an
unknown token is 401, a revoked one 403, so ``kiosk sync`` stops and keeps
its counts. Feeds need no token: a plan is public, its signature proves
where it came from.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.central import ingest, kiosks
from kiosk.central.db import to_text
from kiosk.central.relay import Snapshot
from kiosk.central.web import models
from kiosk.central.web.security import Ctx, EnrolledKiosk
from kiosk.core.errors import N_
from kiosk.sync.feed import FORMAT_VERSION, MEDIA_TYPE
from kiosk.web.errors import ApiError, error_body

router = APIRouter()

NOT_ACCEPTABLE = N_("Dieser Server liefert Feeds im Format {offered}; der Kiosk versteht nur: {asked}.")
TOO_MANY_CODES = N_("Zu viele falsche Anmeldecodes. Bitte in {seconds} Sekunden noch einmal versuchen.")
TOO_LARGE = N_("Die Nachricht ist zu groß (höchstens {limit} Bytes).")
STALE = N_("Der Server hat schon einen neueren Stand (Folgenummer {have}).")
INVALID_SNAPSHOT = N_("Der Stand ist ungültig ({problem}).")
INVALID_HEARTBEAT = N_("Der Bericht ist ungültig ({problem}).")
OTHER_OFFICE = N_("Dieser Kiosk gehört zum Büro „{mine}“, nicht zu „{theirs}“.")


# --- feeds -------------------------------------------------------------------------------------


def _accepts_version(accept: str | None) -> bool:
    """Whether the client takes format version 1 (docs/sync.md: Accept negotiation)."""
    if not accept:
        return True
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media, params = fields[0].lower(), dict(f.split("=", 1) for f in fields[1:] if "=" in f)
        if params.get("q", "1").strip() in ("0", "0.0", "0.00", "0.000"):
            continue
        if media == MEDIA_TYPE and params.get("version", str(FORMAT_VERSION)).strip() == str(FORMAT_VERSION):
            return True
        if media in ("application/json", "application/*", "*/*"):
            return True
    return False


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.strip('"')
    return any(
        tag.strip().removeprefix("W/").strip('"').removesuffix("-gz") == wanted for tag in header.split(",")
    )


def _gzip_ok(header: str | None) -> bool:
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if fields[0].lower() == "gzip":
            return not any(f.replace(" ", "") in ("q=0", "q=0.0") for f in fields[1:])
    return False


@router.get(
    "/feeds/{office_id}.json",
    tags=["feeds"],
    response_class=Response,
    responses={200: {"content": {MEDIA_TYPE: {}, "application/json": {}}}, 304: {"description": "unchanged"}},
)
def office_feed(
    office_id: Annotated[str, Path(pattern=models.ID)],
    request: Request,
    ctx: Ctx,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """The office's plan as a signed feed (signature at the same URL + ``.sig``)."""
    if not _accepts_version(accept):
        offered = f"{MEDIA_TYPE};version={FORMAT_VERSION}"
        raise ApiError(406, "feed_version_not_offered", NOT_ACCEPTABLE.format(offered=offered, asked=accept))
    published = ctx.publisher.feed(ctx.pool.get(), office_id)
    generated = datetime.fromisoformat(published.generated_at)
    headers = {
        "ETag": published.etag,
        "Last-Modified": format_datetime(generated.astimezone(UTC), usegmt=True),
        "Vary": "Accept, Accept-Encoding",
        "Cache-Control": "public, no-cache",
    }
    if_none = request.headers.get("if-none-match")
    if _etag_matches(if_none, published.etag):
        return Response(status_code=304, headers=headers)
    since = request.headers.get("if-modified-since")
    if since and not if_none:
        try:
            if generated.replace(microsecond=0) <= parsedate_to_datetime(since):
                return Response(status_code=304, headers=headers)
        except (TypeError, ValueError):
            pass
    media = (
        f"{MEDIA_TYPE}; version={FORMAT_VERSION}" if accept and MEDIA_TYPE in accept else "application/json"
    )
    if _gzip_ok(request.headers.get("accept-encoding")):
        headers.update({"Content-Encoding": "gzip", "ETag": published.etag[:-1] + '-gz"'})
        return Response(published.gzipped, media_type=media, headers=headers)
    return Response(published.body, media_type=media, headers=headers)


@router.get("/feeds/{office_id}.json.sig", tags=["feeds"], response_class=Response)
def office_feed_signature(office_id: Annotated[str, Path(pattern=models.ID)], ctx: Ctx) -> Response:
    """The detached Ed25519 signature over the feed's exact bytes (base64, one line)."""
    published = ctx.publisher.feed(ctx.pool.get(), office_id)
    return Response(
        published.signature, media_type="text/plain", headers={"ETag": published.etag[:-1] + '-sig"'}
    )


@router.get("/api/v1/public-key", tags=["feeds"])
def public_key(ctx: Ctx) -> dict[str, str]:
    """The city's Ed25519 public key (base64), the line for ``[sync] public_key``."""
    return {"public_key": ctx.publisher.public_key}


# --- enrolment ---------------------------------------------------------------------------------


@router.post("/api/v1/enrol", tags=["kiosks"])
def enrol(body: models.EnrolIn, request: Request, ctx: Ctx) -> dict[str, Any]:
    """Exchange a one-time code for this kiosk's settings (``kiosk enrol URL CODE`` calls this)."""
    client = request.client.host if request.client else "?"
    wait = ctx.enrol_throttle.retry_after(client)
    if wait:
        raise ApiError(
            429, "too_many_attempts", TOO_MANY_CODES.format(seconds=wait), {"Retry-After": str(wait)}
        )
    try:
        made = kiosks.enrol(ctx.pool.get(), body.code, body.label)
    except kiosks.EnrolmentRefused:
        ctx.enrol_throttle.failed(client)
        raise
    ctx.enrol_throttle.succeeded(client)
    base = ctx.public_url
    return {
        "office_id": made.office_id,
        "kiosk_id": made.kiosk_id,
        "token": made.token,
        "public_key": ctx.publisher.public_key,
        "feed_url": f"{base}/feeds/{made.office_id}.json",
        "upload_url": f"{base}/api/v1/kiosk/messages",
        "heartbeat_url": f"{base}/api/v1/kiosk/heartbeat",
        "relay_url": f"{base}/api/relay/v1/offices/{made.office_id}/queue" if made.phone_relay else "",
        "phone_url": base if made.phone_relay else "",
    }


# --- uploads -----------------------------------------------------------------------------------


class Printer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    state: str = Field(default="unknown", max_length=40)
    detail: str = Field(default="", max_length=200)


class Heartbeat(BaseModel):
    """A kiosk's report on itself, sent with every ``kiosk sync``."""

    model_config = ConfigDict(extra="ignore")
    format: Literal["quartierskiosk-heartbeat"]
    office_id: str = Field(pattern=models.ID)
    version: str = Field(default="", max_length=40)
    clock: datetime
    last_sync: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)
    feed_version: str | None = Field(default=None, max_length=100)
    printer: Printer = Printer()
    outbox_pending: int = Field(default=0, ge=0)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", TOO_LARGE.format(limit=limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too_large", TOO_LARGE.format(limit=limit))
        chunks.append(chunk)
    return b"".join(chunks)


MESSAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object", "description": "docs/sync.md §5"}}},
    }
}


@router.post(
    "/api/v1/kiosk/messages",
    tags=["kiosks"],
    openapi_extra=MESSAGE_BODY,
    responses={201: {"description": "stored and counted"}, 409: {"description": "already have it"}},
)
async def upload(
    request: Request,
    ctx: Ctx,
    kiosk: EnrolledKiosk,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """Day counts (and appointment bookings) from a kiosk's outbox (docs/sync.md §5)."""
    raw = await _read_body(request, ingest.MAX_BODY)
    parsed = ingest.parse(raw)
    agent = request.headers.get("user-agent", "")
    if isinstance(parsed, ingest.Received):
        return JSONResponse(error_body(parsed.code, parsed.message), status_code=parsed.outcome)
    received = await run_in_threadpool(
        lambda: ingest.receive(ctx.pool.get(), kiosk, idempotency_key or "", parsed, agent)
    )
    if received.outcome == ingest.Outcome.STORED:
        return JSONResponse({"status": received.code, "message": received.message}, status_code=201)
    return JSONResponse(error_body(received.code, received.message), status_code=received.outcome)


@router.put("/api/v1/kiosk/heartbeat", tags=["kiosks"])
async def heartbeat(request: Request, ctx: Ctx, kiosk: EnrolledKiosk) -> dict[str, Any]:
    """The kiosk's report on itself (version, plan in use, printer, clock), with every sync."""
    raw = await _read_body(request, 64 * 1024)
    try:
        beat = Heartbeat.model_validate_json(raw)
    except ValidationError as error:
        problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()[:3])
        raise ApiError(422, "invalid_heartbeat", INVALID_HEARTBEAT.format(problem=problem)) from None
    if beat.office_id != kiosk.office_id:
        raise ApiError(403, "other_office", OTHER_OFFICE.format(mine=kiosk.office_id, theirs=beat.office_id))
    data = json.loads(beat.model_dump_json())
    agent = request.headers.get("user-agent", "")
    offset = await run_in_threadpool(lambda: kiosks.record_heartbeat(ctx.pool.get(), kiosk.id, data, agent))
    return {"ok": True, "clock_offset_seconds": offset}


# --- relay -------------------------------------------------------------------------------------


def _store_snapshot(ctx: Any, kiosk_id: int, snapshot: Snapshot, agent: str) -> None:
    db = ctx.pool.get()
    with db.write() as tx:
        tx.execute(
            "INSERT INTO relay_snapshots (office_id, sequence, body, received_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(office_id) DO UPDATE SET sequence = excluded.sequence, body = excluded.body, "
            "received_at = excluded.received_at WHERE excluded.sequence > relay_snapshots.sequence",
            [snapshot.office, snapshot.sequence, snapshot.model_dump_json(), to_text(tx.now)],
        )
        tx.execute(
            "UPDATE kiosks SET last_seen = ?, user_agent = ? WHERE id = ?",
            [to_text(tx.now), agent[:100], kiosk_id],
        )


@router.put(
    "/api/relay/v1/offices/{office_id}/queue",
    tags=["relay"],
    responses={409: {"description": "the server has a newer snapshot"}},
)
async def relay_queue(
    office_id: Annotated[str, Path(pattern=models.ID)],
    request: Request,
    ctx: Ctx,
    kiosk: EnrolledKiosk,
) -> dict[str, Any]:
    """The office's anonymous queue state for the phone pages (docs/relay.md); replaces the last one."""
    raw = await _read_body(request, ctx.config.relay.max_bytes)
    try:
        snapshot = Snapshot.model_validate_json(raw)
    except ValidationError as error:
        problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()[:3])
        raise ApiError(422, "invalid_snapshot", INVALID_SNAPSHOT.format(problem=problem)) from None
    if kiosk.office_id != office_id or snapshot.office != office_id:
        raise ApiError(403, "other_office", OTHER_OFFICE.format(mine=kiosk.office_id, theirs=office_id))
    if not ctx.hub.newer(office_id, snapshot.sequence):
        have = ctx.hub.snapshots[office_id].sequence
        raise ApiError(409, "stale_sequence", STALE.format(have=have))
    agent = request.headers.get("user-agent", "")
    await run_in_threadpool(_store_snapshot, ctx, kiosk.id, snapshot, agent)
    if ctx.hub.newer(office_id, snapshot.sequence):  # another PUT may have won while we wrote
        ctx.hub.put(snapshot)
    return {"ok": True, "sequence": snapshot.sequence}


def restore_snapshots(ctx: Any) -> None:
    """After a restart: the newest snapshot of each office, so phones keep their page."""
    for row in ctx.pool.get().rows("SELECT body FROM relay_snapshots"):
        try:
            ctx.hub.put(Snapshot.model_validate_json(row["body"]))
        except ValidationError:
            continue
