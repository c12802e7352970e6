"""`RelayClient`: the relay API (docs/relay-api.md) as blocking calls, safe from several threads."""

from __future__ import annotations

import base64
import binascii
import io
import json
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO
from urllib.parse import quote, urlencode, urlsplit

import requests
from nacl import bindings
from nacl._sodium import ffi, lib

from app.net import blobs
from app.net.errors import BadAnswer, NotFound, RateLimited, RelayError, RelayUnavailable
from app.net.transport import Proxy, Transport
from app.wire import (
    BLOB_CHUNK_MAX,
    MAILBOX_QUOTA,
    MAX_POLL_LIMIT,
    MAX_POLL_WAIT,
    PREKEY_BATCH_MAX,
    BlobRef,
    Delivery,
    PreKeyBundleData,
    SignedHeaders,
    SignedPreKey,
    signing_message,
)

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)
DEADLINE_MARGIN = 5.0  # seconds a whole answer may take beyond the connect and read timeouts
_NETWORK_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RelayClient:
    """The client of one relay, acting for the mailbox of one identity key.

    Signed requests (prekeys, poll, ack) name the own mailbox; every unsigned one (sends, bundle
    fetches, blobs) is anonymous and goes on a fresh connection of its own (`Transport`), so the
    relay cannot tie it to the mailbox by connection. Blobs too: a blob id travels from the
    uploader to the reader inside a message, and on the signed connections it would link the two.

    With `proxy` (`socks5h://host:port`, "" for none; BadProxyUrl otherwise) every request goes
    through that SOCKS5 proxy, and fails with RelayUnavailable naming it when it cannot be
    reached: never directly.
    """

    def __init__(
        self, base_url: str, identity_seed: bytes, *, timeout: float = 10.0, proxy: str = ""
    ) -> None:
        if len(identity_seed) != 32:
            raise ValueError("the identity seed is 32 bytes")
        parsed_proxy = Proxy.parse(proxy)  # before the key is made: nothing to wipe on a refusal
        self._base_url = base_url.rstrip("/")
        self._base_path = urlsplit(self._base_url).path
        # libsodium's Ed25519 secret key (seed || public) in a bytearray that close() zeroes, not
        # a nacl SigningKey's bytes (net may not import app.crypto.secret: docs/store.md).
        self._secret_key = bytearray(64)
        public = bytearray(32)
        lib.crypto_sign_seed_keypair(
            ffi.from_buffer(public), ffi.from_buffer(self._secret_key), identity_seed
        )
        self._mailbox = bytes(public)
        self._timeout = timeout
        self._transport = Transport(parsed_proxy)

    def __repr__(self) -> str:
        via = "" if self._transport.proxy is None else f", proxy={self._transport.proxy}"
        return f"RelayClient({self._base_url!r}, mailbox={self.mailbox.hex()[:16]}…{via})"

    def close(self) -> None:
        """End every call of this client at once with RelayUnavailable: those in flight (a
        long-poll, a send to a relay that does not answer) and later ones. From any thread."""
        self._transport.close()
        lib.sodium_memzero(ffi.from_buffer(self._secret_key), len(self._secret_key))

    @property
    def mailbox(self) -> bytes:
        """The own mailbox: the identity key's Ed25519 public key."""
        return self._mailbox

    # --- prekeys --------------------------------------------------------------------------------
    def publish_prekeys(
        self, signed_prekey: SignedPreKey | None, one_time: Sequence[tuple[int, bytes]]
    ) -> None:
        """Publish the signed prekey (if given) and the one-time prekeys, 100 per request."""
        batches = list(_batches(one_time, PREKEY_BATCH_MAX)) or [[]]
        for number, batch in enumerate(batches):
            body: dict[str, Any] = {
                "one_time_prekeys": [{"key_id": i, "public_key": key.hex()} for i, key in batch]
            }
            if signed_prekey is not None and number == 0:
                body["signed_prekey"] = {
                    "key_id": signed_prekey.key_id,
                    "public_key": signed_prekey.public_key.hex(),
                    "signature": signed_prekey.signature.hex(),
                }
            self._request("PUT", f"{self._own_path}/prekeys", json_body=body, signed=True)

    def prekey_count(self) -> int:
        """How many one-time prekeys the relay still holds for this mailbox."""
        answer = self._json("GET", f"{self._own_path}/prekeys/count", signed=True)
        return int(_field(answer, "count", int))

    def fetch_bundle(self, mailbox: bytes) -> PreKeyBundleData:
        """Another mailbox's prekey bundle; claims one of its one-time prekeys."""
        answer = self._json("POST", f"/v1/mailboxes/{mailbox.hex()}/bundle")
        one_time_id = _field(answer, "one_time_prekey_id", (int, type(None)))
        one_time = _field(answer, "one_time_prekey", (str, type(None)))
        return PreKeyBundleData(
            identity_key=_hex(_field(answer, "identity_key", str)),
            signed_prekey_id=_field(answer, "signed_prekey_id", int),
            signed_prekey=_hex(_field(answer, "signed_prekey", str)),
            signed_prekey_signature=_hex(_field(answer, "signed_prekey_signature", str)),
            one_time_prekey_id=one_time_id,
            one_time_prekey=None if one_time is None else _hex(one_time),
        )

    # --- envelopes ------------------------------------------------------------------------------
    def send(self, mailbox: bytes, envelope: bytes, idempotency_key: str) -> str:
        """Deliver an envelope to a mailbox; a retry with the same key returns the same id."""
        answer = self._json(
            "POST",
            f"/v1/mailboxes/{mailbox.hex()}/envelopes",
            body=envelope,
            headers={
                "Idempotency-Key": idempotency_key,
                "Content-Type": "application/octet-stream",
            },
        )
        return str(_field(answer, "envelope_id", str))

    def poll(self, wait: float = 0.0, limit: int = 100) -> list[Delivery]:
        """Unacknowledged envelopes of the own mailbox, oldest first; waits up to `wait` seconds
        for the first one to arrive. `wait` and `limit` are clamped to what the relay allows."""
        wait = min(max(wait, 0.0), MAX_POLL_WAIT)
        limit = min(max(limit, 1), MAX_POLL_LIMIT)
        answer = self._json(
            "GET",
            f"{self._own_path}/envelopes",
            query={"wait": f"{wait:g}", "limit": str(limit)},
            signed=True,
            timeout=wait + self._timeout,
        )
        items = _field(answer, "envelopes", list)
        try:
            return [
                Delivery(
                    envelope_id=str(item["envelope_id"]),
                    envelope=base64.b64decode(item["envelope"], validate=True),
                    received_at=float(item["received_at"]),
                )
                for item in items
            ]
        except (KeyError, TypeError, ValueError, binascii.Error) as error:
            raise BadAnswer(200, f"malformed envelope list: {error}") from None

    def ack(self, ids: Sequence[str]) -> None:
        """Delete delivered envelopes from the own mailbox."""
        for batch in _batches(ids, MAILBOX_QUOTA):
            self._request(
                "POST",
                f"{self._own_path}/ack",
                json_body={"envelope_ids": list(batch)},
                signed=True,
            )

    # --- blobs ----------------------------------------------------------------------------------
    def upload_blob(self, data: BinaryIO, size: int, progress: Progress | None = None) -> BlobRef:
        """Upload `size` bytes from `data` (seekable) as a new blob: `create_blob` and then
        `resume_upload`. The reader must know `size` (it travels inside the encrypted message
        that points to the blob) to strip the zero padding up to the bucket."""
        ref = self.create_blob(size)
        self.resume_upload(ref, data, size, progress)
        return ref

    def create_blob(self, size: int) -> BlobRef:
        """Reserve a blob for `size` bytes (stored padded to their bucket). Keep the ref to resume
        an interrupted upload later, even after a restart."""
        answer = self._json("POST", "/v1/blobs", json_body={"size": blobs.bucket(size)})
        return BlobRef(_field(answer, "blob_id", str), _field(answer, "delete_token", str))

    def resume_upload(
        self, ref: BlobRef, data: BinaryIO, size: int, progress: Progress | None = None
    ) -> None:
        """Send, in chunks, whatever of the blob the relay does not hold yet, then the padding.
        A dropped connection is retried from the relay's offset (blobs.UPLOAD_ATTEMPTS times)."""
        bucket = blobs.bucket(size)
        offset = self._blob_received(ref.blob_id)
        failures = 0
        while offset < bucket:
            end = min(offset + BLOB_CHUNK_MAX, bucket)
            chunk = blobs.padded_slice(data, offset, end, size)
            try:
                answer = self._json(
                    "PATCH",
                    _blob_path(ref.blob_id),
                    body=chunk,
                    headers={
                        "X-Bisik-Blob-Token": ref.delete_token,
                        "Upload-Offset": str(offset),
                        "Content-Type": "application/octet-stream",
                    },
                )
                offset = int(_field(answer, "received", int))
                failures = 0
            except (RelayUnavailable, RelayError) as error:
                failures += 1
                if failures >= blobs.UPLOAD_ATTEMPTS or not blobs.resumable(error):
                    raise
                offset = self._blob_received(ref.blob_id)
            if progress is not None:
                progress(min(offset, size), size)

    def download_blob(
        self,
        blob_id: str,
        dest: BinaryIO,
        progress: Progress | None = None,
        *,
        size: int | None = None,
    ) -> None:
        """Append the blob to `dest`, resuming from dest's current size with an HTTP Range.
        With `size` (the unpadded length), stop there instead of at the end of the padding."""
        have = dest.seek(0, io.SEEK_END)
        if size is not None and have >= size:
            return
        last = "" if size is None else str(size - 1)
        try:
            response = self._request(
                "GET",
                _blob_path(blob_id),
                headers={"Range": f"bytes={have}-{last}"},
                stream=True,
            )
        except RelayError as error:
            if error.status == 416 and have > 0:
                return  # dest already holds the whole blob
            raise
        with response:
            span = blobs.content_range(response.headers.get("Content-Range", ""))
            if span is None or span[0] != have:
                raise BadAnswer(response.status_code, "missing Content-Range")
            _, last_byte, whole = span
            total = size if size is not None else whole
            try:
                for piece in response.iter_content(blobs.DOWNLOAD_PIECE):
                    dest.write(piece)
                    have += len(piece)
                    if progress is not None:
                        progress(have, total)
            except _NETWORK_ERRORS as error:
                raise RelayUnavailable(f"download interrupted at {have} bytes") from error
        if have < last_byte + 1:
            raise RelayUnavailable(f"download interrupted at {have} bytes")

    def delete_blob(self, blob_id: str, delete_token: str) -> None:
        self._request(
            "DELETE",
            _blob_path(blob_id),
            headers={"X-Bisik-Blob-Token": delete_token},
        )

    def _blob_received(self, blob_id: str) -> int:
        answer = self._json("GET", f"{_blob_path(blob_id)}/status")
        return int(_field(answer, "received", int))

    # --- transport ------------------------------------------------------------------------------
    @property
    def _own_path(self) -> str:
        return f"/v1/mailboxes/{self.mailbox.hex()}"

    def _sign(self, message: bytes) -> bytes:
        signed: bytes = bindings.crypto_sign(message, ffi.from_buffer(self._secret_key))
        return signed[: bindings.crypto_sign_BYTES]

    def _signature_headers(self, method: str, path: str, query: str, body: bytes) -> dict[str, str]:
        timestamp, nonce = int(time.time()), secrets.token_hex(16)
        message = signing_message(method, self._base_path + path, query, body, timestamp, nonce)
        return {
            SignedHeaders.TIMESTAMP: str(timestamp),
            SignedHeaders.NONCE: nonce,
            SignedHeaders.SIGNATURE: self._sign(message).hex(),
        }

    def _request(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, str] | None = None,
        body: bytes = b"",
        json_body: object = None,
        headers: dict[str, str] | None = None,
        signed: bool = False,
        timeout: float | None = None,
        stream: bool = False,
    ) -> requests.Response:
        if self._transport.closed:
            raise RelayUnavailable(f"{method} {path}: the relay client is closed")
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        query_string = urlencode(query or {})
        if signed:
            headers.update(self._signature_headers(method, path, query_string, body))
        url = self._base_url + path + (f"?{query_string}" if query_string else "")
        read_timeout = timeout or self._timeout
        # the whole answer, not just each read, within connect + read timeout (+ a margin); a
        # stream (a blob download) is bounded per read only
        deadline = None if stream else self._timeout + read_timeout + DEADLINE_MARGIN
        try:
            with self._transport.deadline(deadline):
                response = self._transport.session(anonymous=not signed).request(
                    method,
                    url,
                    data=body,
                    headers=headers,
                    timeout=(self._timeout, read_timeout),
                    stream=stream,
                )
        except _NETWORK_ERRORS as error:
            message = self._transport.unreachable(f"{method} {path}", error)
            raise RelayUnavailable(message) from error
        if response.status_code >= 400:
            raise _error_from(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self._request(method, path, **kwargs)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise BadAnswer(response.status_code, "the relay's answer is not JSON")
        return answer


def _error_from(response: requests.Response) -> Exception:
    """The exception for a refusal, from the relay's `{"error", "detail"}` body."""
    status = response.status_code
    try:
        body = response.json()
        error, detail = str(body["error"]), str(body["detail"])
    except (ValueError, KeyError, TypeError):
        error, detail = f"http_{status}", response.text
    detail = detail[:200]
    if status >= 500:  # a relay in trouble, or a network that garbles: try again later
        return RelayUnavailable(f"relay answered {status}: {detail}")
    if status == 429:
        try:
            retry_after = float(response.headers.get("Retry-After", "1"))
        except ValueError:
            retry_after = 1.0
        return RateLimited(status, error, detail, retry_after)
    if status == 404:
        return NotFound(status, error, detail)
    return RelayError(status, error, detail)


def _field(answer: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = answer.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise BadAnswer(200, f"the relay's answer lacks a valid {name!r}")
    return value


def _hex(text: str) -> bytes:
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise BadAnswer(200, "a key in the relay's answer is not hex") from None


def _blob_path(blob_id: str) -> str:
    return f"/v1/blobs/{quote(blob_id, safe='')}"
