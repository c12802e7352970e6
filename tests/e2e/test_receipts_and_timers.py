"""Receipts (delivered, read) and disappearing messages, across two clients on a real relay."""

from __future__ import annotations

import time
from pathlib import Path

from app.service.api import MessagesRemoved, MessageStatus
from tests.e2e.support import bodies, conversation_id, make_pair, make_profile
from tests.relay_process import RelayProcess


def test_status_moves_from_sent_to_delivered_to_read(relay: RelayProcess, tmp_path: Path) -> None:
    a, b = make_pair(tmp_path, relay.url)
    message = a.send_text(conversation_id(a, b), "sudah dibaca?")
    assert message.status is MessageStatus.PENDING
    a.flush_outbox()
    assert a.message(message.message_id).status is MessageStatus.SENT
    b.sync_once()
    assert b.conversation(conversation_id(b, a)).unread == 1
    a.sync_once()
    assert a.message(message.message_id).status is MessageStatus.DELIVERED
    b.mark_read(conversation_id(b, a))
    assert b.conversation(conversation_id(b, a)).unread == 0
    b.flush_outbox()
    a.sync_once()
    assert a.message(message.message_id).status is MessageStatus.READ
    a.sync_once()  # a late delivered receipt never moves it back
    assert a.message(message.message_id).status is MessageStatus.READ

    b.set_setting("read_receipts", "0")  # read receipts can be turned off
    second = a.send_text(conversation_id(a, b), "dan ini?")
    a.flush_outbox()
    b.sync_once()
    b.mark_read(conversation_id(b, a))
    b.flush_outbox()
    a.sync_once()
    assert a.message(second.message_id).status is MessageStatus.DELIVERED
    a.lock()
    b.lock()


def test_disappearing_messages_are_agreed_and_vanish_on_both_ends(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    a.send_text(conversation_id(a, b), "ini tetap ada")
    a.set_disappearing(conversation_id(a, b), 2)
    a.send_text(conversation_id(a, b), "rahasia menghilang")
    a.flush_outbox()
    b.sync_once()
    assert b.conversation(conversation_id(b, a)).disappearing_seconds == 2  # agreed
    assert [m.kind for m in b.messages_before(conversation_id(b, a), None)][:2] == ["text", "timer"]
    b.send_text(conversation_id(b, a), "balasan menghilang juga")
    b.flush_outbox()
    a.sync_once()
    assert a.search("menghilang") and b.search("menghilang")

    removed: list[MessagesRemoved] = []
    for m in (a, b):
        m.subscribe(lambda e: removed.append(e) if isinstance(e, MessagesRemoved) else None)
    time.sleep(2.2)
    a.expire_now()
    b.sync_once()  # a sync lets expired messages go too
    assert a.search("menghilang") == [] and b.search("menghilang") == []
    assert bodies(a, conversation_id(a, b)) == ["ini tetap ada", "2"]  # the timer notice stays
    assert bodies(b, conversation_id(b, a)) == ["ini tetap ada", "2"]
    assert sum(len(e.message_ids) for e in removed) == 4
    a.set_disappearing(conversation_id(a, b), 0)
    a.flush_outbox()
    b.sync_once()
    assert b.conversation(conversation_id(b, a)).disappearing_seconds == 0
    a.lock()
    b.lock()


def test_the_default_timer_starts_each_new_conversation_on_both_sides(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a = make_profile(tmp_path / "a", "Ani", relay.url)
    b = make_profile(tmp_path / "b", "Budi", relay.url)
    c = make_profile(tmp_path / "c", "Citra", relay.url)
    a.set_setting("disappearing_default", "3600")
    b.set_setting("disappearing_default", "600")
    c.set_setting("disappearing_default", "not a number")  # ignored

    a.add_contact(b.invite_link())  # Ani begins: her default, told to Budi
    assert a.conversation(conversation_id(a, b)).disappearing_seconds == 3600
    a.flush_outbox()
    b.sync_once()
    assert b.conversation(conversation_id(b, a)).disappearing_seconds == 3600
    b.accept_request(a.own_account_id())  # Ani's timer stands: Budi's default is not applied
    assert b.conversation(conversation_id(b, a)).disappearing_seconds == 3600

    c.add_contact(b.invite_link())  # no valid default: no timer
    c.send_text(conversation_id(c, b), "halo Budi")
    c.flush_outbox()
    b.sync_once()
    assert b.conversation(conversation_id(b, c)).disappearing_seconds == 0  # a request: not yet
    b.accept_request(c.own_account_id())  # Budi accepts: his default, told to Citra
    assert b.conversation(conversation_id(b, c)).disappearing_seconds == 600
    b.flush_outbox()
    c.sync_once()
    assert c.conversation(conversation_id(c, b)).disappearing_seconds == 600
    for m in (a, b, c):
        m.lock()
