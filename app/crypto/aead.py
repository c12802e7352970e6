"""XChaCha20-Poly1305-IETF, the only AEAD Bisik uses.

libsodium's functions are called through PyNaCl's cffi module, as `nacl.bindings` itself does,
but without that wrapper's per-call argument checks (about 3 µs a call, more than the cipher
takes for a short message): the lengths that matter to memory safety are checked here, and cffi
accepts nothing but bytes for the inputs. `RAW_ENCRYPT`/`RAW_DECRYPT` are the bare functions for
the ratchet's per-message path, which derives its key and nonce with the right lengths by
construction; everything else uses `encrypt`/`decrypt`.
"""

from __future__ import annotations

from nacl._sodium import ffi, lib

from app.crypto.errors import InvalidMessage

KEY_LEN = 32
TAG_LEN = 16
NONCE_LEN = 24
ZERO_NONCE = bytes(NONCE_LEN)  # only ever with a key used once
# (c, &clen or NULL, m, mlen, ad, adlen, NULL, nonce, key) -> 0
RAW_ENCRYPT = lib.crypto_aead_xchacha20poly1305_ietf_encrypt
# (m, &mlen or NULL, NULL, c, clen, ad, adlen, nonce, key) -> 0, or -1 if c does not authenticate
RAW_DECRYPT = lib.crypto_aead_xchacha20poly1305_ietf_decrypt
BUFFER = ffi.from_buffer  # a bytearray as the output pointer
NULL = ffi.NULL


def _check(key: bytes, nonce: bytes) -> None:
    if len(key) != KEY_LEN or len(nonce) != NONCE_LEN:
        raise ValueError("XChaCha20-Poly1305 takes a 32-byte key and a 24-byte nonce")


def encrypt(key: bytes, nonce: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    _check(key, nonce)
    size, ad = len(plaintext), associated_data
    out = bytearray(size + TAG_LEN)
    RAW_ENCRYPT(BUFFER(out), NULL, plaintext, size, ad, len(ad), NULL, nonce, key)
    return bytes(out)


def decrypt(key: bytes, nonce: bytes, ciphertext: bytes, associated_data: bytes) -> bytes:
    """Authenticate and decrypt; any forgery or truncation is InvalidMessage."""
    _check(key, nonce)
    if len(ciphertext) < TAG_LEN:
        raise InvalidMessage("ciphertext shorter than its tag")
    size, ad = len(ciphertext), associated_data
    out = bytearray(size - TAG_LEN)
    if RAW_DECRYPT(BUFFER(out), NULL, NULL, ciphertext, size, ad, len(ad), nonce, key):
        raise InvalidMessage("authentication failed")
    return bytes(out)
