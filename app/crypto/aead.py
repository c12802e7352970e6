"""XChaCha20-Poly1305-IETF, the only AEAD Bisik uses."""

from __future__ import annotations

from nacl import bindings
from nacl.exceptions import CryptoError

from app.crypto.errors import InvalidMessage

TAG_LEN = 16
NONCE_LEN = 24
ZERO_NONCE = bytes(NONCE_LEN)  # only ever with a key used once


def encrypt(key: bytes, nonce: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    ciphertext: bytes = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext, associated_data, nonce, key
    )
    return ciphertext


def decrypt(key: bytes, nonce: bytes, ciphertext: bytes, associated_data: bytes) -> bytes:
    """Authenticate and decrypt; any forgery or truncation is InvalidMessage."""
    if len(ciphertext) < TAG_LEN:
        raise InvalidMessage("ciphertext shorter than its tag")
    try:
        plaintext: bytes = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            ciphertext, associated_data, nonce, key
        )
    except CryptoError as exc:
        raise InvalidMessage("authentication failed") from exc
    return plaintext
