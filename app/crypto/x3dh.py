"""X3DH key agreement (Bisik v1 profile), both roles as plain functions.

SK = HKDF(0xFF*32 || DH1 || DH2 || DH3 [|| DH4], salt = 0x00*32, info = "Bisik_X3DH_v1", 32) and
AD = Encode(IK_A) || Encode(IK_B), initiator first; Encode takes the identity keys' X25519 form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.crypto.errors import InvalidMessage
from app.crypto.kdf import ZERO_SALT, hkdf
from app.crypto.keys import IdentityKeyPair, KeyPair, dh, encode_public, identity_dh_public, verify

X3DH_INFO = b"Bisik_X3DH_v1"
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


@dataclass(frozen=True)
class InitiatorResult:
    """What Alice keeps from X3DH: SK, AD, and the public ephemeral key she must send Bob."""

    shared_secret: bytes = field(repr=False)
    associated_data: bytes
    ephemeral_public: bytes


def _shared_secret(*dh_outputs: bytes) -> bytes:
    return hkdf(_F + b"".join(dh_outputs), ZERO_SALT, X3DH_INFO, 32)


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
    return InitiatorResult(
        _shared_secret(*outputs),
        associated_data(identity.public, bundle.identity_key),
        ephemeral.public,
    )


def _check_unsigned_fields(bundle: PreKeyBundle) -> None:
    """The signature covers only the signed prekey, and the relay that hands out the bundle is not
    trusted: ids must be u32 (the framing has no other width), and a one-time prekey comes with
    both its id and its key, or the two sides would run X3DH with different DH counts."""
    ids = (bundle.signed_prekey_id, bundle.one_time_prekey_id or 0)
    if not all(0 <= prekey_id <= U32_MAX for prekey_id in ids):
        raise InvalidMessage("prekey ids in the bundle are not u32")
    if (bundle.one_time_prekey_id is None) != (bundle.one_time_prekey is None):
        raise InvalidMessage("the bundle's one-time prekey lacks its id or its key")


def respond(
    identity: IdentityKeyPair,
    signed_prekey: KeyPair,
    one_time_prekey: KeyPair | None,
    initiator_identity_key: bytes,
    ephemeral_public: bytes,
) -> tuple[bytes, bytes]:
    """Bob's side: (SK, AD) from Alice's identity key and ephemeral key and his own prekeys."""
    outputs = [
        dh(signed_prekey.private, identity_dh_public(initiator_identity_key)),
        dh(identity.dh.private, ephemeral_public),
        dh(signed_prekey.private, ephemeral_public),
    ]
    if one_time_prekey is not None:
        outputs.append(dh(one_time_prekey.private, ephemeral_public))
    return _shared_secret(*outputs), associated_data(initiator_identity_key, identity.public)
