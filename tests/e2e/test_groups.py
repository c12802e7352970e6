"""Private groups end to end (docs/groups.md): real relay processes, real profiles. Ani knows
everyone; the others know only Ani, so most members are "group-only" to each other."""

from __future__ import annotations

import dataclasses
import json
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import session
from app.service import content as c
from app.service import group_rules
from app.service.account import open_profile
from app.service.api import Direction, MessageStatus
from app.service.errors import GroupError
from app.service.group_content import update_fields
from app.service.messenger import Messenger
from tests.e2e.support import PASSPHRASE, killed_mid_flush, make_profile, pair
from tests.relay_process import RelayProcess, relay_process

NAMES = ("Ani", "Budi", "Citra", "Dewi", "Eka")
GROUP_TABLES = ("groups", "group_states", "group_members", "messages", "conversations")


@pytest.fixture
def people(tmp_path: Path) -> Iterator[tuple[RelayProcess, list[Messenger]]]:
    with relay_process(tmp_path / "relay") as relay:
        everyone = [make_profile(tmp_path / n.lower(), n, relay.url) for n in NAMES]
        for other in everyone[1:]:
            pair(everyone[0], other)
        try:
            yield relay, everyone
        finally:
            for m in everyone:
                m.lock()


def sync(ms: list[Messenger], rounds: int = 2) -> None:
    """Every profile sends what it queued and receives; `rounds` times (receipts go back)."""
    for _ in range(rounds):
        for m in ms:
            m.flush_outbox()
        for m in ms:
            m.sync_once()


def group_of(m: Messenger) -> int:
    (found,) = [x.conversation_id for x in m.conversations() if x.is_group]
    return found


def messages(m: Messenger, conversation: int) -> list[Any]:
    return list(reversed(m.messages_before(conversation, None, 500)))


def snapshot(m: Messenger) -> dict[str, list[tuple[Any, ...]]]:
    with m._store.transaction() as conn:
        return {
            t: sorted((tuple(r) for r in conn.execute(f"SELECT * FROM {t}")), key=repr)
            for t in GROUP_TABLES
        }


def test_a_group_of_five_talks_and_a_removed_member_hears_nothing_after(
    people: tuple[RelayProcess, list[Messenger]], tmp_path: Path
) -> None:
    _relay, everyone = people
    ani, budi, citra, dewi, eka = everyone
    created = ani.create_group("Keluarga", [m.own_account_id() for m in everyone[1:]])
    assert created.is_group and created.group_name == "Keluarga"
    sync(everyone)
    expected = [m.own_account_id() for m in everyone]
    for m in everyone:
        cid = group_of(m)
        assert m.conversation(cid).group_name == "Keluarga"
        assert [g.account_id for g in m.group_members(cid)] == expected
        assert [g.is_admin for g in m.group_members(cid)] == [True] + [False] * 4
    # group-only members are neither contacts nor requests
    assert [x.display_name for x in budi.contacts()] == ["Ani"] and budi.requests() == []

    hello = ani.send_text(group_of(ani), "halo semua")
    sync(everyone)
    at_budi = next(x for x in messages(budi, group_of(budi)) if x.body == "halo semua")
    budi.send_text(group_of(budi), "halo juga", reply_to=at_budi.message_id)
    at_citra = next(x for x in messages(citra, group_of(citra)) if x.body == "halo semua")
    citra.react(at_citra.message_id, "🎉")
    photo = tmp_path / "foto.bin"
    photo.write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    dewi.send_file(group_of(dewi), photo)
    sync(everyone, rounds=3)
    for m in everyone:
        page = messages(m, group_of(m))
        bodies = [x.body for x in page if x.kind == "text"]
        assert bodies == ["halo semua", "halo juga"], m
        original, reply = [x for x in page if x.kind == "text"]
        assert reply.reply_to == original.message_id
        if m is not citra:
            assert original.reactions == {citra.own_account_id(): "🎉"}
        (file_message,) = [x for x in page if x.kind == "attachment"]
        assert file_message.attachment is not None and file_message.attachment.name == "foto.bin"
        if m is not dewi:  # one blob on Dewi's relay serves every member
            m.save_attachment(file_message.message_id, tmp_path / f"got-{m.own_account_id()}")
            assert (tmp_path / f"got-{m.own_account_id()}").read_bytes() == photo.read_bytes()
        # the sender's name is the member's, search and unread counts work in the group
        assert [h.message_id for h in m.search("semua")] == [original.message_id]
    assert ani.message(hello.message_id).status is MessageStatus.DELIVERED  # all four have it
    assert eka.conversation(group_of(eka)).unread >= 2
    for m in everyone[1:4]:
        m.mark_read(group_of(m))
    sync(everyone)
    assert ani.message(hello.message_id).status is MessageStatus.DELIVERED  # Eka has not read
    eka.mark_read(group_of(eka))
    assert eka.conversation(group_of(eka)).unread == 0
    sync(everyone)
    assert ani.message(hello.message_id).status is MessageStatus.READ

    # one removal: Eka learns it, and nothing after it is encrypted to her
    ani.remove_group_members(group_of(ani), [eka.own_account_id()])
    sync(everyone)
    for m in everyone[:4]:
        assert [g.account_id for g in m.group_members(group_of(m))] == expected[:4]
    assert eka.own_account_id() not in [g.account_id for g in eka.group_members(group_of(eka))]
    for m in everyone:  # the removal is a line in every chat, Eka's own included
        lines = [json.loads(x.body) for x in messages(m, group_of(m)) if x.kind == "group"]
        assert lines[-1]["e"] == "removed" and lines[-1]["by"] in ("Ani", "")
        assert lines[-1]["who"] == ["" if m is eka else "Eka"]
    with pytest.raises(GroupError):
        eka.send_text(group_of(eka), "masih di sini?")
    ani.send_text(group_of(ani), "rahasia keluarga")
    budi.send_text(group_of(budi), "rahasia juga")
    for m in everyone:
        m.flush_outbox()
    assert eka.sync_once() == 0  # her mailbox got no envelope for them
    sync(everyone[:4])
    assert "rahasia keluarga" in [x.body for x in messages(dewi, group_of(dewi))]
    assert not [x for x in messages(eka, group_of(eka)) if x.body.startswith("rahasia")]

    # Eka writes into the group anyway (past her own app's refusal): refused, nothing stored
    before, refused = snapshot(ani), ani.refused_count()
    ani_row = eka._store.contact(ani.own_account_id())
    group_id = eka._store.conversation(group_of(eka)).group_id
    with eka._core.lock, eka._store.transaction():
        eka._core.seal_control(ani_row, c.Text("nyusup"), group_id)
    eka.flush_outbox()
    assert ani.sync_once() == 0
    assert ani.refused_count() == refused + 1 and snapshot(ani) == before


