"""The public surface others code against, used as they use it: every call by its agreed keyword
names, through one whole first contact, so a renamed parameter or a changed result type fails."""

from __future__ import annotations

import dataclasses
import time

import pytest

import app.session as session
from app.session.memory import MemoryStores
from app.wire import ENVELOPE_BUCKETS


def profile() -> tuple[MemoryStores, bytes]:
    seed = session.new_identity_seed()
    stores = MemoryStores(seed, session.new_device_id())
    return stores, session.identity_public_key(seed=seed)


def test_a_first_contact_through_the_keyword_api() -> None:
    (alice, alice_key), (bob, bob_key) = profile(), profile()
    alice_id, bob_id = session.account_id(identity_key=alice_key), session.account_id(bob_key)
    spk_id, spk, signature = session.generate_signed_prekey(stores=bob, now=time.time())
    [(opk_id, opk)] = session.generate_one_time_prekeys(stores=bob, count=1)
    bundle = session.PreKeyBundle(
        identity_key=bob_key,
        signed_prekey_id=spk_id,
        signed_prekey=spk,
        signed_prekey_signature=signature,
        one_time_prekey_id=opk_id,
        one_time_prekey=opk,
    )
    session.start_session(stores=alice, peer=bob_id, bundle=bundle)
    assert session.has_session(stores=alice, peer=bob_id)
    message = session.encrypt(stores=alice, peer=bob_id, plaintext=b"halo")
    envelope = session.seal(stores=alice, recipient_identity_key=bob_key, message=message)
    assert len(envelope) in session.BUCKETS

    opened = session.unseal(stores=bob, envelope=envelope)
    assert (opened.sender, opened.sender_device) == (alice_id, alice.own_device_id())
    assert opened.sender_identity_key == alice_key
    decrypted = session.decrypt(
        stores=bob, peer=opened.sender, sender_identity_key=alice_key, message=opened.message
    )
    assert decrypted == session.Decrypted(plaintext=b"halo", identity_changed=False)
    assert bob.load_prekey(opk_id) is None  # the one-time prekey is spent once it decrypted
    with pytest.raises(dataclasses.FrozenInstanceError):
        opened.sender = bob_id  # type: ignore[misc]

    number = session.safety_number(
        own_account=alice_id, own_key=alice_key, peer_account=bob_id, peer_key=bob_key
    )
    assert number == session.safety_number(bob_id, bob_key, alice_id, alice_key)
    assert (
        session.safety_qr_payload(
            own_account=alice_id, own_key=alice_key, peer_account=bob_id, peer_key=bob_key
        )[1:31]
        == session.safety_qr_payload(bob_id, bob_key, alice_id, alice_key)[31:]
    )


def test_key_change_statements_through_the_keyword_api() -> None:
    (old, _), (_, new_key) = profile(), profile()
    statement = session.sign_key_change(
        old=session.own_identity(old), new_key=new_key, at_ms=1, relay_url="https://r.example"
    )
    session.verify_key_change(statement=statement)
    with pytest.raises(session.InvalidSignature):
        session.verify_key_change(dataclasses.replace(statement, at_ms=2))


def test_prune_keeps_fourteen_days_by_default() -> None:
    stores, _ = profile()
    first = session.generate_signed_prekey(stores, now=0.0)[0]
    session.generate_signed_prekey(stores, now=1.0)
    session.prune_signed_prekeys(stores=stores, now=14 * 86400.0)
    assert stores.load_signed_prekey(first) is not None  # retired 1 s after day 0: kept 14 days
    session.prune_signed_prekeys(stores, now=14 * 86400.0 + 2)
    assert stores.load_signed_prekey(first) is None


def test_error_hierarchy() -> None:
    for name in (
        "InvalidMessage",
        "DuplicateMessage",
        "NoSession",
        "UntrustedIdentity",
        "InvalidSignature",
        "ContentTooLarge",
        "TooManySkipped",
    ):
        assert issubclass(getattr(session, name), session.SessionError), name
    assert issubclass(session.TooManySkipped, session.InvalidMessage)
    assert not issubclass(session.DuplicateMessage, session.InvalidMessage)


def test_limits_and_exports() -> None:
    assert session.BUCKETS == (1024, 4096, 16384, 65536)
    assert 63_000 < session.MAX_PLAINTEXT < 65536  # a PQXDH prekey message's 1.1 KB less
    assert set(session.__all__) <= set(dir(session))
    stores, _ = profile()
    with pytest.raises(session.ContentTooLarge):
        session.encrypt(stores, "00" * 16, b"x" * (session.MAX_PLAINTEXT + 1))


def test_buckets_agree_with_the_relay_contract() -> None:
    """The relay accepts exactly the sizes sealed sender produces (app.wire is the relay's side)."""
    assert tuple(ENVELOPE_BUCKETS) == session.BUCKETS
