"""Linked devices at work (docs/devices.md, "Sending to every device", "Sync messages"): a contact's
message reaches every device of the account, what one device sends shows on the other as sent,
read state follows, an unlinked device hears nothing more, and a relay restart loses nothing.
Real relay process, real profiles."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from app.service.account import open_profile
from app.service.api import ThisDeviceUnlinked, TrustState
from app.service.device_routes import device_targets
from app.service.errors import DeviceUnlinked, RelayDown
from app.service.messenger import Messenger
from app.store.records import Direction, MessageStatus
from tests.e2e.support import (
    PASSPHRASE,
    bodies,
    conversation_id,
    killed_mid_flush,
    link_second,
    make_profile,
    pair,
)
from tests.relay_process import RelayProcess


def sync_all(*messengers: Messenger) -> None:
    """Two rounds each: a send answered by a receipt or a transcript settles in them."""
    for _ in range(2):
        for m in messengers:
            m.sync_once()


def history(m: Messenger, peer: Messenger) -> list[tuple[str, str]]:
    """(direction, body) of every message with `peer`, oldest first."""
    conversation = conversation_id(m, peer)
    return [
        (x.direction.value, x.body)
        for x in reversed(m.messages_before(conversation, None, 500))
        if x.kind == "text"
    ]


def test_both_devices_see_both_sides_of_a_conversation(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, budi = paired
    laptop, linked = link_second(tmp_path / "a2", relay.url, ani)
    try:
        sync_all(budi, ani)  # Budi hears of the new device (its profile record and device id)
        peers = {
            t.peer
            for t in device_targets(budi._core, budi._core.store.contact(ani.own_account_id()))
        }
        assert peers == {ani.own_account_id(), f"{ani.own_account_id()}.{linked.device_id}"}

        budi.send_text(conversation_id(budi, ani), "to both of Ani's computers")
        budi.flush_outbox()
        laptop.send_text(conversation_id(laptop, budi), "from the laptop")
        laptop.flush_outbox()
        ani.send_text(conversation_id(ani, budi), "from the first computer")
        ani.flush_outbox()
        sync_all(budi, ani, laptop, budi, ani, laptop)

        want = {
            ("in", "to both of Ani's computers"),
            ("out", "from the laptop"),
            ("out", "from the first computer"),
        }
        assert set(history(ani, budi)) == want and len(history(ani, budi)) == 3
        assert set(history(laptop, budi)) == want and len(history(laptop, budi)) == 3
        theirs = history(budi, ani)
        assert sorted(theirs) == sorted(
            [
                ("out", "to both of Ani's computers"),
                ("in", "from the laptop"),
                ("in", "from the first computer"),
            ]
        )
        # Budi's delivery receipt reaches the device that did not send the message, too
        sent_on_laptop = [
            m
            for m in ani.messages_before(conversation_id(ani, budi), None, 50)
            if m.body == "from the laptop"
        ]
        assert sent_on_laptop[0].status in (MessageStatus.DELIVERED, MessageStatus.READ)

        # a reaction on the laptop shows on the first computer as ours
        incoming = [
            m
            for m in laptop.messages_before(conversation_id(laptop, budi), None, 50)
            if m.body == "to both of Ani's computers"
        ]
        laptop.react(incoming[0].message_id, "👍")
        laptop.flush_outbox()
        ani.sync_once()
        on_first = [
            m
            for m in ani.messages_before(conversation_id(ani, budi), None, 50)
            if m.body == "to both of Ani's computers"
        ]
        assert on_first[0].reactions == {ani.own_account_id(): "👍"}

        # read on one computer: read on the other
        assert laptop.conversation(conversation_id(laptop, budi)).unread == 1
        ani.mark_read(conversation_id(ani, budi))
        ani.flush_outbox()
        laptop.sync_once()
        assert laptop.conversation(conversation_id(laptop, budi)).unread == 0
        assert ani.dropped_count() == laptop.dropped_count() == budi.dropped_count() == 0
    finally:
        laptop.lock()


def test_an_unlinked_device_stops_and_receives_nothing_new(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, budi = paired
    laptop, linked = link_second(tmp_path / "a2", relay.url, ani)
    heard: list[object] = []
    laptop.subscribe(heard.append)
    try:
        sync_all(budi, ani, laptop)
        budi.send_text(conversation_id(budi, ani), "before")
        budi.flush_outbox()
        sync_all(ani, laptop)
        assert ("in", "before") in history(laptop, budi)

        ani.unlink_device(linked.device_id)
        laptop.sync_once()  # "you were unlinked"
        assert laptop.is_unlinked()
        assert any(isinstance(e, ThisDeviceUnlinked) for e in heard)
        with pytest.raises(DeviceUnlinked):
            laptop.sync_once()
        with pytest.raises(DeviceUnlinked):
            laptop.send_text(conversation_id(laptop, budi), "still here?")

        budi.sync_once()  # Ani's profile record tells of the new list
        budi.send_text(conversation_id(budi, ani), "after")
        budi.flush_outbox()
        ani.sync_once()
        assert [b for d, b in history(ani, budi) if d == "in"] == ["before", "after"]
        contact = budi._core.store.contact(ani.own_account_id())
        assert [t.peer for t in device_targets(budi._core, contact)] == [ani.own_account_id()]
        # nothing new waits in the unlinked device's mailbox
        assert laptop._core.relay().poll(0) == []
        assert ("in", "after") not in history(laptop, budi)
        laptop.lock()  # and it stays unlinked after the next unlock, its history readable
        laptop = open_profile(tmp_path / "a2", PASSPHRASE)
        assert laptop.is_unlinked() and ("in", "before") in history(laptop, budi)
        with pytest.raises(DeviceUnlinked):
            laptop.sync_once()
    finally:
        laptop.lock()


def test_device_messages_survive_a_relay_restart_and_a_client_kill(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, budi = paired
    laptop, _ = link_second(tmp_path / "a2", relay.url, ani)
    again: Messenger | None = None
    try:
        sync_all(budi, ani, laptop)
        texts = [f"message {n}" for n in range(6)]
        conversation = conversation_id(budi, ani)
        for n, text in enumerate(texts):
            budi.send_text(conversation, text)
            if n == 2:
                relay.kill()  # the rest stay queued
        with pytest.raises(RelayDown):
            budi.sync_once()
        budi.lock()  # the app goes away with its outbox full
        relay.start()
        # a client that queues three more (2 envelopes each, one per device of Ani) and is
        # killed (-9) after the relay took the 4th of them but before its outbox knew
        killed = killed_mid_flush(tmp_path / "b", conversation, "killed", 3, 4)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        again = open_profile(tmp_path / "b", PASSPHRASE)
        again.flush_outbox()
        texts += [f"killed {n}" for n in range(3)]
        laptop.send_text(conversation_id(laptop, budi), "laptop after the restart")
        sync_all(again, ani, laptop, again, ani, laptop)
        for device in (ani, laptop):
            incoming = bodies(device, conversation_id(device, budi), Direction.INCOMING.value)
            assert incoming == texts  # each once, in order
        assert bodies(ani, conversation_id(ani, budi), "out") == ["laptop after the restart"]
        assert bodies(again, conversation, "in") == ["laptop after the restart"]
    finally:
        laptop.lock()
        if again is not None:
            again.lock()


def test_contacts_and_conversation_settings_follow_between_devices(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, budi = paired
    laptop, _ = link_second(tmp_path / "a2", relay.url, ani)
    eka = make_profile(tmp_path / "e", "Eka", relay.url)
    try:
        sync_all(budi, ani, laptop)
        laptop.add_contact(eka.invite_link())  # added on the laptop ...
        budi_id = budi.own_account_id()
        laptop.mark_verified(budi_id)
        laptop.set_muted(conversation_id(laptop, budi), True)
        laptop.flush_outbox()
        ani.sync_once()
        # ... and on the first computer too, with Budi verified and muted there
        assert eka.own_account_id() in {c.contact_id for c in ani.contacts()}
        assert ani.contact(budi_id).trust is TrustState.VERIFIED
        assert ani.conversation(conversation_id(ani, budi)).muted
        # the other way round: blocked on the first computer, blocked on the laptop
        ani.block(eka.own_account_id())
        ani.set_archived(conversation_id(ani, budi), True)
        ani.flush_outbox()
        laptop.sync_once()
        assert laptop.contact(eka.own_account_id()).blocked
        assert laptop.conversation(conversation_id(laptop, budi)).archived
        assert ani.dropped_count() == laptop.dropped_count() == 0
    finally:
        laptop.lock()
        eka.lock()


def test_a_device_linked_later_is_given_the_groups_and_hears_them(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, budi = paired
    citra = make_profile(tmp_path / "c", "Citra", relay.url)
    laptop: Messenger | None = None
    try:
        pair(budi, citra)  # Budi makes the group; Ani is in it but is not its author
        group = budi.create_group("Arisan", [ani.own_account_id(), citra.own_account_id()])
        budi.flush_outbox()
        ani.sync_once()
        laptop, _ = link_second(tmp_path / "a2", relay.url, ani)
        sync_all(ani, laptop, budi)  # the first computer gives the laptop the group it is in
        (on_laptop,) = [c for c in laptop.conversations() if c.is_group]
        assert on_laptop.group_name == "Arisan"
        assert {m.account_id for m in laptop.group_members(on_laptop.conversation_id)} == {
            ani.own_account_id(),
            budi.own_account_id(),
            citra.own_account_id(),
        }
        budi.send_text(group.conversation_id, "sudah bayar?")
        budi.flush_outbox()
        laptop.sync_once()
        texts = laptop.messages_before(on_laptop.conversation_id, None, 10)
        assert [m.body for m in texts if m.kind == "text"] == ["sudah bayar?"]
    finally:
        if laptop is not None:
            laptop.lock()
        citra.lock()
