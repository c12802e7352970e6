"""The relay as an ASGI app: `create_app(config, store)`.

Storage calls run on one dedicated thread, off the event loop; long-polls wait on in-memory events
(`longpoll.Waiters`) that a send sets right after its commit. Nothing here logs or stores an IP
address: the per-IP rate limit buckets live in memory only.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, StreamingResponse
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.relay import models
from app.relay.config import RelayConfig
from app.relay.errors import ErrorBody, RelayHTTPError, rate_limited
from app.relay.longpoll import Waiters, wait_or_hang_up
from app.relay.ratelimit import TokenBuckets
from app.relay.storage import BlobConflict, QuotaExceeded, RelayStore
from app.wire import (
    BLOB_BUCKETS,
    BLOB_CHUNK_MAX,
    CLOCK_SKEW_SECONDS,
    ENVELOPE_BUCKETS,
    MAX_POLL_LIMIT,
    MAX_POLL_WAIT,
    NONCE_WINDOW_SECONDS,
    ONE_TIME_PREKEYS_MAX,
    SignedHeaders,
    SignedPreKey,
    prekey_signing_message,
    signing_message,
)

T = TypeVar("T")
log = logging.getLogger(__name__)

JSON_BODY_MAX = ENVELOPE_BUCKETS[-1]  # every body except a blob chunk fits in this
BLOB_TOKEN_HEADER = "X-Bisik-Blob-Token"
DOWNLOAD_SLICE = BLOB_CHUNK_MAX


class Relay:
    """Everything a request handler needs: configuration, storage, waiters and rate limits."""

    def __init__(self, config: RelayConfig, store: RelayStore) -> None:
        self.config = config
        self.store = store
        self.waiters = Waiters()
        self._storage_thread = ThreadPoolExecutor(1, thread_name_prefix="relay-store")
        limits = config.rate_limits  # None: no limits at all
        self.per_ip = TokenBuckets(None if limits is None else limits.per_ip)
        # Sends to a mailbox and its owner's signed requests spend separate buckets of the same
        # limit: anonymous senders must not be able to lock an owner out of its own mailbox.
        self.sends_per_mailbox = TokenBuckets(None if limits is None else limits.per_mailbox)
        self.owner_per_mailbox = TokenBuckets(None if limits is None else limits.per_mailbox)
        self.bundle_per_ip = TokenBuckets(None if limits is None else limits.bundle_per_ip)
        self.bundle_per_target = TokenBuckets(None if limits is None else limits.bundle_per_target)

    def run(self, call: Callable[[], T]) -> Awaitable[T]:
        """Run a storage call on the storage thread."""
        return asyncio.get_running_loop().run_in_executor(self._storage_thread, call)

    def expires_at(self, now: float) -> float:
        return now + self.config.ttl_seconds

    async def sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.config.sweep_interval)
            try:
                await self.run(lambda: self.store.expire(time.time()))
            except Exception:  # a failed sweep must not end the sweeping; the next one retries
                log.exception("the expiry sweep failed")

    def close(self) -> None:
        self._storage_thread.shutdown(wait=True)
        self.store.close()


def _relay(request: Request) -> Relay:
    relay: Relay = request.app.state.relay
    return relay


def _limit(buckets: TokenBuckets, key: object) -> None:
    retry_after = buckets.take(key, time.monotonic())
    if retry_after:
        raise rate_limited(retry_after)


def requester(request: Request) -> str:
    """The rate-limit key of the requesting address (in memory only): the IPv4 address, or the
    IPv6 /64 network, since one IPv6 host commonly holds a whole /64 to hop around in."""
    host = request.client.host if request.client else ""
    if ":" not in host:
        return host
    try:
        return str(ipaddress.IPv6Network((host, 64), strict=False))
    except ValueError:  # not an address (a test client's name, say): the name itself
        return host


async def limit_per_ip(request: Request) -> None:
    """Every request spends a token of its IP's bucket."""
    _limit(_relay(request).per_ip, requester(request))


# --- parameters ---------------------------------------------------------------------------------
MailboxPath = Annotated[
    str,
    Path(pattern=models.MAILBOX_PATTERN, description="the mailbox: an Ed25519 public key, hex"),
]
BlobIdPath = Annotated[str, Path(pattern=models.BLOB_ID_PATTERN)]
BlobToken = Annotated[str, Header(alias=BLOB_TOKEN_HEADER, pattern=models.TOKEN_PATTERN)]


