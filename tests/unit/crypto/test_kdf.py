"""Known answers for HKDF and the ratchet KDFs, recomputed here with stdlib hmac/hashlib."""

import hashlib
import hmac

import pytest

from app.crypto.kdf import (
    ChainKey,
    MessageKey,
    RootKey,
    extract_zero_salt,
    hkdf,
    kdf_ck,
    kdf_rk,
    message_key_material,
)


def reference_hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 written out independently of the code under test."""
    prk = hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()
    okm, block = b"", b""
    for counter in range(1, -(-length // 32) + 1):
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
    return okm[:length]


RFC5869 = [
    (
        bytes([0x0B] * 22),
        bytes(range(0x00, 0x0D)),
        bytes(range(0xF0, 0xFA)),
        42,
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    ),
    (
        bytes(range(0x00, 0x50)),
        bytes(range(0x60, 0xB0)),
        bytes(range(0xB0, 0x100)),
        82,
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
        "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
        "cc30c58179ec3e87c14c01d5c1f3434f1d87",
    ),
    (
        bytes([0x0B] * 22),
        b"",
        b"",
        42,
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    ),
]


@pytest.mark.parametrize(("ikm", "salt", "info", "length", "okm"), RFC5869)
def test_hkdf_rfc5869_cases(ikm: bytes, salt: bytes, info: bytes, length: int, okm: str) -> None:
    assert hkdf(ikm, salt, info, length).hex() == okm
    assert reference_hkdf(ikm, salt, info, length).hex() == okm


@pytest.mark.parametrize("length", [0, 255 * 32 + 1])
def test_hkdf_rejects_impossible_lengths(length: int) -> None:
    with pytest.raises(ValueError):
        hkdf(b"ikm", b"salt", b"info", length)


def test_kdf_rk_is_hkdf_with_root_key_as_salt() -> None:
    rk, dh_out = bytes(range(32)), bytes(range(100, 132))
    expected = reference_hkdf(dh_out, rk, b"Bisik_Ratchet_v1", 64)
    new_rk, ck = kdf_rk(RootKey(rk), dh_out)
    assert (bytes(new_rk), bytes(ck)) == (expected[:32], expected[32:])
    assert isinstance(new_rk, RootKey)
    assert isinstance(ck, ChainKey)


def test_kdf_ck_uses_constant_one_for_message_and_two_for_chain() -> None:
    ck = bytes(range(50, 82))
    next_ck, mk = kdf_ck(ChainKey(ck))
    assert bytes(mk) == hmac.new(ck, b"\x01", hashlib.sha256).digest()
    assert bytes(next_ck) == hmac.new(ck, b"\x02", hashlib.sha256).digest()
    assert isinstance(next_ck, ChainKey)
    assert isinstance(mk, MessageKey)


def test_message_key_and_nonce() -> None:
    mk = bytes(range(200, 232))
    expected = reference_hkdf(mk, bytes(32), b"Bisik_MessageKeys_v1", 56)
    key, nonce = message_key_material(MessageKey(mk))
    assert (key, nonce) == (expected[:32], expected[32:])
    assert len(nonce) == 24


@pytest.mark.parametrize("key_type", [RootKey, ChainKey, MessageKey])
def test_secret_key_types_hide_their_value(key_type: type[bytes]) -> None:
    secret = bytes(range(32))
    key = key_type(secret)
    for shown in (repr(key), str(key), format(key, ""), repr([key])):
        assert secret.hex() not in shown
        assert "\\x00\\x01" not in shown
        assert key_type.__name__ in shown


@pytest.mark.parametrize("length", [0, 1, 32, 55, 64, 65, 200])
def test_extract_with_zero_salt_from_saved_states_is_hmac(length: int) -> None:
    """The precomputed HMAC key schedule of the zero salt gives HMAC-SHA256(0x00*32, ikm)."""
    ikm = bytes(range(length % 256)) * (length // 256) + bytes(range(length % 256))
    assert extract_zero_salt(ikm) == hmac.new(bytes(32), ikm, hashlib.sha256).digest()
    assert extract_zero_salt(ikm) == extract_zero_salt(ikm)  # the saved states stay unchanged