def test_concurrent_updates_by_two_admins_converge_on_the_lower_hash(
    people: tuple[RelayProcess, list[Messenger]],
) -> None:
    _relay, everyone = people
    ani, budi, citra = everyone[:3]
    trio = [ani, budi, citra]
    ani.create_group("Kantor", [budi.own_account_id(), citra.own_account_id()])
    sync(trio)
    ani.set_group_admin(group_of(ani), budi.own_account_id())
    sync(trio)
    assert [g.is_admin for g in citra.group_members(group_of(citra))] == [True, True, False]
    ani.rename_group(group_of(ani), "Kantor Ani")  # both at revision 3, on the same state
    budi.rename_group(group_of(budi), "Kantor Budi")
    hashes = {m.conversation(group_of(m)).group_name: _held(m).state_hash for m in (ani, budi)}
    winner = min(hashes, key=lambda name: hashes[name])
    # Citra hears the loser first, then the winner: she replaces it
    loser_side, winner_side = (ani, budi) if winner == "Kantor Budi" else (budi, ani)
    loser_side.flush_outbox()
    citra.sync_once()
    winner_side.flush_outbox()
    sync(trio, rounds=3)
    for m in trio:
        assert m.conversation(group_of(m)).group_name == winner
        held = _held(m)
        assert (held.revision, held.state_hash) == (3, hashes[winner])
    # a revision 4 built on the loser no longer chains anywhere
    assert {_held(m).state_hash for m in trio} == {hashes[winner]}


def _held(m: Messenger) -> Any:
    record = m._store.group_state(m._store.conversation(group_of(m)).group_id or "")
    assert record is not None
    return record


def _send_update(author: Messenger, to: Messenger, update: c.GroupUpdate) -> None:
    """Queue a crafted group update from `author` to `to`, sent as the app would."""
    row = author._store.contact(to.own_account_id())
    author._ensure_session(row)
    record = c.Content(c.new_message_id(), c.now_ms(), update, update.state.group_id.hex())
    with author._core.lock, author._store.transaction():
        author._core.seal_to_outbox(row, record, None)
    author.flush_outbox()


def _raw(author: Messenger, to: Messenger, fields: dict[str, Any]) -> None:
    """Queue raw record bytes (a record the encoder would never make)."""
    row = author._store.contact(to.own_account_id())
    data = b"\x01" + json.dumps(fields).encode()
    with author._core.lock, author._store.transaction():
        author._core.seal_encoded(row, data, None)
    author.flush_outbox()