async def signed_mailbox(
    request: Request,
    mailbox: MailboxPath,
    timestamp: Annotated[int, Header(alias=SignedHeaders.TIMESTAMP, ge=0, le=2**40)],
    nonce: Annotated[str, Header(alias=SignedHeaders.NONCE, pattern=r"^[0-9a-f]{32}$")],
    signature: Annotated[str, Header(alias=SignedHeaders.SIGNATURE, pattern=r"^[0-9a-f]{128}$")],
) -> bytes:
    """The mailbox key of a request signed by it (see app.wire.signing), or 401."""
    relay = _relay(request)
    key = bytes.fromhex(mailbox)
    now = time.time()
    if abs(now - timestamp) > CLOCK_SKEW_SECONDS:
        raise RelayHTTPError(401, "the request's timestamp is too far from the relay's clock")
    message = signing_message(
        request.method,
        request.scope.get("raw_path", request.scope["path"].encode()).decode("latin-1"),
        request.scope["query_string"].decode("latin-1"),
        await request.body(),
        timestamp,
        nonce,
    )
    try:
        VerifyKey(key).verify(message, bytes.fromhex(signature))
    except (CryptoError, ValueError):
        raise RelayHTTPError(401, "the signature does not verify for this mailbox") from None
    expires = now + NONCE_WINDOW_SECONDS
    if await relay.run(lambda: relay.store.nonce_seen(key, nonce, now, expires)):
        raise RelayHTTPError(401, "this nonce was used already (replayed request)")
    _limit(relay.owner_per_mailbox, key)
    return key


SignedMailbox = Annotated[bytes, Depends(signed_mailbox)]
RelayDep = Annotated[Relay, Depends(_relay)]

router = APIRouter(prefix="/v1")


def _octet_stream(description: str, max_length: int) -> dict[str, Any]:
    """OpenAPI for a raw-bytes request body (FastAPI cannot infer it from the handler)."""
    schema = {"type": "string", "format": "binary", "maxLength": max_length}
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/octet-stream": {"schema": schema}},
        }
    }


@router.get("/health", response_model=models.Health)
async def health() -> models.Health:
    return models.Health(status="ok")


# --- prekeys ------------------------------------------------------------------------------------
@router.put("/mailboxes/{mailbox}/prekeys", status_code=204)
async def publish_prekeys(
    body: models.PublishPreKeys, key: SignedMailbox, relay: RelayDep
) -> Response:
    """Replace the signed prekey (its signature is checked) and add up to 100 one-time prekeys."""
    signed = None
    if body.signed_prekey is not None:
        signed = SignedPreKey(
            body.signed_prekey.key_id,
            bytes.fromhex(body.signed_prekey.public_key),
            bytes.fromhex(body.signed_prekey.signature),
        )
        try:
            VerifyKey(key).verify(prekey_signing_message(signed.public_key), signed.signature)
        except (CryptoError, ValueError):
            raise RelayHTTPError(400, "the signed prekey's signature does not verify") from None
    one_time = [(item.key_id, bytes.fromhex(item.public_key)) for item in body.one_time_prekeys]
    try:
        await relay.run(
            lambda: relay.store.publish_prekeys(key, signed, one_time, ONE_TIME_PREKEYS_MAX)
        )
    except QuotaExceeded:
        detail = f"a mailbox holds at most {ONE_TIME_PREKEYS_MAX} one-time prekeys"
        raise RelayHTTPError(400, detail, "too_many_prekeys") from None
    return Response(status_code=204)


@router.get("/mailboxes/{mailbox}/prekeys/count", response_model=models.PreKeyCount)
async def prekey_count(key: SignedMailbox, relay: RelayDep) -> models.PreKeyCount:
    """How many one-time prekeys the relay still holds for the mailbox."""
    return models.PreKeyCount(count=await relay.run(lambda: relay.store.prekey_count(key)))


