"""X3DH key agreement (protocol v1) and PQXDH (v2, Signal's post-quantum X3DH with ML-KEM-768),
both roles as plain functions.

v1: SK = HKDF(0xFF*32 || DH1 || DH2 || DH3 [|| DH4], salt = 0x00*32, info = "Bisik_X3DH_v1", 32)
    and AD = Encode(IK_A) || Encode(IK_B), initiator first; Encode takes the identity keys'
    X25519 form.
v2: the bundle also holds a KEM prekey PQPK_B, signed by IK_B over "Bisik_KEMPreKey_v1" || PQPK_B
    (kem.py); Alice encapsulates to it, (CT, SS) = ML-KEM-768.Encaps(PQPK_B), and
    SK = HKDF(0xFF*32 || DH1 || DH2 || DH3 [|| DH4] || SS, salt = 0x00*32, PQXDH_INFO, 32),
    AD = Encode(IK_A) || Encode(IK_B) || SHA-256(PQPK_B), so the session is bound to the KEM key
    the signature vouched for. A bundle whose KEM prekey does not verify is refused, never used
    as a v1 bundle.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from app.crypto import kem
from app.crypto.errors import InvalidMessage
from app.crypto.kdf import ZERO_SALT, hkdf
from app.crypto.keys import IdentityKeyPair, KeyPair, dh, encode_public, identity_dh_public, verify

X3DH_INFO = b"Bisik_X3DH_v1"
PQXDH_INFO = b"Bisik_PQXDH_X25519_SHA-256_ML-KEM-768_v2"
U32_MAX = 0xFFFF_FFFF  # prekey ids are u32
_F = b"\xff" * 32


@dataclass(frozen=True)
class PreKeyBundle:
    """What the relay hands out for a peer: enough to start a session without the peer online."""

    identity_key: bytes  # Ed25519 public key (32), also the peer's relay mailbox
    signed_prekey_id: int
    signed_prekey: bytes  # X25519 public (32)
    signed_prekey_signature: bytes  # Ed25519 signature (64) over Encode(signed_prekey)
    one_time_prekey_id: int | None
    one_time_prekey: bytes | None
    # v2 (PQXDH): one ML-KEM-768 prekey and its signature; None in a v1 bundle
    kem_prekey_id: int | None = None
    kem_prekey: bytes | None = field(default=None, repr=False)
    kem_prekey_signature: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class InitiatorResult:
    """What Alice keeps from X3DH: SK, AD, the public ephemeral key she must send Bob, and in v2
    the KEM ciphertext she must send him too."""

    shared_secret: bytes = field(repr=False)
    associated_data: bytes
    ephemeral_public: bytes
    kem_ciphertext: bytes | None = field(default=None, repr=False)


def _shared_secret(*dh_outputs: bytes) -> bytes:
    return hkdf(_F + b"".join(dh_outputs), ZERO_SALT, X3DH_INFO, 32)


def _pq_shared_secret(kem_secret: bytes, *dh_outputs: bytes) -> bytes:
    return hkdf(_F + b"".join(dh_outputs) + kem_secret, ZERO_SALT, PQXDH_INFO, 32)


def pq_associated_data(
    initiator_identity_key: bytes, responder_identity_key: bytes, kem_public: bytes
) -> bytes:
    """v2's AD: v1's, then SHA-256 of the KEM prekey the session was agreed with."""
    return (
        associated_data(initiator_identity_key, responder_identity_key)
        + hashlib.sha256(kem_public).digest()
    )


def associated_data(initiator_identity_key: bytes, responder_identity_key: bytes) -> bytes:
    """AD = Encode(IK_A) || Encode(IK_B) from the two Ed25519 identity keys."""
    return encode_public(identity_dh_public(initiator_identity_key)) + encode_public(
        identity_dh_public(responder_identity_key)
    )


def initiate(
    identity: IdentityKeyPair, bundle: PreKeyBundle, ephemeral: KeyPair | None = None
) -> InitiatorResult:
    """Alice's side: verify the signed prekey (before any DH), then derive SK and AD.

    `ephemeral` is for known-answer tests only; normally a fresh key is generated.
    """
    verify(bundle.identity_key, encode_public(bundle.signed_prekey), bundle.signed_prekey_signature)
    _check_unsigned_fields(bundle)
    ephemeral = ephemeral or KeyPair.generate()
    peer_dh = identity_dh_public(bundle.identity_key)
    outputs = [
        dh(identity.dh.private, bundle.signed_prekey),
        dh(ephemeral.private, peer_dh),
        dh(ephemeral.private, bundle.signed_prekey),
    ]
    if bundle.one_time_prekey is not None:
        outputs.append(dh(ephemeral.private, bundle.one_time_prekey))
    if bundle.kem_prekey is None:
        return InitiatorResult(
            _shared_secret(*outputs),
            associated_data(identity.public, bundle.identity_key),
            ephemeral.public,
        )
    ciphertext, secret = kem.encapsulate(bundle.kem_prekey)
    return InitiatorResult(
        _pq_shared_secret(secret, *outputs),
        pq_associated_data(identity.public, bundle.identity_key, bundle.kem_prekey),
        ephemeral.public,
        ciphertext,
    )


def _check_unsigned_fields(bundle: PreKeyBundle) -> None:
    """The signature covers only the signed prekey, and the relay that hands out the bundle is not
    trusted: ids must be u32 (the framing has no other width), and a one-time prekey comes with
    both its id and its key, or the two sides would run X3DH with different DH counts."""
    ids = (bundle.signed_prekey_id, bundle.one_time_prekey_id or 0, bundle.kem_prekey_id or 0)
    if not all(0 <= prekey_id <= U32_MAX for prekey_id in ids):
        raise InvalidMessage("prekey ids in the bundle are not u32")
    if (bundle.one_time_prekey_id is None) != (bundle.one_time_prekey is None):
        raise InvalidMessage("the bundle's one-time prekey lacks its id or its key")
    kem_fields = (bundle.kem_prekey_id, bundle.kem_prekey, bundle.kem_prekey_signature)
    if any(f is not None for f in kem_fields):
        if bundle.kem_prekey is None or bundle.kem_prekey_signature is None:
            raise InvalidMessage("the bundle's KEM prekey lacks its id, key or signature")
        if bundle.kem_prekey_id is None:
            raise InvalidMessage("the bundle's KEM prekey lacks its id")
        # no silent downgrade: a v2 bundle whose KEM prekey does not verify is refused
        verify(
            bundle.identity_key, kem.signing_message(bundle.kem_prekey), bundle.kem_prekey_signature
        )


def respond(
    identity: IdentityKeyPair,
    signed_prekey: KeyPair,
    one_time_prekey: KeyPair | None,
    initiator_identity_key: bytes,
    ephemeral_public: bytes,
) -> tuple[bytes, bytes]:
    """Bob's side: (SK, AD) from Alice's identity key and ephemeral key and his own prekeys."""
    outputs = _responder_dh(
        identity, signed_prekey, one_time_prekey, initiator_identity_key, ephemeral_public
    )
    return _shared_secret(*outputs), associated_data(initiator_identity_key, identity.public)


def respond_pq(
    identity: IdentityKeyPair,
    signed_prekey: KeyPair,
    one_time_prekey: KeyPair | None,
    kem_prekey: kem.KemKeyPair,
    initiator_identity_key: bytes,
    ephemeral_public: bytes,
    kem_ciphertext: bytes,
) -> tuple[bytes, bytes]:
    """Bob's side of v2: (SK, AD), the KEM ciphertext decapsulated with his KEM prekey."""
    outputs = _responder_dh(
        identity, signed_prekey, one_time_prekey, initiator_identity_key, ephemeral_public
    )
    secret = kem.decapsulate(kem_prekey.seed, kem_ciphertext)
    ad = pq_associated_data(initiator_identity_key, identity.public, kem_prekey.public)
    return _pq_shared_secret(secret, *outputs), ad


def _responder_dh(
    identity: IdentityKeyPair,
    signed_prekey: KeyPair,
    one_time_prekey: KeyPair | None,
    initiator_identity_key: bytes,
    ephemeral_public: bytes,
) -> list[bytes]:
    """DH1, DH2, DH3 [, DH4] from Bob's side."""
    outputs = [
        dh(signed_prekey.private, identity_dh_public(initiator_identity_key)),
        dh(identity.dh.private, ephemeral_public),
        dh(signed_prekey.private, ephemeral_public),
    ]
    if one_time_prekey is not None:
        outputs.append(dh(one_time_prekey.private, ephemeral_public))
    return outputs