def test_malformed_membership_changes_and_strangers_change_nothing(
    people: tuple[RelayProcess, list[Messenger]],
) -> None:
    _relay, everyone = people
    ani, budi, citra, dewi = everyone[:4]
    ani.create_group("Arisan", [budi.own_account_id(), citra.own_account_id()])
    sync([ani, budi, citra])
    state = group_rules.from_record(_held(ani)).state
    identity = session.own_identity(ani._store)
    base = dataclasses.replace(
        state, revision=2, previous_hash=group_rules.state_hash(state), name="Arisan baru"
    )

    def signed(s: session.GroupState, by: Any = identity) -> c.GroupUpdate:
        return c.GroupUpdate(s, session.sign_group_state(by, s))

    other = signed(dataclasses.replace(base, name="lain"))
    citra_key = session.own_identity(citra._store)
    by_citra = dataclasses.replace(base, author=citra.own_account_id())
    crafted = [
        c.GroupUpdate(base, other.signature),  # bad signature
        signed(dataclasses.replace(base, previous_hash=b"\x01" * 32)),  # wrong previous hash
        signed(dataclasses.replace(base, revision=3)),  # revision skip
    ]
    gid = state.group_id.hex()
    member_row = [state.members[0].identity_key.hex(), ani.relay_url(), "x", True]
    raw = update_fields(signed(base))
    garbage: list[dict[str, Any]] = [
        {**raw, "members": [member_row] * 101},  # too many members
        {**raw, "name": "n" * 65},  # oversized name
        {**raw, "members": [[*member_row[:2], "y" * 65, True]]},  # oversized member name
        {**raw, "rev": "2"},  # garbage fields
        {**raw, "members": [["zz", 1, None, "yes"]]},
        {**raw, "sig": "00"},
    ]
    before, dropped = snapshot(budi), budi.dropped_count()
    for update in crafted:
        _send_update(ani, budi, update)
    _send_update(citra, budi, signed(by_citra, citra_key))  # a member, but no admin
    for fields in garbage:
        _raw(ani, budi, {"id": c.new_message_id(), "ts": 1, "g": gid, **fields})
    budi.sync_once()
    assert budi.dropped_count() == dropped + len(crafted) + 1 + len(garbage)
    assert snapshot(budi) == before

    # a group message from someone outside the group: refused, nothing stored
    pair(budi, dewi)
    before, refused = snapshot(budi), budi.refused_count()
    row = dewi._store.contact(budi.own_account_id())
    with dewi._core.lock, dewi._store.transaction():
        dewi._core.seal_control(row, c.Text("boleh ikut?"), gid)
    dewi.flush_outbox()
    budi.sync_once()
    assert budi.refused_count() == refused + 1 and snapshot(budi) == before
    # the good update still applies after all that
    _send_update(ani, budi, signed(base))
    budi.sync_once()
    assert budi.conversation(group_of(budi)).group_name == "Arisan baru"


def test_group_messages_survive_a_relay_restart_and_a_client_kill(
    people: tuple[RelayProcess, list[Messenger]], tmp_path: Path
) -> None:
    relay, everyone = people
    ani, budi, citra = everyone[:3]
    ani.create_group("Tahan", [budi.own_account_id(), citra.own_account_id()])
    sync([ani, budi, citra])
    cid = group_of(ani)
    for n in range(5):
        ani.send_text(cid, f"sebelum {n}")
    relay.kill()
    for n in range(5):
        ani.send_text(cid, f"selama {n}")  # queued while the relay is away
    assert ani.flush_outbox() == 0
    ani.lock()  # the app goes away with its outbox full
    relay.start()
    # then a client that queues three more and is killed (-9) in the middle of its flush
    killed = killed_mid_flush(tmp_path / "ani", cid, "mati", 3, 7)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = open_profile(tmp_path / "ani", PASSPHRASE)
    everyone[0] = again
    again.flush_outbox()
    sent = [f"sebelum {n}" for n in range(5)] + [f"selama {n}" for n in range(5)]
    sent += [f"mati {n}" for n in range(3)]
    for m in (budi, citra):
        m.sync_once()
        m.sync_once()  # a relay restarted under a poll may hand the rest over on the next
        assert _texts(m) == sent  # each once, in order
    sync([again, budi, citra])
    statuses = {x.status for x in messages(again, cid) if x.kind == "text"}
    assert statuses == {MessageStatus.DELIVERED}
    assert len([x for x in messages(again, cid) if x.kind == "text"]) == len(sent)
    assert all(x.direction is Direction.INCOMING for x in messages(budi, group_of(budi)))


def _texts(m: Messenger) -> list[str]:
    return [x.body for x in messages(m, group_of(m)) if x.kind == "text"]
