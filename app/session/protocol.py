"""Encrypt and decrypt for a peer: X3DH, the ratchet, Sesame's session rules and trust on first use.

Every function takes its stores as an argument and keeps nothing between calls. A decrypt writes
nothing unless the message authenticated; the service wraps each receive in one store transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.crypto import ratchet, sealed, x3dh
from app.crypto.identity import account_id
from app.crypto.x3dh import PreKeyBundle
from app.session.errors import (
    ContentTooLarge,
    DuplicateMessage,
    InvalidMessage,
    NoSession,
    SessionError,
    UntrustedIdentity,
)
from app.session.messages import (
    PREKEY_OVERHEAD,
    NormalMessage,
    PreKeyMessage,
    encode_normal,
    encode_prekey,
    parse_message,
)
from app.session.peers import peer_account
from app.session.prekeys import (
    load_kem_prekey,
    load_one_time_prekey,
    load_signed_prekey,
    own_identity,
)
from app.session.records import PendingPreKey, SessionRecord, SessionState
from app.session.stores import ProtocolStores, TrustState

MAX_PLAINTEXT = sealed.MAX_CONTENT - PREKEY_OVERHEAD


@dataclass(frozen=True)
class Decrypted:
    plaintext: bytes = field(repr=False)
    identity_changed: bool  # this message came from a new identity key for a known peer


@dataclass(frozen=True)
class Unsealed:
    sender: str  # account id, derived from the authenticated identity key (never a claim)
    sender_device: str  # the sending device's id (hex)
    sender_identity_key: bytes
    message: bytes = field(repr=False)


def _load(stores: ProtocolStores, peer: str) -> SessionRecord:
    return SessionRecord.decode(stores.load_session(peer))


def has_session(stores: ProtocolStores, peer: str) -> bool:
    return _load(stores, peer).active is not None


def start_session(stores: ProtocolStores, peer: str, bundle: PreKeyBundle) -> None:
    """X3DH as initiator; the new session becomes active. Verifies the bundle's signature first."""
    agreed = x3dh.initiate(own_identity(stores), bundle)
    known = stores.peer_identity(peer_account(peer))
    if known is None:
        stores.save_peer_identity(peer_account(peer), bundle.identity_key, TrustState.UNVERIFIED)
    elif known[0] != bundle.identity_key:
        stores.save_peer_identity(peer_account(peer), bundle.identity_key, TrustState.CHANGED)
        raise UntrustedIdentity(f"{peer} has a new identity key")
    elif known[1] == TrustState.CHANGED:
        raise UntrustedIdentity(f"{peer}'s new identity key is not accepted yet")
    kem = None
    if agreed.kem_ciphertext is not None:
        assert bundle.kem_prekey_id is not None  # x3dh.initiate checked the v2 fields
        kem = (bundle.kem_prekey_id, agreed.kem_ciphertext)
    state = SessionState(
        remote_identity=bundle.identity_key,
        base_key=agreed.ephemeral_public,
        associated_data=agreed.associated_data,
        pending_prekey=PendingPreKey(bundle.signed_prekey_id, bundle.one_time_prekey_id, kem),
        ratchet=ratchet.init_alice(agreed.shared_secret, bundle.signed_prekey),
    )
    record = _load(stores, peer)
    record.install(state)
    stores.store_session(peer, record.encode())


def encrypt(stores: ProtocolStores, peer: str, plaintext: bytes) -> bytes:
    """One ratchet message for `peer` (in prekey form until the peer's first reply)."""
    if len(plaintext) > MAX_PLAINTEXT:
        raise ContentTooLarge(
            f"{len(plaintext)} bytes exceed {MAX_PLAINTEXT}: send it as an encrypted attachment"
        )
    record = _load(stores, peer)
    state = record.active
    if state is None:
        raise NoSession(f"no session with {peer}")
    known = stores.peer_identity(peer_account(peer))
    if known is None or known[1] == TrustState.CHANGED or known[0] != state.remote_identity:
        raise UntrustedIdentity(f"{peer}'s identity key is not accepted")
    header, ciphertext = ratchet.encrypt(state.ratchet, plaintext, state.associated_data)
    pending = state.pending_prekey
    if pending is None:
        message = encode_normal(header, ciphertext)
    else:
        message = encode_prekey(
            own_identity(stores).public,
            state.base_key,
            pending.signed_prekey_id,
            pending.one_time_prekey_id,
            header,
            ciphertext,
            pending.kem,
        )
    stores.store_session(peer, record.encode())
    return message


