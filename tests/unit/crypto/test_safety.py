"""Safety numbers: Signal's numeric fingerprint, recomputed here with hashlib."""

import hashlib

from nacl import bindings

from app.crypto.keys import IdentityKeyPair
from app.crypto.safety import safety_number, safety_qr_payload

A = IdentityKeyPair.from_seed(bytes([21]) * 32)
B = IdentityKeyPair.from_seed(bytes([22]) * 32)
C = IdentityKeyPair.from_seed(bytes([23]) * 32)


def reference_half(account: str, ed25519_key: bytes) -> str:
    key = b"\x05" + bindings.crypto_sign_ed25519_pk_to_curve25519(ed25519_key)
    digest = hashlib.sha512(b"\x00\x00" + key + account.encode()).digest()
    for _ in range(5200):
        digest = hashlib.sha512(digest + key).digest()
    return "".join(
        f"{int.from_bytes(digest[i : i + 5], 'big') % 100000:05d}" for i in range(0, 30, 5)
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
