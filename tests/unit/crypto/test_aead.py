"""XChaCha20-Poly1305 through libsodium's bare functions: the same bytes as PyNaCl's wrapper, and
the checks that wrapper made where they matter."""

import os

import pytest
from nacl import bindings

from app.crypto import aead
from app.crypto.errors import InvalidMessage

KEY, NONCE = bytes(range(32)), bytes(range(100, 124))


@pytest.mark.parametrize(("size", "ad"), [(0, b""), (1, b"a"), (64, os.urandom(106)), (5000, b"")])
def test_same_ciphertext_as_pynacl_and_round_trip(size: int, ad: bytes) -> None:
    plaintext = os.urandom(size)
    ciphertext = aead.encrypt(KEY, NONCE, plaintext, ad)
    expected = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, NONCE, KEY)
    assert ciphertext == expected
    assert type(ciphertext) is bytes
    assert aead.decrypt(KEY, NONCE, ciphertext, ad) == plaintext


def test_forgeries_and_truncations_are_invalid_messages() -> None:
    ciphertext = aead.encrypt(KEY, NONCE, b"hello", b"ad")
    for forged, ad in (
        (ciphertext[:-1] + bytes([ciphertext[-1] ^ 1]), b"ad"),
        (ciphertext, b"other ad"),
        (ciphertext[:15], b"ad"),
        (b"", b"ad"),
    ):
        with pytest.raises(InvalidMessage):
            aead.decrypt(KEY, NONCE, forged, ad)


@pytest.mark.parametrize(
    ("key", "nonce"), [(KEY[:31], NONCE), (KEY, NONCE[:23]), (KEY + b"x", NONCE)]
)
def test_wrong_key_or_nonce_lengths_are_refused_before_libsodium(key: bytes, nonce: bytes) -> None:
    with pytest.raises(ValueError):
        aead.encrypt(key, nonce, b"x", b"")
    with pytest.raises(ValueError):
        aead.decrypt(key, nonce, bytes(32), b"")


def test_only_bytes_are_accepted() -> None:
    with pytest.raises(TypeError):
        aead.encrypt(KEY, NONCE, "text", b"")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        aead.encrypt(KEY, NONCE, bytearray(b"x"), b"")  # type: ignore[arg-type]