def decrypt(
    stores: ProtocolStores, peer: str, sender_identity_key: bytes, message: bytes
) -> Decrypted:
    """Decrypt a ratchet message from `peer`, whose identity key sealed sender authenticated.

    Nothing is stored unless the message decrypts: the session, the consumed one-time prekey and
    the peer's identity (saved UNVERIFIED if new, CHANGED if it differs from the known one).
    """
    parsed = parse_message(message)
    record = _load(stores, peer)
    used_prekey: int | None = None
    used_kem_prekey: int | None = None
    if isinstance(parsed, PreKeyMessage):
        if parsed.identity_key != sender_identity_key:
            raise InvalidMessage("prekey message identity differs from the sealed sender")
        existing = record.find(sender_identity_key, parsed.base_key)
        if existing is None:
            plaintext, state, used_kem_prekey = _accept_new_session(stores, parsed)
            record.install(state)
            used_prekey = parsed.one_time_prekey_id
        else:
            plaintext = _decrypt_with(record, [existing], parsed)
    else:
        plaintext = _decrypt_with(record, record.candidates(sender_identity_key), parsed)
    stores.store_session(peer, record.encode())
    if used_prekey is not None:
        stores.remove_prekey(used_prekey)
    if used_kem_prekey is not None:  # a one-time KEM prekey goes once its first message decrypts
        stores.remove_kem_prekey(used_kem_prekey)
    known = stores.peer_identity(peer_account(peer))
    changed = known is not None and known[0] != sender_identity_key
    if known is None or changed:
        trust = TrustState.CHANGED if changed else TrustState.UNVERIFIED
        stores.save_peer_identity(peer_account(peer), sender_identity_key, trust)
    return Decrypted(plaintext, changed)


def _accept_new_session(
    stores: ProtocolStores, message: PreKeyMessage
) -> tuple[bytes, SessionState, int | None]:
    """X3DH (or PQXDH) as responder and the first decrypt on the new session; stores nothing.
    Also returns the one-time KEM prekey to delete once this is stored, if one was used."""
    signed = load_signed_prekey(stores, message.signed_prekey_id)
    if signed is None:
        raise InvalidMessage(f"unknown signed prekey {message.signed_prekey_id}")
    signed_prekey = signed[0]
    one_time_prekey = None
    if message.one_time_prekey_id is not None:
        one_time_prekey = load_one_time_prekey(stores, message.one_time_prekey_id)
        if one_time_prekey is None:
            raise InvalidMessage("one-time prekey unknown or already used")
    identity = own_identity(stores)
    one_time_kem: int | None = None
    if message.kem_prekey_id is None or message.kem_ciphertext is None:
        shared_secret, associated_data = x3dh.respond(
            identity, signed_prekey, one_time_prekey, message.identity_key, message.base_key
        )
    else:
        kem_prekey = load_kem_prekey(stores, message.kem_prekey_id)
        if kem_prekey is None:
            raise InvalidMessage("KEM prekey unknown or already used")
        shared_secret, associated_data = x3dh.respond_pq(
            identity,
            signed_prekey,
            one_time_prekey,
            kem_prekey[0],
            message.identity_key,
            message.base_key,
            message.kem_ciphertext,
        )
        if message.kem_prekey_id not in dict(stores.list_kem_prekeys(last_resort=True)):
            one_time_kem = message.kem_prekey_id
    state = SessionState(
        remote_identity=message.identity_key,
        base_key=message.base_key,
        associated_data=associated_data,
        pending_prekey=None,
        ratchet=ratchet.init_bob(shared_secret, signed_prekey),
    )
    plaintext = ratchet.decrypt(state.ratchet, message.header, message.ciphertext, associated_data)
    return plaintext, state, one_time_kem


def _decrypt_with(
    record: SessionRecord,
    candidates: Iterable[tuple[int, SessionState]],
    message: NormalMessage | PreKeyMessage,
) -> bytes:
    """Try each candidate session in order; the one that decrypts becomes active (Sesame)."""
    failures: list[SessionError] = []
    for index, state in candidates:
        try:
            plaintext = ratchet.decrypt(
                state.ratchet, message.header, message.ciphertext, state.associated_data
            )
        except (InvalidMessage, DuplicateMessage) as exc:
            failures.append(exc)
            continue
        state.pending_prekey = None
        record.promote(index, state)
        return plaintext
    if not failures:
        raise NoSession("no session for this sender's identity key")
    duplicates = [exc for exc in failures if isinstance(exc, DuplicateMessage)]
    raise (duplicates or failures)[0]


def seal(stores: ProtocolStores, recipient_identity_key: bytes, message: bytes) -> bytes:
    """Sealed sender with padding: an envelope of exactly one bucket size."""
    device = bytes.fromhex(stores.own_device_id())
    return sealed.seal(own_identity(stores), device, recipient_identity_key, message)


def unseal(stores: ProtocolStores, envelope: bytes) -> Unsealed:
    """Open an envelope addressed to us: who sent it (authenticated) and the ratchet message."""
    opened = sealed.unseal(own_identity(stores), envelope)
    key = opened.sender_identity_key
    return Unsealed(account_id(key), opened.sender_device.hex(), key, opened.content)
