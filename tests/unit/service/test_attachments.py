"""Attachment encryption: streamed round trip; every alteration or truncation is refused."""

from __future__ import annotations

import io
import os

import pytest

from app.service.attachments import (
    CHUNK,
    cipher_size,
    ciphertext_digest,
    decrypt_chunks,
    encrypt_file,
)
from app.service.errors import AttachmentError


def _seal(plain: bytes) -> tuple[bytes, bytes, str]:
    out = io.BytesIO()
    sealed = encrypt_file(io.BytesIO(plain), len(plain), out)
    assert sealed.cipher_size == len(out.getvalue()) == cipher_size(len(plain))
    return out.getvalue(), sealed.key, sealed.digest


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])
def test_round_trip_at_chunk_edges(size: int) -> None:
    plain = os.urandom(size)
    cipher, key, digest = _seal(plain)
    assert ciphertext_digest(io.BytesIO(cipher)) == digest
    assert b"".join(decrypt_chunks(io.BytesIO(cipher), key)) == plain


def test_fresh_key_per_file() -> None:
    plain = b"sama" * 100
    assert _seal(plain)[1] != _seal(plain)[1]


def test_key_is_not_in_repr() -> None:
    out = io.BytesIO()
    sealed = encrypt_file(io.BytesIO(b"abc"), 3, out)
    assert sealed.key.hex() not in repr(sealed)


def test_truncation_bit_flip_and_trailing_bytes_are_refused() -> None:
    cipher, key, _ = _seal(os.urandom(2 * CHUNK + 10))
    bad_inputs = [
        cipher[:-1],
        cipher[: 24 + CHUNK + 17],  # whole chunks, but the final one missing
        cipher[:10],
        cipher + b"\x00",
        cipher[:100] + bytes([cipher[100] ^ 1]) + cipher[101:],
    ]
    for bad in bad_inputs:
        with pytest.raises(AttachmentError):
            b"".join(decrypt_chunks(io.BytesIO(bad), key))
    with pytest.raises(AttachmentError):
        b"".join(decrypt_chunks(io.BytesIO(cipher), bytes(32)))


def test_short_source_is_an_error_not_a_silent_truncation() -> None:
    with pytest.raises(AttachmentError):
        encrypt_file(io.BytesIO(b"abc"), 10, io.BytesIO())
