"""The byte-level rules of blob transfers that `RelayClient` follows: the padding of a blob up to
its bucket, which upload failures resume from the relay's offset, and the Content-Range of a
download. Plain functions on bytes and answers, apart from the client's HTTP calls, so that
client.py holds the API and this module the arithmetic behind it.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from app.net.errors import RelayError, RelayUnavailable
from app.wire import BLOB_BUCKETS, blob_bucket

UPLOAD_ATTEMPTS = 3  # tries per chunk when the connection drops mid-upload
DOWNLOAD_PIECE = 64 * 1024
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


def bucket(size: int) -> int:
    """The bucket a blob of `size` bytes is padded to; ValueError if no bucket holds it."""
    padded = blob_bucket(size)
    if padded is None or size < 0:
        raise ValueError(f"a blob holds 0 to {BLOB_BUCKETS[-1]} bytes")
    return padded


def padded_slice(data: BinaryIO, start: int, end: int, size: int) -> bytes:
    """Bytes [start, end) of `data` followed by zero padding from `size` on."""
    real_end = min(end, size)
    content = b""
    if start < real_end:
        data.seek(start)
        content = data.read(real_end - start)
        if len(content) != real_end - start:
            raise ValueError(f"the data ended before the {size} bytes it was said to hold")
    return content + bytes(end - start - len(content))


def resumable(error: Exception) -> bool:
    """A dropped connection or an offset conflict: the upload goes on from the relay's offset."""
    conflict = isinstance(error, RelayError) and error.status == 409
    return conflict or isinstance(error, RelayUnavailable)


def content_range(header: str) -> tuple[int, int, int] | None:
    """(first, last, whole size) of a `Content-Range: bytes FIRST-LAST/SIZE` header, else None."""
    match = _CONTENT_RANGE.fullmatch(header)
    return None if match is None else (int(match[1]), int(match[2]), int(match[3]))
