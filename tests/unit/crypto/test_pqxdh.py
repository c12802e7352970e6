"""PQXDH (protocol v2): the shared secret and AD from the spec's formula, computed here with
stdlib hmac/hashlib, libsodium's raw X25519 and the KEM's own shared secret; both roles agree;
a forged or missing KEM signature refuses the bundle (no silent downgrade to v1); a tampered KEM
ciphertext gives another secret; ML-KEM-768 as FIPS 203 sizes it."""

import dataclasses
import hashlib
import hmac

import pytest
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey
from nacl import bindings

from app.crypto import kem
from app.crypto.errors import InvalidMessage, InvalidSignature
from app.crypto.keys import IdentityKeyPair, KeyPair
from app.crypto.x3dh import PQXDH_INFO, PreKeyBundle, initiate, respond, respond_pq
from app.wire import kem_prekey_signing_message

ALICE = IdentityKeyPair.from_seed(bytes([1]) * 32)
BOB = IdentityKeyPair.from_seed(bytes([2]) * 32)
SPK = KeyPair.from_private(bytes([3]) * 32)
OPK = KeyPair.from_private(bytes([4]) * 32)
EPHEMERAL = KeyPair.from_private(bytes([5]) * 32)
PQPK = kem.KemKeyPair.from_seed(bytes([6]) * 64)


def bundle(with_opk: bool = True, kem_signature: bytes | None = None) -> PreKeyBundle:
    return PreKeyBundle(
        identity_key=BOB.public,
        signed_prekey_id=7,
        signed_prekey=SPK.public,
        signed_prekey_signature=BOB.sign(b"\x05" + SPK.public),
        one_time_prekey_id=9 if with_opk else None,
        one_time_prekey=OPK.public if with_opk else None,
        kem_prekey_id=11,
        kem_prekey=PQPK.public,
        kem_prekey_signature=kem_signature or BOB.sign(b"Bisik_KEMPreKey_v1" + PQPK.public),
    )


def reference(with_opk: bool, kem_secret: bytes) -> tuple[bytes, bytes]:
    """(SK, AD) by the formula: HKDF-SHA256(salt 0*32, F || DH1..DH4 || SS, info), one block."""
    x = bindings.crypto_scalarmult
    alice_dh = bindings.crypto_sign_ed25519_sk_to_curve25519(ALICE.signing_key)
    bob_dh_public = bindings.crypto_sign_ed25519_pk_to_curve25519(BOB.public)
    ikm = b"\xff" * 32 + x(alice_dh, SPK.public) + x(EPHEMERAL.private, bob_dh_public)
    ikm += x(EPHEMERAL.private, SPK.public)
    if with_opk:
        ikm += x(EPHEMERAL.private, OPK.public)
    ikm += kem_secret
    prk = hmac.new(bytes(32), ikm, hashlib.sha256).digest()
    sk = hmac.new(prk, b"Bisik_PQXDH_X25519_SHA-256_ML-KEM-768_v2\x01", hashlib.sha256).digest()
    alice_x = bindings.crypto_sign_ed25519_pk_to_curve25519(ALICE.public)
    ad = b"\x05" + alice_x + b"\x05" + bob_dh_public + hashlib.sha256(PQPK.public).digest()
    return sk, ad


@pytest.mark.parametrize("with_opk", [True, False])
def test_shared_secret_known_answer_and_both_roles_agree(with_opk: bool) -> None:
    result = initiate(ALICE, bundle(with_opk), EPHEMERAL)
    assert result.kem_ciphertext is not None and len(result.kem_ciphertext) == 1088
    # the KEM's secret, from the library directly (the seed is FIPS 203's d || z)
    secret = MLKEM768PrivateKey.from_seed_bytes(PQPK.seed).decapsulate(result.kem_ciphertext)
    sk, ad = reference(with_opk, secret)
    assert (result.shared_secret, result.associated_data) == (sk, ad)
    assert respond_pq(
        BOB,
        SPK,
        OPK if with_opk else None,
        PQPK,
        ALICE.public,
        EPHEMERAL.public,
        result.kem_ciphertext,
    ) == (sk, ad)
    assert PQXDH_INFO != b"Bisik_X3DH_v1"


def test_v2_and_v1_secrets_differ_for_the_same_keys() -> None:
    v1 = initiate(
        ALICE,
        dataclasses.replace(
            bundle(), kem_prekey_id=None, kem_prekey=None, kem_prekey_signature=None
        ),
        EPHEMERAL,
    )
    v2 = initiate(ALICE, bundle(), EPHEMERAL)
    assert v1.kem_ciphertext is None and v1.shared_secret != v2.shared_secret
    assert len(v1.associated_data) == 66 and len(v2.associated_data) == 98
    assert respond(BOB, SPK, OPK, ALICE.public, EPHEMERAL.public)[0] == v1.shared_secret


def test_a_tampered_kem_ciphertext_gives_another_secret() -> None:
    result = initiate(ALICE, bundle(), EPHEMERAL)
    assert result.kem_ciphertext is not None
    flipped = bytearray(result.kem_ciphertext)
    flipped[100] ^= 1
    sk, _ = respond_pq(BOB, SPK, OPK, PQPK, ALICE.public, EPHEMERAL.public, bytes(flipped))
    assert sk != result.shared_secret
    with pytest.raises(InvalidMessage):
        respond_pq(BOB, SPK, OPK, PQPK, ALICE.public, EPHEMERAL.public, result.kem_ciphertext[:-1])


@pytest.mark.parametrize(
    "signature",
    [
        ALICE.sign(b"Bisik_KEMPreKey_v1" + PQPK.public),  # another identity's
        BOB.sign(PQPK.public),  # without the domain label
        BOB.sign(b"\x05" + SPK.public),  # the signed prekey's signature, replayed
    ],
)
def test_a_forged_kem_prekey_signature_refuses_the_bundle(signature: bytes) -> None:
    with pytest.raises(InvalidSignature):
        initiate(ALICE, bundle(kem_signature=signature), EPHEMERAL)


@pytest.mark.parametrize(
    "change",
    [
        {"kem_prekey_signature": None},  # advertises v2 without a signature: no downgrade
        {"kem_prekey": None},
        {"kem_prekey_id": None},
        {"kem_prekey_id": 2**32},
        {"kem_prekey": bytes(1183)},
    ],
)
def test_incomplete_or_malformed_kem_fields_are_refused(change: dict[str, object]) -> None:
    with pytest.raises((InvalidMessage, InvalidSignature)):
        initiate(ALICE, dataclasses.replace(bundle(), **change), EPHEMERAL)  # type: ignore[arg-type]


def test_kem_sizes_and_the_signing_bytes_both_sides_use() -> None:
    assert (len(PQPK.public), len(PQPK.seed)) == (kem.PUBLIC_KEY_LEN, kem.SEED_LEN) == (1184, 64)
    assert kem.signing_message(PQPK.public) == kem_prekey_signing_message(PQPK.public)
    ciphertext, secret = kem.encapsulate(PQPK.public)
    assert kem.decapsulate(PQPK.seed, ciphertext) == secret and len(secret) == 32
    with pytest.raises(InvalidMessage):
        kem.encapsulate(b"\xff" * 1184)  # not a valid encapsulation key (coefficients > q)
    with pytest.raises(InvalidMessage):
        kem.decapsulate(PQPK.seed[:-1], ciphertext)
