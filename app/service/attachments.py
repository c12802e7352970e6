"""Attachment encryption: a fresh key per file, streamed in chunks so 100 MB never sits in memory.

Ciphertext layout: libsodium's secretstream (XChaCha20-Poly1305) — a 24-byte header, then one
sealed chunk per 64 KiB of plaintext, the last tagged FINAL, so truncation, reordering or appended
bytes all fail. The SHA-256 of the whole ciphertext travels in the pointer and is checked before
anything is decrypted. The ciphertext of a file up to 100 MB fits one blob (the pointer format
allows several).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from nacl import bindings as sodium
from nacl.exceptions import CryptoError

from app.service.errors import AttachmentError

CHUNK = 64 * 1024
_HEADER = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_OVERHEAD = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Sealed:
    """What encrypting a file produced, beside the ciphertext itself."""

    key: bytes
    digest: str  # SHA-256 hex of the ciphertext
    size: int  # plaintext bytes
    cipher_size: int

    def __repr__(self) -> str:
        return f"Sealed(size={self.size}, cipher_size={self.cipher_size})"


def cipher_size(plain_size: int) -> int:
    """Ciphertext length for a plaintext of `plain_size` bytes (an empty file is one chunk)."""
    chunks = max(1, -(-plain_size // CHUNK))
    return _HEADER + plain_size + chunks * _OVERHEAD


def encrypt_file(src: Readable, size: int, dst: BinaryIO) -> Sealed:
    """Encrypt exactly `size` bytes of `src` into `dst` under a fresh key."""
    key = secrets.token_bytes(32)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    digest = hashlib.sha256(header)
    dst.write(header)
    written = len(header)
    remaining = size
    while True:
        chunk = src.read(min(CHUNK, remaining))
        remaining -= len(chunk)
        if len(chunk) < CHUNK and remaining > 0:
            raise AttachmentError("the file changed while it was being read")
        last = remaining == 0
        sealed = sodium.crypto_secretstream_xchacha20poly1305_push(
            state, chunk, tag=_FINAL if last else _MESSAGE
        )
        digest.update(sealed)
        dst.write(sealed)
        written += len(sealed)
        if last:
            return Sealed(key, digest.hexdigest(), size, written)


def ciphertext_digest(src: Readable) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: src.read(1024 * 1024), b""):
        digest.update(block)
    return digest.hexdigest()


def decrypt_chunks(src: Readable, key: bytes) -> Iterator[bytes]:
    """Plaintext chunks of a ciphertext; raises AttachmentError on any tampering or truncation."""
    header = src.read(_HEADER)
    if len(header) != _HEADER or len(key) != 32:
        raise AttachmentError("attachment is truncated")
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    while True:
        sealed = src.read(CHUNK + _OVERHEAD)
        if len(sealed) < _OVERHEAD:
            raise AttachmentError("attachment is truncated")
        try:
            chunk, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, sealed)
        except (CryptoError, ValueError, RuntimeError) as exc:
            raise AttachmentError("attachment does not decrypt: it was altered") from exc
        yield chunk
        if tag == _FINAL:
            if src.read(1):
                raise AttachmentError("attachment has bytes after its end")
            return
