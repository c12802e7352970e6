"""`RelayClient`: the relay API (docs/relay-api.md) as blocking calls, safe from several threads."""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO
from urllib.parse import quote

from app.net import blobs
from app.net.answers import b64_bytes as _b64
from app.net.answers import field as _field
from app.net.answers import hex_bytes as _hex
from app.net.answers import kem_prekey as _kem_prekey
from app.net.connection import NETWORK_ERRORS as _NETWORK_ERRORS
from app.net.connection import RelayConnection
from app.net.errors import BadAnswer, NotFound, RelayError, RelayUnavailable
from app.wire import (
    BLOB_CHUNK_MAX,
    KEM_PREKEY_BATCH_MAX,
    MAILBOX_QUOTA,
    MAX_POLL_LIMIT,
    MAX_POLL_WAIT,
    PREKEY_BATCH_MAX,
    BadStatement,
    BlobRef,
    Delivery,
    KemPreKey,
    PreKeyBundleData,
    SignedPreKey,
    statement_header,
)

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)
_OCTETS = {"Content-Type": "application/octet-stream"}
__all__ = ["Progress", "RelayClient"]


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RelayClient(RelayConnection):
    """The client of one relay, acting for the mailbox of one identity key.

    Signed requests (prekeys, poll, ack, publishing a device list) name the own mailbox; every
    unsigned one (sends, bundle and device list fetches, provisioning, blobs) is anonymous and
    goes on a fresh connection of its own (`Transport`), so the relay cannot tie it to the
    mailbox by connection. Blobs too: a blob id travels from the
    uploader to the reader inside a message, and on the signed connections it would link the two.

    With `proxy` (`socks5h://host:port`, "" for none; BadProxyUrl otherwise) every request goes
    through that SOCKS5 proxy, and fails with RelayUnavailable naming it when it cannot be
    reached: never directly.
    """

    def __repr__(self) -> str:
        via = "" if self._transport.proxy is None else f", proxy={self._transport.proxy}"
        return f"RelayClient({self._base_url!r}, mailbox={self.mailbox.hex()[:16]}…{via})"

    # --- prekeys --------------------------------------------------------------------------------
    def publish_prekeys(
        self,
        signed_prekey: SignedPreKey | None,
        one_time: Sequence[tuple[int, bytes]],
        identity_key: bytes | None = None,
        kem_prekeys: Sequence[KemPreKey] = (),
    ) -> None:
        """Publish the signed prekey (if given) and the one-time prekeys, 100 per request, then
        the KEM prekeys in requests of their own, 20 per request (KEM_PREKEY_BATCH_MAX: what fits
        the relay's body limit with room). A last-resort KEM prekey replaces the relay's one; at
        most one may be given (ValueError otherwise, before anything is sent).
        A linked device passes its account's `identity_key`, which signed the signed prekey and
        the KEM prekeys (the account's published device list must name this mailbox)."""
        if sum(kem.last_resort for kem in kem_prekeys) > 1:
            raise ValueError("at most one last-resort KEM prekey")
        bodies: list[dict[str, Any]] = []
        if signed_prekey is not None or one_time or not kem_prekeys:
            for batch in _batches(one_time, PREKEY_BATCH_MAX) if one_time else [[]]:
                bodies.append(
                    {"one_time_prekeys": [{"key_id": i, "public_key": k.hex()} for i, k in batch]}
                )
            if signed_prekey is not None:
                bodies[0]["signed_prekey"] = {
                    "key_id": signed_prekey.key_id,
                    "public_key": signed_prekey.public_key.hex(),
                    "signature": signed_prekey.signature.hex(),
                }
        for batch in _batches(kem_prekeys, KEM_PREKEY_BATCH_MAX):
            bodies.append({"kem_prekeys": [_kem_json(kem) for kem in batch]})
        for body in bodies:
            if identity_key is not None and ("signed_prekey" in body or "kem_prekeys" in body):
                body["identity_key"] = identity_key.hex()
            self._request("PUT", f"{self._own_path}/prekeys", json_body=body, signed=True)

    def prekey_count(self) -> int:
        """How many one-time prekeys the relay still holds for this mailbox."""
        answer = self._json("GET", f"{self._own_path}/prekeys/count", signed=True)
        return int(_field(answer, "count", int))

    def kem_prekey_count(self) -> int:
        """How many one-time KEM prekeys the relay still holds for this mailbox (the last-resort
        one is not counted)."""
        answer = self._json("GET", f"{self._own_path}/prekeys/count", signed=True)
        return int(_field(answer, "kem_count", int))

    def fetch_bundle(self, mailbox: bytes) -> PreKeyBundleData:
        """Another mailbox's prekey bundle; claims one of its one-time prekeys and one of its
        one-time KEM prekeys (or gets its last-resort KEM prekey). `kem_prekey` is None if the
        mailbox has published none (or the relay predates PQXDH); its signature is unchecked."""
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
            kem_prekey=_kem_prekey(answer, "kem_prekey"),
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

    # --- linked devices (docs/devices.md) ------------------------------------------------------
    def publish_devices(self, statement: bytes) -> None:
        """Publish the account's signed device list. Signed by this client's key, which must be
        the account's identity key (a linked device makes a RelayClient of the identity seed for
        it): ValueError otherwise. RelayError 409 if the relay holds a newer revision."""
        try:
            account = statement_header(statement).identity_key
        except BadStatement as error:
            raise ValueError(str(error)) from None
        if account != self.mailbox:
            raise ValueError("the statement is not of this client's key's account")
        path = f"/v1/accounts/{account.hex()}/devices"
        self._request("PUT", path, body=statement, headers=_OCTETS, signed=True)

    def fetch_devices(self, identity_key: bytes) -> bytes | None:
        """An account's newest device list statement, or None if the relay holds none (or knows
        no device lists). Unverified: check it with app.crypto.devices. Anonymous."""
        try:
            answer = self._json("GET", f"/v1/accounts/{identity_key.hex()}/devices")
        except NotFound:
            return None
        statement = _b64(_field(answer, "statement", str))
        try:
            account = statement_header(statement).identity_key
        except BadStatement as error:
            raise BadAnswer(200, f"a malformed device list: {error}") from None
        if account != identity_key:
            raise BadAnswer(200, "the relay answered another account's device list")
        return statement

    def put_provisioning(self, channel: bytes, message: bytes) -> None:
        """Leave the one message of a provisioning channel (bucket-sized, app.crypto.provisioning)
        for the device being linked. RelayError 409 if the channel was used. Anonymous."""
        self._request("PUT", _provisioning_path(channel), body=message, headers=_OCTETS)

    def wait_provisioning(self, channel: bytes, wait: float = 0.0) -> bytes | None:
        """The channel's message (the relay erases it as it answers), waiting up to `wait`
        seconds (clamped to what the relay allows) for it to arrive; None if it did not. Anonymous:
        a device being linked has no mailbox yet."""
        wait = min(max(wait, 0.0), MAX_POLL_WAIT)
        answer = self._json(
            "GET",
            _provisioning_path(channel),
            query={"wait": f"{wait:g}"},
            timeout=wait + self._timeout,
        )
        message = _field(answer, "message", (str, type(None)))
        return None if message is None else _b64(message)

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


def _kem_json(kem: KemPreKey) -> dict[str, Any]:
    return {
        "key_id": kem.key_id,
        "public_key": kem.public_key.hex(),
        "signature": kem.signature.hex(),
        "last_resort": kem.last_resort,
    }


def _blob_path(blob_id: str) -> str:
    return f"/v1/blobs/{quote(blob_id, safe='')}"


def _provisioning_path(channel: bytes) -> str:
    if len(channel) != 32:
        raise ValueError("a provisioning channel id is 32 bytes")
    return f"/v1/provisioning/{channel.hex()}"