@router.post("/mailboxes/{mailbox}/bundle", response_model=models.Bundle)
async def claim_bundle(request: Request, mailbox: MailboxPath, relay: RelayDep) -> models.Bundle:
    """A prekey bundle for starting a session; claims one one-time prekey. Unsigned, so the relay
    does not learn who contacts whom; limited per requesting IP and per target mailbox."""
    key = bytes.fromhex(mailbox)
    _limit(relay.bundle_per_ip, requester(request))
    _limit(relay.bundle_per_target, key)
    bundle = await relay.run(lambda: relay.store.claim_bundle(key))
    if bundle is None:
        raise RelayHTTPError(404, "this mailbox has published no prekeys")
    return models.Bundle(
        identity_key=bundle.identity_key.hex(),
        signed_prekey_id=bundle.signed_prekey_id,
        signed_prekey=bundle.signed_prekey.hex(),
        signed_prekey_signature=bundle.signed_prekey_signature.hex(),
        one_time_prekey_id=bundle.one_time_prekey_id,
        one_time_prekey=None if bundle.one_time_prekey is None else bundle.one_time_prekey.hex(),
    )


# --- envelopes ----------------------------------------------------------------------------------
@router.post(
    "/mailboxes/{mailbox}/envelopes",
    status_code=201,
    response_model=models.EnvelopeCreated,
    openapi_extra=_octet_stream(
        f"the envelope; its length must be one of {ENVELOPE_BUCKETS}", ENVELOPE_BUCKETS[-1]
    ),
)
async def send_envelope(
    request: Request,
    mailbox: MailboxPath,
    relay: RelayDep,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", pattern=r"^[A-Za-z0-9._:-]{1,64}$")
    ] = None,
) -> models.EnvelopeCreated:
    """Store an envelope for a mailbox. Anonymous: the sender is inside the envelope."""
    key = bytes.fromhex(mailbox)
    envelope = await request.body()
    if len(envelope) not in ENVELOPE_BUCKETS:
        raise RelayHTTPError(400, f"an envelope's length must be one of {ENVELOPE_BUCKETS}")
    _limit(relay.sends_per_mailbox, key)
    now = time.time()
    expires, quota = relay.expires_at(now), relay.config.mailbox_quota
    try:
        envelope_id = await relay.run(
            lambda: relay.store.put_envelope(key, envelope, idempotency_key, now, expires, quota)
        )
    except QuotaExceeded:
        detail = "the mailbox holds too many unacknowledged envelopes"
        raise rate_limited(60, detail, "mailbox_full") from None
    relay.waiters.notify(key)
    return models.EnvelopeCreated(envelope_id=envelope_id)


@router.get("/mailboxes/{mailbox}/envelopes", response_model=models.Envelopes)
async def poll_envelopes(
    request: Request,
    key: SignedMailbox,
    relay: RelayDep,
    wait: Annotated[float, Query(ge=0, le=MAX_POLL_WAIT)] = 0.0,
    limit: Annotated[int, Query(ge=1, le=MAX_POLL_LIMIT)] = MAX_POLL_LIMIT,
) -> models.Envelopes:
    """Unacknowledged envelopes, oldest first; with `wait`, answer as soon as one arrives."""
    with relay.waiters.watch(key) as arrived:
        stored = await relay.run(lambda: relay.store.fetch_envelopes(key, limit, time.time()))
        if not stored and wait > 0 and await wait_or_hang_up(arrived, request.receive, wait):
            stored = await relay.run(lambda: relay.store.fetch_envelopes(key, limit, time.time()))
    return models.Envelopes(
        envelopes=[
            models.EnvelopeOut(
                envelope_id=item.envelope_id,
                envelope=base64.b64encode(item.envelope).decode("ascii"),
                received_at=item.received_at,
            )
            for item in stored
        ]
    )


@router.post("/mailboxes/{mailbox}/ack", response_model=models.Acked)
async def ack_envelopes(body: models.Ack, key: SignedMailbox, relay: RelayDep) -> models.Acked:
    """Delete delivered envelopes of the own mailbox at once."""
    ids = list(body.envelope_ids)
    return models.Acked(deleted=await relay.run(lambda: relay.store.ack(key, ids)))


# --- blobs --------------------------------------------------------------------------------------
def _token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii")).digest()


async def _blob_for_owner(relay: Relay, blob_id: str, token: str) -> models.BlobStatus:
    info = await relay.run(lambda: relay.store.blob_info(blob_id, time.time()))
    if info is None:
        raise RelayHTTPError(404, "no such blob")
    if not hmac.compare_digest(info.token_hash, _token_hash(token)):
        raise RelayHTTPError(403, "wrong blob token")
    return models.BlobStatus(size=info.size, received=info.received)


