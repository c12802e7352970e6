"""Attachment transfers: upload an outgoing file as blobs, download and check an incoming one.

Both sides keep the file's plaintext only inside the store (encrypted by SQLCipher). On the way
out, the stored copy is encrypted under a fresh key into a ciphertext file in the profile's
`transfers/` folder, a blob is reserved on the recipient's relay and the pointer (blob ids, key,
digest, size, name, type) stored, then the ciphertext is uploaded, resuming the same blob after an
interruption or a restart, and the pointer goes inside the ratchet. On the way in, blobs are
downloaded into ciphertext files that resume from their current size (HTTP Range) after an
interruption; the digest is checked before anything is decrypted, and the plaintext goes into the
store in one transaction.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from app.net import NotFound, RelayError, RelayUnavailable
from app.service import attachments
from app.service import content as c
from app.service.core import Core
from app.service.errors import AttachmentError, InvalidContent
from app.store import Attachment
from app.wire import BlobRef

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
TRANSFERS = "transfers"


def pointer_to_ref(pointer: c.AttachmentPointer) -> bytes:
    """The pointer as the store keeps it (in the encrypted database, where the key is safe)."""
    return c.encode(c.Content("0", 0, pointer))


def ref_to_pointer(ref: bytes | None) -> c.AttachmentPointer | None:
    if not ref:
        return None
    try:
        body = c.decode(ref).body
    except InvalidContent:
        return None
    return body if isinstance(body, c.AttachmentPointer) else None


class _StoreReader:
    """A read()-able view of a stored attachment, one chunk in memory at a time."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


def _folder(core: Core) -> Path:
    folder = core.folder / TRANSFERS
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def upload(
    core: Core,
    relay_url: str,
    message_id: int,
    attachment: Attachment,
    expire_seconds: int,
    progress: Progress | None,
    stop: threading.Event | None = None,
) -> c.AttachmentPointer:
    """Upload the stored file to the relay at `relay_url` (the contact's; a group's go to our
    own, once for every member) and return its pointer.

    The first try encrypts the file into `transfers/`, reserves a blob and stores the pointer
    (blob id, delete token, key, digest) before a byte goes up; a later try, also after a
    restart, resumes that blob from the relay's offset. Only if the ciphertext is gone or the
    relay no longer knows the blob (it expired, say) does it start over: a new key, a new blob.
    `finish_upload` removes the ciphertext once the pointer is queued. `stop`: see
    `Core.storing`.
    """
    path = _upload_path(core, message_id)
    pointer = ref_to_pointer(attachment.remote_ref)
    if pointer is not None and _holds_ciphertext(path, pointer):
        try:
            _send_ciphertext(core, relay_url, pointer, path, progress)
            return pointer
        except NotFound:
            log.info("the relay no longer holds the blob; uploading the file into a new one")
    pointer = _reserve(core, relay_url, attachment, expire_seconds, path)
    with core.storing(stop):
        core.store.set_attachment_remote(attachment.id, pointer_to_ref(pointer))
    _send_ciphertext(core, relay_url, pointer, path, progress)
    return pointer


def finish_upload(core: Core, message_id: int) -> None:
    """Forget an outgoing upload's ciphertext (it went up, or its message is gone)."""
    _upload_path(core, message_id).unlink(missing_ok=True)


def _upload_path(core: Core, message_id: int) -> Path:
    return _folder(core) / f"out-{message_id}.enc"


def _holds_ciphertext(path: Path, pointer: c.AttachmentPointer) -> bool:
    """Whether `path` is the whole ciphertext the pointer describes (it was synced before the
    pointer was stored, so a file of the right length is the right one)."""
    return path.is_file() and path.stat().st_size == sum(p.length for p in pointer.parts)


