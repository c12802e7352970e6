"""PQXDH sessions (protocol v2) through the session layer: the v2 prekey message and its session
record, one-time KEM prekeys deleted only once the first message decrypts, last-resort ones kept,
a tampered KEM ciphertext or unknown KEM prekey refused with the state byte-identical, and the
v1 path (a bundle without a KEM prekey) left as it was."""

from __future__ import annotations

import time

import pytest

from app.session import (
    InvalidMessage,
    PreKeyBundle,
    SessionError,
    current_kem_last_resort,
    decrypt,
    encrypt,
    generate_kem_prekeys,
    prune_kem_last_resort,
    start_session,
)
from app.session.messages import KIND_PREKEY, KIND_PREKEY_PQ, PreKeyMessage, parse_message
from app.session.records import SessionRecord

from .conftest import Profile, new_profile


def pq_bundle(bob: Profile, *, last_resort: bool = False, with_opk: bool = True) -> PreKeyBundle:
    base = bob.bundle(with_opk)
    ((kem_id, public, signature),) = generate_kem_prekeys(
        bob.stores, 1, last_resort=last_resort, now=time.time()
    )
    return PreKeyBundle(
        base.identity_key,
        base.signed_prekey_id,
        base.signed_prekey,
        base.signed_prekey_signature,
        base.one_time_prekey_id,
        base.one_time_prekey,
        kem_id,
        public,
        signature,
    )


def snapshot(p: Profile) -> tuple[object, ...]:
    s = p.stores
    return dict(s.sessions), dict(s.identities), dict(s.prekeys), dict(s.kem_prekeys)


def test_a_v2_session_sends_the_kem_ciphertext_until_the_first_reply() -> None:
    alice, bob = new_profile(), new_profile()
    bundle = pq_bundle(bob)
    start_session(alice.stores, bob.id, bundle)
    first, second = (encrypt(alice.stores, bob.id, t) for t in (b"satu", b"dua"))
    for message in (first, second):
        parsed = parse_message(message)
        assert message[1] == KIND_PREKEY_PQ and isinstance(parsed, PreKeyMessage)
        assert parsed.kem_prekey_id == bundle.kem_prekey_id
        assert parsed.kem_ciphertext is not None and len(parsed.kem_ciphertext) == 1088
    # the pending KEM ciphertext survives the session record's encoding
    record = SessionRecord.decode(alice.stores.sessions[bob.id])
    assert record.encode() == alice.stores.sessions[bob.id]
    assert decrypt(bob.stores, alice.id, alice.key, second).plaintext == b"dua"
    assert decrypt(bob.stores, alice.id, alice.key, first).plaintext == b"satu"
    reply = encrypt(bob.stores, alice.id, b"tiga")
    assert decrypt(alice.stores, bob.id, bob.key, reply).plaintext == b"tiga"
    assert encrypt(alice.stores, bob.id, b"empat")[1] == 0x01  # the normal form now


def test_a_one_time_kem_prekey_goes_only_once_its_first_message_decrypts() -> None:
    alice, bob = new_profile(), new_profile()
    bundle = pq_bundle(bob)
    assert bundle.kem_prekey_id is not None
    start_session(alice.stores, bob.id, bundle)
    message = encrypt(alice.stores, bob.id, b"halo")
    before = snapshot(bob)
    with pytest.raises(InvalidMessage):
        decrypt(bob.stores, alice.id, alice.key, message[:-1] + bytes([message[-1] ^ 1]))
    assert snapshot(bob) == before  # the KEM prekey is still there
    decrypt(bob.stores, alice.id, alice.key, message)
    assert bob.stores.load_kem_prekey(bundle.kem_prekey_id) is None


def test_a_last_resort_kem_prekey_stays_for_the_next_initiator() -> None:
    bob = new_profile()
    bundle = pq_bundle(bob, last_resort=True, with_opk=False)  # the relay's answer when out
    assert bundle.kem_prekey_id is not None
    for _ in range(2):
        alice = new_profile()
        start_session(alice.stores, bob.id, bundle)
        decrypt(bob.stores, alice.id, alice.key, encrypt(alice.stores, bob.id, b"hai"))
        assert bob.stores.load_kem_prekey(bundle.kem_prekey_id) is not None
    assert current_kem_last_resort(bob.stores) is not None


def test_a_tampered_kem_ciphertext_or_unknown_kem_prekey_changes_nothing() -> None:
    alice, bob = new_profile(), new_profile()
    start_session(alice.stores, bob.id, pq_bundle(bob))
    message = encrypt(alice.stores, bob.id, b"rahasia")
    parsed = parse_message(message)
    assert isinstance(parsed, PreKeyMessage)
    kem_at = message.index(parsed.kem_ciphertext or b"")
    before = snapshot(bob)
    for index in (kem_at, kem_at + 500, kem_at + 1087, kem_at - 1):  # the CT, and its KEM id
        flipped = bytearray(message)
        flipped[index] ^= 0x01
        with pytest.raises(SessionError):
            decrypt(bob.stores, alice.id, alice.key, bytes(flipped))
        assert snapshot(bob) == before
    for cut in (kem_at + 10, kem_at + 1088 + 20):
        with pytest.raises(SessionError):
            decrypt(bob.stores, alice.id, alice.key, message[:cut])
        assert snapshot(bob) == before
    assert decrypt(bob.stores, alice.id, alice.key, message).plaintext == b"rahasia"


def test_a_v1_bundle_still_makes_a_v1_session() -> None:
    alice, bob = new_profile(), new_profile()
    start_session(alice.stores, bob.id, bob.bundle())
    message = encrypt(alice.stores, bob.id, b"lama")
    assert message[1] == KIND_PREKEY
    assert decrypt(bob.stores, alice.id, alice.key, message).plaintext == b"lama"


def test_retired_last_resort_kem_prekeys_are_pruned_after_two_weeks() -> None:
    bob = new_profile()
    generate_kem_prekeys(bob.stores, 1, last_resort=True, now=0.0)
    generate_kem_prekeys(bob.stores, 1, last_resort=True, now=100.0)
    prune_kem_last_resort(bob.stores, now=100.0 + 14 * 86400 + 1)
    assert [t for _, t in bob.stores.list_kem_prekeys(last_resort=True)] == [100.0]
