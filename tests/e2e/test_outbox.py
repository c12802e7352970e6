"""Relay down for a while: the outbox keeps everything, across a restart of the app, and sends it
when the relay is back — from `sync_once` and from the background loop."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.service.account import open_profile
from app.service.api import ConnectionChanged, MessageAdded, MessageStatus
from app.service.errors import RelayDown
from app.service.messenger import Messenger
from tests.e2e.support import (
    PASSPHRASE,
    bodies,
    conversation_id,
    wait_for,
)
from tests.relay_process import RelayProcess


def test_outbox_survives_relay_outage_and_app_restart(
    paired: tuple[RelayProcess, Messenger, Messenger], tmp_path: Path
) -> None:
    relay, a, b = paired
    relay.kill()

    texts = [f"pesan {n}" for n in range(5)]
    for text in texts:
        a.send_text(conversation_id(a, b), text)
    assert a.flush_outbox() == 0
    with pytest.raises(RelayDown, match="stay queued"):
        a.sync_once()
    statuses = {m.status for m in a.messages_before(conversation_id(a, b), None)}
    assert statuses == {MessageStatus.PENDING}
    assert a.outbox_size() == 5

    a.lock()  # the app quits while the relay is away ...
    a = open_profile(tmp_path / "a", PASSPHRASE)  # ... and starts again
    assert a.outbox_size() == 5
    relay.start()
    a.sync_once()
    assert a.outbox_size() == 0
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == texts
    a.sync_once()  # delivery receipts
    statuses = {m.status for m in a.messages_before(conversation_id(a, b), None)}
    assert statuses == {MessageStatus.DELIVERED}
    a.lock()  # the reopened profile; the fixture locks the ones it made


def test_background_loop_delivers_after_the_relay_returns(
    paired: tuple[RelayProcess, Messenger, Messenger], tmp_path: Path
) -> None:
    relay, a, b = paired
    arrived = threading.Event()
    connection: list[bool] = []
    b.subscribe(lambda e: arrived.set() if isinstance(e, MessageAdded) else None)
    a.subscribe(lambda e: connection.append(e.online) if isinstance(e, ConnectionChanged) else None)
    a.start()
    b.start()
    relay.kill()
    a.send_text(conversation_id(a, b), "sampai nanti")
    wait_for(lambda: False in connection, timeout=30)
    relay.start()
    assert arrived.wait(timeout=90)
    assert bodies(b, conversation_id(b, a), "in") == ["sampai nanti"]
    wait_for(lambda: connection[-1] is True, timeout=30)


def test_a_file_sent_while_the_relay_is_away_is_uploaded_later(
    paired: tuple[RelayProcess, Messenger, Messenger], tmp_path: Path
) -> None:
    relay, a, b = paired
    relay.kill()
    document = tmp_path / "dokumen.txt"
    document.write_bytes(b"isi dokumen " * 5000)
    message = a.send_file(conversation_id(a, b), document)
    assert message.status is MessageStatus.PENDING
    a.lock()
    a = open_profile(tmp_path / "a", PASSPHRASE)  # the app restarts before the relay is back
    relay.start()
    a.sync_once()
    assert a.message(message.message_id).status is MessageStatus.SENT
    b.sync_once()
    incoming = b.messages_before(conversation_id(b, a), None, 1)[0]
    b.save_attachment(incoming.message_id, tmp_path / "copy.txt")
    assert (tmp_path / "copy.txt").read_bytes() == document.read_bytes()
    a.lock()  # the reopened profile; the fixture locks the ones it made


def test_a_pending_upload_that_expired_leaves_no_ciphertext_behind(
    paired: tuple[RelayProcess, Messenger, Messenger], tmp_path: Path
) -> None:
    relay, a, b = paired
    a.set_disappearing(conversation_id(a, b), 1)
    relay.kill()
    document = tmp_path / "sementara.txt"
    document.write_bytes(b"sebentar saja " * 1000)
    message = a.send_file(conversation_id(a, b), document)
    transfers = tmp_path / "a" / "transfers"
    assert len(list(transfers.iterdir())) == 1  # the ciphertext waits for the relay
    wait_for(lambda: message.message_id in a.expire_now(), timeout=30)
    a.flush_outbox()
    assert list(transfers.iterdir()) == []
