"""Only ServiceErrors leave the facade: a relay's, the session layer's and the store's failures,
provoked through the public API, come out as ServiceError subclasses with a readable message."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import session
from app.net import RelayError
from app.service import errors
from app.service.account import open_profile
from app.service.api import MessageStatus
from app.service.invite import Invite, make_link
from app.service.messenger import Messenger
from app.session import SessionError
from app.store import StoreError
from tests.e2e.support import PASSPHRASE, conversation_id, make_pair, make_profile
from tests.relay_process import RelayProcess


@pytest.fixture
def two(relay: RelayProcess, tmp_path: Path) -> Iterator[tuple[Messenger, Messenger]]:
    pair = make_pair(tmp_path, relay.url)
    yield pair
    for m in pair:
        m.lock()


def readable(exc: BaseException) -> str:
    """The one line a user would see; it must say something and not be a repr or traceback."""
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text and not text.startswith("<")
    return text


def dead_relay_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there once the socket is closed


def test_a_relay_refusal_is_relay_refused(
    two: tuple[Messenger, Messenger], relay: RelayProcess
) -> None:
    a, _ = two
    seed = os.urandom(32)  # a key that never published a prekey bundle: the relay answers 404
    key = session.identity_public_key(seed)
    link = make_link(Invite(relay.url, session.account_id(key), key, "Nobody"), seed)
    with pytest.raises(errors.RelayRefused) as caught:
        a.add_contact(link)
    assert isinstance(caught.value.__cause__, RelayError)
    assert "404" in readable(caught.value)


def test_an_unreachable_relay_is_relay_down(tmp_path: Path) -> None:
    m = make_profile(tmp_path / "away", "Away", dead_relay_url())
    try:
        with pytest.raises(errors.RelayDown) as caught:
            m.publish_keys()
        assert "cannot be reached" in readable(caught.value)
    finally:
        m.lock()


def test_a_session_failure_is_a_protocol_error(two: tuple[Messenger, Messenger]) -> None:
    a, b = two
    with a._core.lock, a._store.transaction():
        a._store.store_session(b.own_account_id(), b"not a session record")
    before = a.message_count(conversation_id(a, b))
    with pytest.raises(errors.ProtocolError) as caught:
        a.send_text(conversation_id(a, b), "hello")
    assert isinstance(caught.value.__cause__, SessionError)
    readable(caught.value)
    assert a.message_count(conversation_id(a, b)) == before  # nothing was stored half-way


def test_store_failures_are_storage_errors(two: tuple[Messenger, Messenger]) -> None:
    a, _ = two
    with pytest.raises(errors.NotFound) as missing:
        a.message(10**9)
    assert isinstance(missing.value, errors.StorageError)
    assert isinstance(missing.value, LookupError)  # as the store's NotFound was
    assert isinstance(missing.value.__cause__, StoreError)
    assert "no message" in readable(missing.value)
    a.lock()
    with pytest.raises(errors.ProfileLocked) as locked:
        a.contacts()
    assert isinstance(locked.value, errors.StorageError)
    readable(locked.value)


def test_opening_a_profile_raises_the_service_typed_errors(
    two: tuple[Messenger, Messenger], tmp_path: Path
) -> None:
    a, _ = two
    with pytest.raises(errors.ProfileInUse) as in_use:  # `a` holds it open
        open_profile(tmp_path / "a", PASSPHRASE)
    a.lock()
    with pytest.raises(errors.WrongPassphrase) as wrong:
        open_profile(tmp_path / "a", "not the passphrase")
    with pytest.raises(errors.NotAProfile) as none:
        open_profile(tmp_path / "empty", PASSPHRASE)
    for caught in (in_use, wrong, none):
        assert isinstance(caught.value, errors.StorageError)
        assert isinstance(caught.value.__cause__, StoreError)
        readable(caught.value)


def test_a_failed_send_keeps_its_own_error_and_status(two: tuple[Messenger, Messenger]) -> None:
    """ServiceErrors pass the boundary unchanged (not wrapped again)."""
    a, b = two
    a.block(b.own_account_id())
    with pytest.raises(errors.ContactBlocked) as caught:
        a.send_text(conversation_id(a, b), "hello")
    assert caught.value.__cause__ is None
    a.block(b.own_account_id(), False)
    sent = a.send_text(conversation_id(a, b), "hello again")
    assert sent.status is MessageStatus.PENDING


def test_errors_other_than_the_three_families_are_not_translated() -> None:
    assert errors.translate(ValueError("x")) is None
    assert errors.translate(errors.ContactBlocked("x")) is None
    bare = errors.translate(StoreError())  # no message: its class's docstring gives one
    assert isinstance(bare, errors.StorageError)
    readable(bare)
