"""Sessions end to end through sealed envelopes: X3DH, Sesame, trust on first use, transactions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.session import (
    BUCKETS,
    MAX_PLAINTEXT,
    ContentTooLarge,
    Decrypted,
    DuplicateMessage,
    InvalidMessage,
    InvalidSignature,
    NoSession,
    SessionError,
    TrustState,
    UntrustedIdentity,
    account_id,
    decrypt,
    encrypt,
    has_session,
    seal,
    start_session,
    unseal,
)
from app.session.messages import KIND_NORMAL, KIND_PREKEY, PreKeyMessage, parse_message
from app.session.records import MAX_ARCHIVED, SessionRecord

from .conftest import Profile, new_profile


def send(sender: Profile, recipient: Profile, text: bytes) -> bytes:
    return seal(sender.stores, recipient.key, encrypt(sender.stores, recipient.id, text))


def receive(recipient: Profile, envelope: bytes) -> Decrypted:
    opened = unseal(recipient.stores, envelope)
    return decrypt(recipient.stores, opened.sender, opened.sender_identity_key, opened.message)


def connected() -> tuple[Profile, Profile]:
    alice, bob = new_profile(), new_profile()
    start_session(alice.stores, bob.id, bob.bundle())
    return alice, bob


def test_first_contact_and_reply(profile: Callable[..., Profile]) -> None:
    alice, bob = profile(), profile()
    assert not has_session(alice.stores, bob.id)
    start_session(alice.stores, bob.id, bob.bundle())
    assert has_session(alice.stores, bob.id)
    envelope = send(alice, bob, b"hello")
    assert len(envelope) in BUCKETS
    opened = unseal(bob.stores, envelope)
    assert (opened.sender, opened.sender_identity_key) == (alice.id, alice.key)
    result = decrypt(bob.stores, opened.sender, opened.sender_identity_key, opened.message)
    assert result == Decrypted(b"hello", identity_changed=False)
    assert bob.stores.peer_identity(alice.id) == (alice.key, TrustState.UNVERIFIED)
    assert alice.stores.peer_identity(bob.id) == (bob.key, TrustState.UNVERIFIED)
    assert receive(alice, send(bob, alice, b"hi")).plaintext == b"hi"
    assert receive(bob, send(alice, bob, b"again")).plaintext == b"again"


def test_prekey_form_until_the_first_reply() -> None:
    alice, bob = connected()
    first = encrypt(alice.stores, bob.id, b"1")
    second = encrypt(alice.stores, bob.id, b"2")
    assert first[1] == second[1] == KIND_PREKEY
    decrypt(bob.stores, alice.id, alice.key, second)
    decrypt(bob.stores, alice.id, alice.key, first)  # same session, found by its base key
    assert len(SessionRecord.decode(bob.stores.load_session(alice.id))) == 1
    decrypt(alice.stores, bob.id, bob.key, encrypt(bob.stores, alice.id, b"reply"))
    assert encrypt(alice.stores, bob.id, b"3")[1] == KIND_NORMAL


def test_one_time_prekey_is_consumed_only_after_decrypting() -> None:
    alice, bob = connected()
    message = encrypt(alice.stores, bob.id, b"hello")
    parsed = parse_message(message)
    assert isinstance(parsed, PreKeyMessage) and parsed.one_time_prekey_id is not None
    tampered = message[:-1] + bytes([message[-1] ^ 1])
    with pytest.raises(InvalidMessage):
        decrypt(bob.stores, alice.id, alice.key, tampered)
    assert bob.stores.load_prekey(parsed.one_time_prekey_id) is not None
    assert bob.stores.load_session(alice.id) is None
    assert bob.stores.peer_identity(alice.id) is None
    decrypt(bob.stores, alice.id, alice.key, message)
    assert bob.stores.load_prekey(parsed.one_time_prekey_id) is None
    with pytest.raises(DuplicateMessage):
        decrypt(bob.stores, alice.id, alice.key, message)


def test_session_without_one_time_prekey(profile: Callable[..., Profile]) -> None:
    alice, bob = profile(), profile()
    start_session(alice.stores, bob.id, bob.bundle(with_opk=False))
    assert receive(bob, send(alice, bob, b"no opk")).plaintext == b"no opk"


def test_unknown_signed_prekey_or_used_one_time_prekey_is_invalid() -> None:
    alice, bob = connected()
    message = encrypt(alice.stores, bob.id, b"x")
    parsed = parse_message(message)
    assert isinstance(parsed, PreKeyMessage) and parsed.one_time_prekey_id is not None
    bob.stores.remove_prekey(parsed.one_time_prekey_id)
    with pytest.raises(InvalidMessage, match="one-time"):
        decrypt(bob.stores, alice.id, alice.key, message)
    bob.stores.remove_signed_prekey(parsed.signed_prekey_id)
    with pytest.raises(InvalidMessage, match="signed prekey"):
        decrypt(bob.stores, alice.id, alice.key, message)


def test_bad_bundle_signature_stores_nothing(profile: Callable[..., Profile]) -> None:
    alice, bob = profile(), profile()
    bundle = bob.bundle()
    forged = type(bundle)(**{**bundle.__dict__, "signed_prekey": bytes(32)})
    with pytest.raises(InvalidSignature):
        start_session(alice.stores, bob.id, forged)
    assert alice.stores.load_session(bob.id) is None
    assert alice.stores.peer_identity(bob.id) is None


def test_malformed_bundle_from_the_relay_is_refused_and_stores_nothing(
    profile: Callable[..., Profile],
) -> None:
    """An id beyond u32 used to escape as struct.error when the session was encoded."""
    alice, bob = profile(), profile()
    bad = dataclasses.replace(bob.bundle(), signed_prekey_id=2**32)
    with pytest.raises(InvalidMessage, match="bundle"):
        start_session(alice.stores, bob.id, bad)
    assert alice.stores.load_session(bob.id) is None
    assert alice.stores.peer_identity(bob.id) is None


def test_replayed_prekey_message_after_its_session_is_gone_is_invalid() -> None:
    """The one-time prekey went with the first decrypt, so the replay cannot start a session."""
    alice, bob = connected()
    first = encrypt(alice.stores, bob.id, b"first")
    decrypt(bob.stores, alice.id, alice.key, first)
    for _ in range(MAX_ARCHIVED + 1):  # Bob starts over until the session leaves the record
        start_session(bob.stores, alice.id, alice.bundle(with_opk=False))
    before = dict(bob.stores.sessions), dict(bob.stores.prekeys)
    with pytest.raises(InvalidMessage, match="one-time"):
        decrypt(bob.stores, alice.id, alice.key, first)
    assert (bob.stores.sessions, bob.stores.prekeys) == before


def test_respelled_base_key_does_not_start_a_twin_session(profile: Callable[..., Profile]) -> None:
    """X25519 ignores a key's top bit: without a one-time prekey, a respelled base key used to
    reach the same SK in a second session and deliver the first message again."""
    alice, bob = profile(), profile()
    start_session(alice.stores, bob.id, bob.bundle(with_opk=False))
    first = encrypt(alice.stores, bob.id, b"first")
    decrypt(bob.stores, alice.id, alice.key, first)
    respelled = bytearray(first)
    respelled[2 + 32 + 31] |= 0x80  # after version, kind and IK_A: the base key's last byte
    before = dict(bob.stores.sessions)
    with pytest.raises(InvalidMessage):
        decrypt(bob.stores, alice.id, alice.key, bytes(respelled))
    assert bob.stores.sessions == before


def test_a_new_key_is_a_new_account_and_leaves_the_old_one_alone() -> None:
    alice, bob = connected()
    receive(bob, send(alice, bob, b"hello"))
    receive(alice, send(bob, alice, b"hi"))
    before = alice.stores.sessions[bob.id], alice.stores.peer_identity(bob.id)
    reinstalled = new_profile(device=bob.stores.own_device_id())  # even the same device id
    start_session(reinstalled.stores, alice.id, alice.bundle())
    envelope = send(reinstalled, alice, b"new phone")
    opened = unseal(alice.stores, envelope)
    assert opened.sender == account_id(reinstalled.key) != bob.id
    assert opened.sender_device == bob.stores.own_device_id()
    assert receive(alice, envelope) == Decrypted(b"new phone", identity_changed=False)
    assert (alice.stores.sessions[bob.id], alice.stores.peer_identity(bob.id)) == before
    assert receive(bob, send(alice, bob, b"still you")).plaintext == b"still you"


def test_a_known_peer_filed_with_another_key_is_changed_and_blocks_sending() -> None:
    """Defence in depth below the service: a caller that files a message under a known peer with
    another key gets it marked CHANGED, and nothing more is encrypted to that peer."""
    alice, bob = connected()
    receive(bob, send(alice, bob, b"hello"))
    other = new_profile()
    start_session(other.stores, alice.id, alice.bundle())
    message = encrypt(other.stores, alice.id, b"me too")
    result = decrypt(alice.stores, bob.id, other.key, message)
    assert result == Decrypted(b"me too", identity_changed=True)
    assert alice.stores.peer_identity(bob.id) == (other.key, TrustState.CHANGED)
    with pytest.raises(UntrustedIdentity):
        encrypt(alice.stores, bob.id, b"blocked")


def test_start_session_with_a_different_key_marks_it_changed() -> None:
    alice, bob = connected()
    other = new_profile()
    with pytest.raises(UntrustedIdentity):
        start_session(alice.stores, bob.id, other.bundle())
    assert alice.stores.peer_identity(bob.id) == (other.key, TrustState.CHANGED)


def test_no_session_errors(profile: Callable[..., Profile]) -> None:
    alice, bob = connected()
    with pytest.raises(NoSession):
        encrypt(bob.stores, alice.id, b"x")
    receive(bob, send(alice, bob, b"hello"))
    carol = profile()
    normal = encrypt(bob.stores, alice.id, b"to alice")
    with pytest.raises(NoSession):
        decrypt(carol.stores, bob.id, bob.key, normal)


def test_simultaneous_initiation_converges() -> None:
    alice, bob = new_profile(), new_profile()
    start_session(alice.stores, bob.id, bob.bundle())
    start_session(bob.stores, alice.id, alice.bundle())
    from_alice, from_bob = send(alice, bob, b"a1"), send(bob, alice, b"b1")
    assert receive(bob, from_alice).plaintext == b"a1"
    assert receive(alice, from_bob).plaintext == b"b1"
    for round_ in range(3):
        assert receive(bob, send(alice, bob, b"a%d" % round_)).plaintext == b"a%d" % round_
        assert receive(alice, send(bob, alice, b"b%d" % round_)).plaintext == b"b%d" % round_
    alice_active = SessionRecord.decode(alice.stores.load_session(bob.id)).active
    bob_active = SessionRecord.decode(bob.stores.load_session(alice.id)).active
    assert alice_active is not None and bob_active is not None
    assert alice_active.base_key == bob_active.base_key
    assert encrypt(alice.stores, bob.id, b"x")[1] == KIND_NORMAL


def test_archived_session_that_decrypts_becomes_active() -> None:
    alice, bob = connected()
    receive(bob, send(alice, bob, b"hello"))
    late = send(bob, alice, b"late")
    start_session(bob.stores, alice.id, alice.bundle())  # Bob starts over; old one archived
    receive(alice, send(bob, alice, b"new session"))
    assert len(SessionRecord.decode(bob.stores.load_session(alice.id))) == 2
    newest = SessionRecord.decode(alice.stores.load_session(bob.id)).active
    assert receive(alice, late).plaintext == b"late"  # decrypts under Alice's archived session
    promoted = SessionRecord.decode(alice.stores.load_session(bob.id)).active
    assert newest is not None and promoted is not None
    assert promoted.base_key != newest.base_key
    assert receive(bob, send(alice, bob, b"on the old one")).plaintext == b"on the old one"


def test_at_most_forty_archived_sessions() -> None:
    alice, bob = connected()
    for _ in range(MAX_ARCHIVED + 5):
        start_session(alice.stores, bob.id, bob.bundle(with_opk=False))
    assert len(SessionRecord.decode(alice.stores.load_session(bob.id))) == MAX_ARCHIVED + 1


def test_content_too_large_points_to_attachments() -> None:
    alice, bob = connected()
    with pytest.raises(ContentTooLarge, match="attachment"):
        encrypt(alice.stores, bob.id, bytes(MAX_PLAINTEXT + 1))
    envelope = send(alice, bob, bytes(MAX_PLAINTEXT))  # prekey form: the largest framing
    assert len(envelope) == BUCKETS[-1]
    assert receive(bob, envelope).plaintext == bytes(MAX_PLAINTEXT)


def test_failed_decrypt_of_a_flipped_envelope_changes_nothing() -> None:
    alice, bob = connected()
    receive(bob, send(alice, bob, b"hello"))
    message = encrypt(alice.stores, bob.id, b"second")
    before = dict(bob.stores.sessions), dict(bob.stores.identities), dict(bob.stores.prekeys)
    for index in range(0, len(message), 7):
        flipped = bytearray(message)
        flipped[index] ^= 0x10
        with pytest.raises(SessionError):
            decrypt(bob.stores, alice.id, alice.key, bytes(flipped))
        assert (bob.stores.sessions, bob.stores.identities, bob.stores.prekeys) == before
    with pytest.raises(InvalidMessage):
        decrypt(bob.stores, alice.id, bob.key, message)  # not what sealed sender said
    assert decrypt(bob.stores, alice.id, alice.key, message).plaintext == b"second"


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "deliver", "dup", "drop"]), st.integers(0, 99)),
        max_size=40,
    )
)
def test_random_schedules_through_envelopes(schedule: list[tuple[str, int]]) -> None:
    alice, bob = connected()
    parties = {"a": (alice, bob), "b": (bob, alice)}
    in_flight: list[tuple[Profile, bytes, bytes]] = []
    delivered: list[tuple[Profile, bytes]] = []
    counter = 0
    for op, pick in schedule:
        if op in parties:
            sender, recipient = parties[op]
            if not has_session(sender.stores, recipient.id):
                continue
            counter += 1
            text = b"%s%d" % (op.encode(), counter)
            in_flight.append((recipient, send(sender, recipient, text), text))
        elif op in ("deliver", "drop") and in_flight:
            recipient, envelope, text = in_flight.pop(pick % len(in_flight))
            if op == "deliver":
                assert receive(recipient, envelope).plaintext == text
                delivered.append((recipient, envelope))
        elif op == "dup" and delivered:
            recipient, envelope = delivered[pick % len(delivered)]
            before = recipient.stores.load_session(alice.id if recipient is bob else bob.id)
            with pytest.raises(DuplicateMessage):
                receive(recipient, envelope)
            assert recipient.stores.load_session(alice.id if recipient is bob else bob.id) == before


def test_results_do_not_show_content_in_repr() -> None:
    alice, bob = connected()
    envelope = send(alice, bob, b"secret words")
    opened = unseal(bob.stores, envelope)
    result = decrypt(bob.stores, opened.sender, opened.sender_identity_key, opened.message)
    assert "secret" not in repr(result) and "secret" not in str(result)
    assert repr(opened.message)[2:20] not in repr(opened)


@given(st.data())
def test_any_flipped_bit_in_an_envelope_is_rejected_with_state_unchanged(
    data: st.DataObject,
) -> None:
    alice, bob = connected()
    if data.draw(st.booleans(), label="after first contact"):
        receive(bob, send(alice, bob, b"hello"))
    envelope = bytearray(send(alice, bob, data.draw(st.binary(max_size=100))))
    bit = data.draw(st.integers(0, len(envelope) * 8 - 1))
    envelope[bit // 8] ^= 1 << (bit % 8)
    before = (dict(bob.stores.sessions), dict(bob.stores.identities), dict(bob.stores.prekeys))
    with pytest.raises(SessionError):
        receive(bob, bytes(envelope))
    assert (bob.stores.sessions, bob.stores.identities, bob.stores.prekeys) == before
