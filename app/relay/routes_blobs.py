"""The blob routes: encrypted attachments uploaded in resumable chunks, downloaded with Range and
deleted with the uploader's token.

One module per concern of the API (docs/relay-api.md); server.py mounts this router under /v1.
The relay keeps only a SHA-256 of a blob's token, and sizes are `BLOB_BUCKETS` only.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.responses import StreamingResponse

from app.relay import models
from app.relay.deps import Relay, RelayDep, octet_stream
from app.relay.errors import RelayHTTPError
from app.relay.storage import BlobConflict
from app.wire import BLOB_BUCKETS, BLOB_CHUNK_MAX

BLOB_TOKEN_HEADER = "X-Bisik-Blob-Token"
DOWNLOAD_SLICE = BLOB_CHUNK_MAX

BlobIdPath = Annotated[str, Path(pattern=models.BLOB_ID_PATTERN)]
BlobToken = Annotated[str, Header(alias=BLOB_TOKEN_HEADER, pattern=models.TOKEN_PATTERN)]

router = APIRouter()


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
    openapi_extra=octet_stream("the next bytes of the blob", BLOB_CHUNK_MAX),
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
