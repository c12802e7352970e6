"""One contract, two implementations: the same behavioural checks run against the real Messenger
(two real profiles on a real relay) and against the UI tests' FakeMessenger, so the widgets are
tested against what the service really does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.service.api import (
    ConversationChanged,
    ConversationRemoved,
    Direction,
    Event,
    MessageAdded,
    MessengerApi,
)
from app.service.errors import (
    ContactBlocked,
    ContactNotFound,
    InvalidProxy,
    NotFound,
    ServiceError,
)
from app.service.messenger import Messenger
from tests.e2e.support import conversation_id, make_pair, make_profile
from tests.relay_process import RelayProcess
from tests.ui.fake_messenger import FakeMessenger

_: MessengerApi = FakeMessenger()  # mypy: the fake offers the whole facade, typed alike


def _real_is_an_api(m: Messenger) -> MessengerApi:
    return m  # mypy: so does the real one


@dataclass
class Side:
    """One implementation, set up alike: `me` (Ani) knows an accepted contact, Budi."""

    me: MessengerApi
    peer_id: str
    conversation_id: int  # the conversation with Budi
    bring_request: Callable[[str, str], str]  # (name, text): a stranger writes; their contact id


def _real(relay: RelayProcess, folder: Path) -> Iterator[Side]:
    a, b = make_pair(folder, relay.url)
    strangers: list[Messenger] = []

    def bring_request(name: str, text: str) -> str:
        stranger = make_profile(folder / name, name, relay.url)
        strangers.append(stranger)
        stranger.add_contact(a.invite_link())
        stranger.send_text(conversation_id(stranger, a), text)
        stranger.flush_outbox()
        a.sync_once()
        return stranger.own_account_id()

    yield Side(a, b.own_account_id(), conversation_id(a, b), bring_request)
    for m in (a, b, *strangers):
        m.lock()


def _fake() -> Iterator[Side]:
    fake = FakeMessenger("Ani")
    cid = fake.add_peer("Budi")

    def bring_request(name: str, text: str) -> str:
        request = fake.add_peer(name, accepted=False)
        fake.receive(request, text)
        return fake.conversation(request).contact.contact_id

    yield Side(fake, fake.conversation(cid).contact.contact_id, cid, bring_request)


@pytest.fixture(params=["real", "fake"])
def side(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Side]:
    if request.param == "real":
        yield from _real(request.getfixturevalue("relay"), tmp_path)
    else:
        yield from _fake()


def _recording(m: MessengerApi) -> tuple[list[Event], Callable[[], None]]:
    events: list[Event] = []
    return events, m.subscribe(events.append)


def test_conversations_list_the_peer(side: Side) -> None:
    (listed,) = [c for c in side.me.conversations() if c.contact.contact_id == side.peer_id]
    assert listed.conversation_id == side.conversation_id
    assert listed.contact.display_name == "Budi"
    assert listed.contact.accepted and not listed.contact.blocked
    assert side.me.conversation_for_contact(side.peer_id) == side.me.conversation(
        side.conversation_id
    )
    assert side.me.contact(side.peer_id) in side.me.contacts()


def test_a_sent_text_is_outgoing_and_the_newest_message(side: Side) -> None:
    me = side.me
    count = me.message_count(side.conversation_id)
    sent = me.send_text(side.conversation_id, "halo, apa kabar?")
    assert sent.direction is Direction.OUTGOING
    assert (sent.body, sent.conversation_id) == ("halo, apa kabar?", side.conversation_id)
    assert sent.sender_id == me.own_account_id()
    (newest,) = me.messages_before(side.conversation_id, None, 1)
    assert (newest.message_id, newest.body) == (sent.message_id, "halo, apa kabar?")
    assert me.message(sent.message_id).body == "halo, apa kabar?"
    assert me.message_count(side.conversation_id) == count + 1
    assert sent.message_id in [m.message_id for m in me.messages_after(side.conversation_id, 0)]
    assert sent.message_id in [hit.message_id for hit in me.search("kabar")]
    me.flush_outbox()
    assert me.outbox_size() == 0  # the relay answers: nothing waits
    with pytest.raises(ServiceError):
        me.send_text(side.conversation_id, "   ")


def test_subscribe_delivers_message_added_for_a_sent_message(side: Side) -> None:
    events, unsubscribe = _recording(side.me)
    sent = side.me.send_text(side.conversation_id, "satu")
    added = [e.message for e in events if isinstance(e, MessageAdded)]
    assert [m.message_id for m in added] == [sent.message_id]
    unsubscribe()
    unsubscribe()  # idempotent
    side.me.send_text(side.conversation_id, "dua")
    assert [e for e in events if isinstance(e, MessageAdded)] == [MessageAdded(added[0])]


def test_find_contact_by_name_id_and_prefix(side: Side) -> None:
    me = side.me
    assert me.find_contact("bUDI").contact_id == side.peer_id
    assert me.find_contact(side.peer_id).contact_id == side.peer_id
    assert me.find_contact(side.peer_id[:12]).contact_id == side.peer_id
    with pytest.raises(ContactNotFound):
        me.find_contact("nobody at all")
    with pytest.raises(ContactNotFound):
        me.contact("ff" * 32)


def test_requests_are_listed_until_accepted(side: Side) -> None:
    me = side.me
    assert me.requests() == []
    stranger = side.bring_request("Citra", "boleh kenalan?")
    assert [c.contact_id for c in me.requests()] == [stranger]
    assert not me.contact(stranger).accepted
    waiting = me.conversation_for_contact(stranger)
    assert waiting.unread == 1
    assert me.total_unread() == sum(c.unread for c in me.conversations())
    me.accept_request(stranger)
    assert me.requests() == []
    assert me.contact(stranger).accepted
    me.mark_read(waiting.conversation_id)
    assert me.conversation(waiting.conversation_id).unread == 0
    assert me.total_unread() == sum(c.unread for c in me.conversations())


def test_replying_to_a_request_accepts_it(side: Side) -> None:
    stranger = side.bring_request("Dewi", "halo")
    side.me.send_text(side.me.conversation_for_contact(stranger).conversation_id, "halo juga")
    assert side.me.contact(stranger).accepted
    assert side.me.requests() == []


def test_a_deleted_request_is_gone(side: Side) -> None:
    me = side.me
    stranger = side.bring_request("Eka", "promo!")
    gone = me.conversation_for_contact(stranger).conversation_id
    events, _unsubscribe = _recording(me)
    me.delete_request(stranger)
    assert ConversationRemoved(gone) in events
    assert me.requests() == []
    assert gone not in [c.conversation_id for c in me.conversations()]
    with pytest.raises(ContactNotFound):
        me.contact(stranger)
    with pytest.raises(ServiceError):
        me.delete_request(side.peer_id)  # a contact, not a request


def test_block_sets_blocked_and_stops_sending(side: Side) -> None:
    me = side.me
    me.block(side.peer_id)
    assert me.contact(side.peer_id).blocked
    assert me.conversation(side.conversation_id).contact.blocked
    with pytest.raises(ContactBlocked):
        me.send_text(side.conversation_id, "halo?")
    me.block(side.peer_id, False)
    assert not me.contact(side.peer_id).blocked
    me.send_text(side.conversation_id, "halo!")


def test_muted_archived_and_the_timer_are_reflected(side: Side) -> None:
    me, cid = side.me, side.conversation_id
    events, _unsubscribe = _recording(me)
    me.set_muted(cid, True)
    me.set_archived(cid, True)
    me.set_disappearing(cid, 3600)
    now = me.conversation(cid)
    assert (now.muted, now.archived, now.disappearing_seconds) == (True, True, 3600)
    changed = [e.conversation for e in events if isinstance(e, ConversationChanged)]
    assert changed and changed[-1].conversation_id == cid and changed[-1].muted
    me.set_muted(cid, False)
    me.set_archived(cid, False)
    assert not me.conversation(cid).muted and not me.conversation(cid).archived
    with pytest.raises(ServiceError):
        me.set_disappearing(cid, -1)


def test_unknown_ids_and_own_links_are_refused(side: Side) -> None:
    me = side.me
    with pytest.raises(NotFound):
        me.conversation(10**6)
    with pytest.raises(NotFound):
        me.message(10**6)
    assert me.invite_link().startswith("bisik:")
    assert me.invite_link(https=True).startswith(f"{me.relay_url()}/invite#")
    with pytest.raises(ServiceError):
        me.add_contact(me.invite_link())
    assert me.keys_ready()


def test_the_proxy_is_socks5h_or_none(side: Side) -> None:
    me = side.me
    assert me.proxy_url() == ""
    for refused in ("socks5://127.0.0.1:9050", "http://127.0.0.1:8080", "socks5h://nowhere"):
        with pytest.raises(InvalidProxy):
            me.set_proxy_url(refused)
    assert me.proxy_url() == ""
    me.set_proxy_url(" socks5h://127.0.0.1:9050 ")
    assert me.proxy_url() == "socks5h://127.0.0.1:9050"
    me.set_proxy_url(None)
    assert me.proxy_url() == ""


def test_the_fake_offers_every_public_method_of_the_real_one() -> None:
    def public(cls: type) -> set[str]:
        return {name for name in dir(cls) if not name.startswith("_")}

    api = public(MessengerApi)
    assert api == public(Messenger)
    assert api <= public(FakeMessenger)