@router.post("/blobs", status_code=201, response_model=models.BlobCreated)
async def create_blob(body: models.BlobCreate, relay: RelayDep) -> models.BlobCreated:
    """Start an upload of `size` bytes (a bucket size); the bytes follow in PATCH requests."""
    if body.size not in BLOB_BUCKETS or body.size > relay.config.max_blob_size:
        allowed = [size for size in BLOB_BUCKETS if size <= relay.config.max_blob_size]
        raise RelayHTTPError(400, f"a blob's size must be one of {allowed}")
    blob_id, token = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
    expires = relay.expires_at(time.time())
    await relay.run(
        lambda: relay.store.create_blob(blob_id, body.size, _token_hash(token), expires)
    )
    return models.BlobCreated(blob_id=blob_id, delete_token=token)


@router.patch(
    "/blobs/{blob_id}",
    response_model=models.BlobStatus,
    openapi_extra=_octet_stream("the next bytes of the blob", BLOB_CHUNK_MAX),
)
async def append_blob(
    request: Request,
    blob_id: BlobIdPath,
    token: BlobToken,
    offset: Annotated[int, Header(alias="Upload-Offset", ge=0)],
    relay: RelayDep,
) -> models.BlobStatus:
    """Append bytes at `Upload-Offset`, which must equal the bytes received so far (else 409,
    with the current offset in the Upload-Offset header): an interrupted upload resumes there."""
    status = await _blob_for_owner(relay, blob_id, token)
    data = await request.body()
    if not data:
        raise RelayHTTPError(400, "an upload request carries at least one byte")
    try:
        received = await relay.run(lambda: relay.store.append_blob(blob_id, offset, data))
    except BlobConflict as conflict:
        raise RelayHTTPError(
            409,
            f"the upload continues at offset {conflict.received} and ends at {status.size}",
            headers={"Upload-Offset": str(conflict.received)},
        ) from None
    return models.BlobStatus(size=status.size, received=received)


@router.get("/blobs/{blob_id}/status", response_model=models.BlobStatus)
async def blob_status(blob_id: BlobIdPath, relay: RelayDep) -> models.BlobStatus:
    """How much of a blob has arrived; an uploader resumes from `received`."""
    info = await relay.run(lambda: relay.store.blob_info(blob_id, time.time()))
    if info is None:
        raise RelayHTTPError(404, "no such blob")
    return models.BlobStatus(size=info.size, received=info.received)


def _parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """[start, end) of a single `bytes=` range, None for the whole blob; 416 if unsatisfiable."""
    if header is None:
        return None
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if match is None or not (match[1] or match[2]):
        raise RelayHTTPError(400, "only a single 'bytes=START-END' range is supported")
    first, last = match[1], match[2]
    if not first:
        start, end = max(size - int(last), 0), size
    else:
        start = int(first)
        end = min(int(last) + 1, size) if last else size
    if start >= size or start >= end:
        raise RelayHTTPError(
            416, f"the blob has {size} bytes", headers={"Content-Range": f"bytes */{size}"}
        )
    return start, end


@router.get(
    "/blobs/{blob_id}",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}, 206: {"description": "part"}},
)
async def download_blob(
    blob_id: BlobIdPath,
    relay: RelayDep,
    range_header: Annotated[str | None, Header(alias="Range", max_length=100)] = None,
) -> StreamingResponse:
    """The blob's bytes, or the part a `Range: bytes=START-END` header asks for."""
    info = await relay.run(lambda: relay.store.blob_info(blob_id, time.time()))
    if info is None or not info.complete:
        raise RelayHTTPError(404, "no such blob, or its upload has not finished")
    part = _parse_range(range_header, info.size)
    start, end = part or (0, info.size)

    async def slices() -> AsyncIterator[bytes]:
        for offset in range(start, end, DOWNLOAD_SLICE):
            stop = min(offset + DOWNLOAD_SLICE, end)
            yield await relay.run(lambda: relay.store.read_blob(blob_id, offset, stop))  # noqa: B023

    headers = {"Accept-Ranges": "bytes", "Content-Length": str(end - start)}
    if part is not None:
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{info.size}"
    return StreamingResponse(
        slices(),
        status_code=206 if part else 200,
        media_type="application/octet-stream",
        headers=headers,
    )


