"""When a message shows as failed ("Not sent. Click to retry."): a relay away for FAIL_AFTER
tries in a row (the envelope stays queued and still goes out later), or a refusal retrying cannot
fix (the contact was blocked after the message was queued); and `retry` sends it now."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.service import outbox
from app.service.api import MessageChanged, MessageStatus
from app.service.messenger import Messenger
from tests.e2e.support import bodies, conversation_id
from tests.relay_process import RelayProcess


def _statuses(m: Messenger) -> list[MessageStatus]:
    """The statuses in the MessageChanged events `m` emits from now on."""
    seen: list[MessageStatus] = []
    m.subscribe(lambda e: seen.append(e.message.status) if isinstance(e, MessageChanged) else None)
    return seen


def test_a_relay_away_too_long_fails_the_message_and_retry_sends_it_once(
    paired: tuple[RelayProcess, Messenger, Messenger], monkeypatch: pytest.MonkeyPatch
) -> None:
    relay, a, b = paired
    monkeypatch.setattr(outbox, "FAIL_AFTER", 1)  # the product waits for 5 failed tries
    seen = _statuses(a)
    relay.kill()
    message = a.send_text(conversation_id(a, b), "gagal dulu")
    a.flush_outbox()
    assert a.message(message.message_id).status is MessageStatus.FAILED
    assert seen == [MessageStatus.FAILED]
    assert a.outbox_size() == 1  # still queued: retried in the background
    relay.start()
    a.retry(message.message_id)  # no waiting out the backoff
    assert a.message(message.message_id).status is MessageStatus.SENT
    assert seen[-2:] == [MessageStatus.PENDING, MessageStatus.SENT]
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == ["gagal dulu"]  # once, not twice
    assert (a.outbox_size(), b.dropped_count()) == (0, 0)


def test_a_failed_message_still_goes_out_when_the_relay_returns(
    paired: tuple[RelayProcess, Messenger, Messenger], monkeypatch: pytest.MonkeyPatch
) -> None:
    relay, a, b = paired
    monkeypatch.setattr(outbox, "FAIL_AFTER", 1)
    relay.kill()
    message = a.send_text(conversation_id(a, b), "nanti juga sampai")
    a.flush_outbox()
    assert a.message(message.message_id).status is MessageStatus.FAILED
    relay.start()
    a.sync_once()  # the poll gets through, which ends the backoff: the queue goes out
    assert a.message(message.message_id).status is MessageStatus.SENT
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == ["nanti juga sampai"]


def test_fewer_failures_than_the_limit_leave_the_message_pending(
    paired: tuple[RelayProcess, Messenger, Messenger],
) -> None:
    relay, a, b = paired
    relay.kill()
    message = a.send_text(conversation_id(a, b), "sabar")
    a.flush_outbox()  # one failed try of FAIL_AFTER
    assert a.message(message.message_id).status is MessageStatus.PENDING
    relay.start()


def test_a_message_queued_before_its_contact_was_blocked_fails_and_is_not_sent(
    paired: tuple[RelayProcess, Messenger, Messenger],
) -> None:
    relay, a, b = paired
    relay.kill()
    message = a.send_text(conversation_id(a, b), "tidak jadi")
    a.block(b.own_account_id())
    relay.start()
    seen = _statuses(a)
    a.flush_outbox()
    assert a.message(message.message_id).status is MessageStatus.FAILED
    assert seen == [MessageStatus.FAILED]
    assert a.outbox_size() == 0  # refused for good: dropped
    b.sync_once()
    assert bodies(b, conversation_id(b, a)) == []
    a.block(b.own_account_id(), False)
    a.retry(message.message_id)  # encrypted and queued afresh
    assert a.message(message.message_id).status is MessageStatus.SENT
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == ["tidak jadi"]


def test_a_pending_upload_to_a_contact_blocked_meanwhile_fails_without_breaking_the_loop(
    paired: tuple[RelayProcess, Messenger, Messenger], tmp_path: Path
) -> None:
    relay, a, b = paired
    relay.kill()
    document = tmp_path / "surat.txt"
    document.write_bytes(b"isi surat " * 2000)
    message = a.send_file(conversation_id(a, b), document)
    later = a.send_text(conversation_id(a, b), "dan ini")
    a.block(b.own_account_id())
    relay.start()
    a.flush_outbox()  # the blocked upload neither raises nor holds up the rest
    assert a.message(message.message_id).status is MessageStatus.FAILED
    assert a.message(later.message_id).status is MessageStatus.FAILED
    assert list((tmp_path / "a" / "transfers").iterdir()) == []
    a.block(b.own_account_id(), False)
    a.retry(message.message_id)  # uploaded afresh
    assert a.message(message.message_id).status is MessageStatus.SENT
    b.sync_once()
    incoming = b.messages_before(conversation_id(b, a), None, 1)[0]
    b.save_attachment(incoming.message_id, tmp_path / "salinan.txt")
    assert (tmp_path / "salinan.txt").read_bytes() == document.read_bytes()
