"""The public surface others code against: names and parameter lists of `app.session`."""

from __future__ import annotations

import inspect

import app.session as session
from app.wire import ENVELOPE_BUCKETS

SIGNATURES = {
    "new_identity_seed": [],
    "new_device_id": [],
    "account_id": ["identity_key"],
    "sign_key_change": ["old", "new_key", "at_ms", "relay_url"],
    "verify_key_change": ["statement"],
    "identity_public_key": ["seed"],
    "generate_signed_prekey": ["stores", "now"],
    "generate_one_time_prekeys": ["stores", "count"],
    "prune_signed_prekeys": ["stores", "now", "keep_seconds"],
    "start_session": ["stores", "peer", "bundle"],
    "has_session": ["stores", "peer"],
    "encrypt": ["stores", "peer", "plaintext"],
    "decrypt": ["stores", "peer", "sender_identity_key", "message"],
    "seal": ["stores", "recipient_identity_key", "message"],
    "unseal": ["stores", "envelope"],
    "safety_number": ["own_account", "own_key", "peer_account", "peer_key"],
    "safety_qr_payload": ["own_account", "own_key", "peer_account", "peer_key"],
}


def test_functions_keep_their_agreed_parameters() -> None:
    for name, parameters in SIGNATURES.items():
        assert list(inspect.signature(getattr(session, name)).parameters) == parameters, name


def test_prune_keeps_fourteen_days_by_default() -> None:
    default = inspect.signature(session.prune_signed_prekeys).parameters["keep_seconds"].default
    assert default == 14 * 86400


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


def test_value_types_and_limits() -> None:
    fields = {
        "PreKeyBundle": [
            "identity_key",
            "signed_prekey_id",
            "signed_prekey",
            "signed_prekey_signature",
            "one_time_prekey_id",
            "one_time_prekey",
        ],
        "Decrypted": ["plaintext", "identity_changed"],
        "Unsealed": ["sender", "sender_device", "sender_identity_key", "message"],
    }
    for name, expected in fields.items():
        cls = getattr(session, name)
        assert list(cls.__dataclass_fields__) == expected, name
        assert cls.__dataclass_params__.frozen, name
    assert session.BUCKETS == (1024, 4096, 16384, 65536)
    assert 65000 < session.MAX_PLAINTEXT < 65536
    assert set(session.__all__) <= set(dir(session))


def test_buckets_agree_with_the_relay_contract() -> None:
    """The relay accepts exactly the sizes sealed sender produces (app.wire is the relay's side)."""
    assert tuple(ENVELOPE_BUCKETS) == session.BUCKETS