def _send_ciphertext(
    core: Core,
    relay_url: str,
    pointer: c.AttachmentPointer,
    path: Path,
    progress: Progress | None,
) -> None:
    """Send whatever of the ciphertext the relay's blob does not hold yet."""
    (part,) = pointer.parts
    with path.open("rb") as cipher:
        core.relay(relay_url).resume_upload(
            BlobRef(part.blob_id, part.delete_token), cipher, part.length, progress
        )


def _reserve(
    core: Core, relay_url: str, attachment: Attachment, expire_seconds: int, path: Path
) -> c.AttachmentPointer:
    """Encrypt the stored file into `path` under a fresh key and reserve a blob for it."""
    with path.open("wb") as cipher:
        source = _StoreReader(core.store.read_attachment(attachment.id))
        sealed = attachments.encrypt_file(source, attachment.size, cipher)
        cipher.flush()
        os.fsync(cipher.fileno())
    ref = core.relay(relay_url).create_blob(sealed.cipher_size)
    return c.AttachmentPointer(
        parts=(c.BlobPart(ref.blob_id, sealed.cipher_size, ref.delete_token),),
        key=sealed.key,
        digest=sealed.digest,
        size=attachment.size,
        name=attachment.name,
        mime_type=attachment.mime_type,
        expire_seconds=expire_seconds,
    )


def download(core: Core, attachment: Attachment, progress: Progress | None) -> None:
    """Fetch, check and decrypt an incoming attachment into the store; resumable."""
    pointer = ref_to_pointer(attachment.remote_ref)
    if pointer is None:
        raise AttachmentError("this attachment has no download reference")
    client = core.relay(pointer.relay_url)  # "" (our own relay) unless a group's pointer says
    total = sum(part.length for part in pointer.parts)
    paths = [_folder(core) / f"in-{attachment.id}-{n}.part" for n in range(len(pointer.parts))]
    done = 0
    for part, path in zip(pointer.parts, paths, strict=True):
        with path.open("ab+") as file:
            client.download_blob(
                part.blob_id, file, _shifted(progress, done, total), size=part.length
            )
            if file.tell() != part.length:
                raise AttachmentError("a downloaded part has the wrong length")
        done += part.length
    try:
        _check_and_store(core, attachment, pointer, paths)
    finally:
        for path in paths:
            path.unlink(missing_ok=True)
    for part in pointer.parts:
        if part.delete_token:
            with contextlib.suppress(RelayError, RelayUnavailable):
                client.delete_blob(part.blob_id, part.delete_token)


def _check_and_store(
    core: Core, attachment: Attachment, pointer: c.AttachmentPointer, paths: list[Path]
) -> None:
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(path.open("rb")) for path in paths]
        joined = _Joined(files)
        if attachments.ciphertext_digest(joined) != pointer.digest:
            raise AttachmentError("attachment digest does not match: it was altered")
        for file in files:
            file.seek(0)
        joined = _Joined(files)
        written = 0
        with core.lock, core.store.transaction():
            if core.store.attachment(attachment.id).transferred:
                raise AttachmentError("attachment is already being stored")
            for chunk in attachments.decrypt_chunks(joined, pointer.key):
                written += len(chunk)
                if written > attachment.size:
                    raise AttachmentError("attachment is larger than announced")
                if chunk:
                    core.store.append_attachment(attachment.id, chunk)
            if written != attachment.size:
                raise AttachmentError("attachment is smaller than announced")


def _shifted(progress: Progress | None, offset: int, total: int) -> Progress | None:
    """Progress of one part reported as progress of the whole."""
    if progress is None:
        return None
    report = progress
    return lambda done, _part_total: report(offset + done, total)


class _Joined:
    """Several files read one after the other as one stream."""

    def __init__(self, files: Sequence[attachments.Readable]) -> None:
        self._files = list(files)

    def read(self, size: int = -1) -> bytes:
        out = b""
        while self._files and (size < 0 or len(out) < size):
            piece = self._files[0].read(-1 if size < 0 else size - len(out))
            if not piece:
                self._files.pop(0)
            out += piece
        return out
