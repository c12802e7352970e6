"""Safety numbers: Signal's numeric fingerprint, recomputed here with hashlib."""

import hashlib

from nacl import bindings

from app.crypto.keys import IdentityKeyPair
from app.crypto.safety import fingerprint, safety_number, safety_qr_payload

A = IdentityKeyPair.from_seed(bytes([21]) * 32)
B = IdentityKeyPair.from_seed(bytes([22]) * 32)
C = IdentityKeyPair.from_seed(bytes([23]) * 32)


def reference_half(account: str, ed25519_key: bytes) -> str:
    """libsignal's NumericFingerprintGenerator: hash = version || key || id, then 5200 times
    hash = SHA-512(hash || key); the first hash already covers the key twice."""
    key = b"\x05" + bindings.crypto_sign_ed25519_pk_to_curve25519(ed25519_key)
    digest = hashlib.sha512(b"\x00\x00" + key + account.encode() + key).digest()
    for _ in range(5199):
        digest = hashlib.sha512(digest + key).digest()
    return to_digits(digest)


def to_digits(half: bytes) -> str:
    """Six 5-byte big-endian chunks, each mod 100000 as five digits."""
    return "".join(
        f"{int.from_bytes(half[i : i + 5], 'big') % 100000:05d}" for i in range(0, 30, 5)
    )


def test_known_answer_and_format() -> None:
    number = safety_number("aa", A.public, "bb", B.public)
    halves = sorted([reference_half("aa", A.public), reference_half("bb", B.public)])
    digits = "".join(halves)
    assert number == " ".join(digits[i : i + 5] for i in range(0, 60, 5))
    groups = number.split(" ")
    assert len(groups) == 12
    assert all(len(g) == 5 and g.isdigit() for g in groups)


def test_both_sides_see_the_same_number() -> None:
    assert safety_number("aa", A.public, "bb", B.public) == safety_number(
        "bb", B.public, "aa", A.public
    )


def test_a_changed_key_changes_the_number() -> None:
    assert safety_number("aa", A.public, "bb", B.public) != safety_number(
        "aa", A.public, "bb", C.public
    )


def test_qr_payload_mirrors_between_the_two_sides() -> None:
    mine = safety_qr_payload("aa", A.public, "bb", B.public)
    theirs = safety_qr_payload("bb", B.public, "aa", A.public)
    assert len(mine) == 61
    assert mine[0] == theirs[0] == 1
    assert mine[1:31] == theirs[31:] and mine[31:] == theirs[1:31]


def test_libsignal_test_vector() -> None:
    """libsignal's own fingerprint test (5200 iterations): both sides' fingerprints, and the 60
    digits the reference above makes of them. The code before this test hashed once too often."""
    alice = bytes.fromhex("0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868")
    bob = bytes.fromhex("05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b")
    alice_fp = fingerprint("+14152222222", alice)
    bob_fp = fingerprint("+14153333333", bob)
    assert alice_fp.hex() == "1e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd"
    assert bob_fp.hex() == "d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb"
    assert "".join(sorted((to_digits(alice_fp), to_digits(bob_fp)))) == (
        "300354477692869396892869876765458257569162576843440918079131"
    )