@router.delete("/blobs/{blob_id}", status_code=204)
async def delete_blob(blob_id: BlobIdPath, token: BlobToken, relay: RelayDep) -> Response:
    """Delete a blob at once (its uploader holds the token)."""
    await _blob_for_owner(relay, blob_id, token)
    await relay.run(lambda: relay.store.delete_blob(blob_id))
    return Response(status_code=204)


# --- errors, limits and the schema --------------------------------------------------------------
class BodyLimit:
    """Refuses an oversize body with 413 from its Content-Length, before reading a byte of it;
    a body without a Content-Length (chunked) gets 411, and one that stops arriving for
    `timeout` seconds gets 408 (a slow client must not hold a request open forever)."""

    def __init__(self, app: ASGIApp, timeout: float) -> None:
        self.app = app
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            response = JSONResponse(refusal.body(), refusal.status, headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        await self.app(scope, self._body_in_time(receive), send)

    def _body_in_time(self, receive: Receive) -> Receive:
        """`receive`, bounded by the timeout until the body is complete; unbounded after it,
        where a long-poll waits for its client to hang up."""
        body_complete = False

        async def receive_in_time() -> Message:
            nonlocal body_complete
            if body_complete:
                return await receive()
            try:
                async with asyncio.timeout(self.timeout):
                    message = await receive()
            except TimeoutError:
                detail = f"the body stopped arriving for {self.timeout:g} s"
                raise StarletteHTTPException(408, detail, {"Connection": "close"}) from None
            body_complete = message["type"] != "http.request" or not message.get("more_body")
            return message

        return receive_in_time

    @staticmethod
    def _refusal(scope: Scope) -> RelayHTTPError | None:
        headers = dict(scope["headers"])
        limit = BLOB_CHUNK_MAX if scope["method"] == "PATCH" else JSON_BODY_MAX
        length = headers.get(b"content-length")
        if length is None:
            if b"transfer-encoding" in headers:
                return RelayHTTPError(411, "send a Content-Length")
            return None
        if not length.isdigit():
            return RelayHTTPError(400, "the Content-Length is not a number")
        if int(length) > limit:
            return RelayHTTPError(413, f"the body may hold at most {limit} bytes")
        return None


def _error_response(error: RelayHTTPError) -> JSONResponse:
    return JSONResponse(error.body(), error.status, headers=error.headers)


async def _on_relay_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RelayHTTPError)
    return _error_response(error)


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
        for problem in error.errors()[:5]
    )
    return _error_response(RelayHTTPError(400, problems or "invalid request"))


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return _error_response(
        RelayHTTPError(error.status_code, str(error.detail), headers=dict(error.headers or {}))
    )


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    return _error_response(RelayHTTPError(500, "internal error"))


def _openapi_with_400(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI documents validation failures as 422; the relay answers them with 400."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            for path in schema["paths"].values():
                for operation in path.values():
                    operation["responses"].pop("422", None)
            components = schema.get("components", {}).get("schemas", {})
            components.pop("HTTPValidationError", None)
            components.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    return openapi


def create_app(config: RelayConfig, store: RelayStore) -> FastAPI:
    """The relay app over `store`; it closes the store when it shuts down."""
    relay = Relay(config, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sweeper = asyncio.create_task(relay.sweep_forever())
        try:
            yield
        finally:
            sweeper.cancel()
            with suppress(asyncio.CancelledError):
                await sweeper
            relay.close()

    error_response = {"model": ErrorBody, "description": "refused"}
    app = FastAPI(
        title="Bisik relay",
        version="1",
        lifespan=lifespan,
        dependencies=[Depends(limit_per_ip)],
        responses={status: error_response for status in (400, 401, 404, 413, 429)},
        docs_url=None,
        redoc_url=None,
    )
    app.state.relay = relay
    app.include_router(router)
    app.add_middleware(BodyLimit, timeout=config.body_timeout)
    app.add_exception_handler(RelayHTTPError, _on_relay_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
    app.openapi = _openapi_with_400(app)  # type: ignore[method-assign]
    return app
