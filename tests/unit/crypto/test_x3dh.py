"""X3DH: a known-answer shared secret from fixed keys, both roles agreeing, signature first."""

import dataclasses
import hashlib
import hmac

import pytest
from nacl import bindings

from app.crypto.errors import InvalidMessage, InvalidSignature
from app.crypto.keys import IdentityKeyPair, KeyPair, encode_public
from app.crypto.x3dh import PreKeyBundle, initiate, respond

ALICE = IdentityKeyPair.from_seed(bytes([1]) * 32)
BOB = IdentityKeyPair.from_seed(bytes([2]) * 32)
SPK = KeyPair.from_private(bytes([3]) * 32)
OPK = KeyPair.from_private(bytes([4]) * 32)
EPHEMERAL = KeyPair.from_private(bytes([5]) * 32)


def bundle(with_opk: bool = True, signature: bytes | None = None) -> PreKeyBundle:
    return PreKeyBundle(
        identity_key=BOB.public,
        signed_prekey_id=7,
        signed_prekey=SPK.public,
        signed_prekey_signature=signature or BOB.sign(b"\x05" + SPK.public),
        one_time_prekey_id=9 if with_opk else None,
        one_time_prekey=OPK.public if with_opk else None,
    )


def reference_shared_secret(with_opk: bool) -> bytes:
    """SK from the spec's formula, using libsodium only for the raw DH and key conversion."""
    x = bindings.crypto_scalarmult
    alice_dh = bindings.crypto_sign_ed25519_sk_to_curve25519(ALICE.signing_key)
    bob_dh_public = bindings.crypto_sign_ed25519_pk_to_curve25519(BOB.public)
    ikm = b"\xff" * 32 + x(alice_dh, SPK.public) + x(EPHEMERAL.private, bob_dh_public)
    ikm += x(EPHEMERAL.private, SPK.public)
    if with_opk:
        ikm += x(EPHEMERAL.private, OPK.public)
    prk = hmac.new(bytes(32), ikm, hashlib.sha256).digest()
    return hmac.new(prk, b"Bisik_X3DH_v1\x01", hashlib.sha256).digest()


@pytest.mark.parametrize("with_opk", [True, False])
def test_shared_secret_known_answer_and_both_roles_agree(with_opk: bool) -> None:
    result = initiate(ALICE, bundle(with_opk), EPHEMERAL)
    assert result.shared_secret == reference_shared_secret(with_opk)
    assert result.ephemeral_public == EPHEMERAL.public
    sk, ad = respond(BOB, SPK, OPK if with_opk else None, ALICE.public, EPHEMERAL.public)
    assert sk == result.shared_secret
    expected_ad = b"\x05" + ALICE.dh.public + b"\x05" + BOB.dh.public
    assert ad == result.associated_data == expected_ad


def test_identity_dh_form_is_libsodium_conversion() -> None:
    assert ALICE.dh.public == bindings.crypto_sign_ed25519_pk_to_curve25519(ALICE.public)
    assert encode_public(ALICE.dh.public)[0] == 5


def test_bad_signature_is_refused() -> None:
    forged = bytearray(BOB.sign(b"\x05" + SPK.public))
    forged[10] ^= 1
    with pytest.raises(InvalidSignature):
        initiate(ALICE, bundle(signature=bytes(forged)))


def test_signature_is_checked_before_any_dh() -> None:
    """A low-order prekey would fail in DH; with a bad signature the signature error comes first."""
    low_order = PreKeyBundle(BOB.public, 1, bytes(32), bytes(64), None, None)
    with pytest.raises(InvalidSignature):
        initiate(ALICE, low_order)


def test_validly_signed_low_order_prekey_is_an_invalid_key() -> None:
    signed = PreKeyBundle(BOB.public, 1, bytes(32), BOB.sign(b"\x05" + bytes(32)), None, None)
    with pytest.raises(InvalidMessage):
        initiate(ALICE, signed)


def test_signature_by_another_identity_is_refused() -> None:
    with pytest.raises(InvalidSignature):
        initiate(ALICE, bundle(signature=ALICE.sign(b"\x05" + SPK.public)))


@pytest.mark.parametrize(
    "change",
    [
        {"signed_prekey_id": 2**32},
        {"signed_prekey_id": -1},
        {"one_time_prekey_id": 2**32},
        {"one_time_prekey_id": None},  # a key without its id: Bob would leave out DH4
        {"one_time_prekey": None},  # an id without its key: Bob would add a DH4 Alice lacks
    ],
)
def test_unsigned_bundle_fields_from_the_relay_are_checked(change: dict[str, object]) -> None:
    """The signature covers only the signed prekey; the rest comes from an untrusted relay."""
    with pytest.raises(InvalidMessage, match="bundle"):
        initiate(ALICE, dataclasses.replace(bundle(), **change))  # type: ignore[arg-type]
