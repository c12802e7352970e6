"""Group records and rules without a relay: parsing with bounds (group_content.py, content.py) and
which update may follow which, by whom, in the one agreed order (group_rules.py)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from app import session
from app.crypto.keys import IdentityKeyPair
from app.service import content as c
from app.service import group_rules as rules
from app.service.errors import InvalidContent, InvalidGroupUpdate
from app.service.group_receive import changes

RELAY = "https://relay.example"
ADMIN, MEMBER, OTHER, OUTSIDER = (IdentityKeyPair.from_seed(bytes([n]) * 32) for n in (1, 2, 3, 4))


def _entry(pair: IdentityKeyPair, name: str, admin: bool = False) -> session.GroupMemberEntry:
    return session.GroupMemberEntry(pair.public, RELAY, name, admin)


def _id(pair: IdentityKeyPair) -> str:
    return session.account_id(pair.public)


def _signed(state: session.GroupState, by: IdentityKeyPair = ADMIN) -> c.GroupUpdate:
    return c.GroupUpdate(state, session.sign_group_state(by, state))


def _created() -> c.GroupUpdate:
    return _signed(
        session.GroupState(
            group_id=b"\x07" * 16,
            revision=1,
            name="Keluarga",
            timer=0,
            members=(_entry(ADMIN, "Ani", True), _entry(MEMBER, "Budi"), _entry(OTHER, "Citra")),
            previous_hash=session.NO_PREVIOUS,
            author=_id(ADMIN),
        )
    )


def _next(base: c.GroupUpdate, by: IdentityKeyPair = ADMIN, **changes: Any) -> c.GroupUpdate:
    state = dataclasses.replace(
        base.state,
        revision=base.state.revision + 1,
        previous_hash=rules.state_hash(base.state),
        author=_id(by),
        **changes,
    )
    return _signed(state, by)


def test_a_group_update_round_trips_and_carries_its_group() -> None:
    update = _created()
    record = c.Content(c.new_message_id(), 5, update, update.state.group_id.hex())
    decoded = c.decode(c.encode(record))
    assert decoded == record
    text = c.Content(c.new_message_id(), 5, c.Text("halo"), "ab" * 16)
    assert c.decode(c.encode(text)).group_id == "ab" * 16
    assert c.decode(c.encode(dataclasses.replace(text, group_id=None))).group_id is None


def _fields(record: c.Content) -> dict[str, Any]:
    fields: dict[str, Any] = json.loads(c.encode(record)[1:])
    return fields


@pytest.mark.parametrize(
    "change",
    [
        {"g": "AB" * 16},  # not lowercase hex
        {"g": "ab" * 15},  # not 16 bytes
        {"members": [["ab" * 32, RELAY, "x", False]] * 101},  # over 100 members
        {"members": []},
        {"name": "n" * 65},
        {"members": [["ab" * 32, RELAY, "n" * 65, True]]},
        {"members": [["ab" * 32, "ftp://x", "n", True]]},
        {"members": [["ab" * 32, RELAY, "n"]]},
        {"members": [["ab" * 31, RELAY, "n", True]]},
        {"rev": 0},
        {"rev": True},
        {"prev": "00"},
        {"sig": "zz" * 64},
        {"author": None},
    ],
)
def test_group_updates_out_of_bounds_are_invalid_content(change: dict[str, Any]) -> None:
    update = _created()
    fields = _fields(c.Content("ab" * 16, 1, update, update.state.group_id.hex())) | change
    with pytest.raises(InvalidContent):
        c.decode(b"\x01" + json.dumps(fields).encode())


def test_a_group_context_only_where_it_belongs() -> None:
    for body in (c.Profile("x", RELAY), c.TimerChange(5)):
        fields = _fields(c.Content("ab" * 16, 1, body)) | {"g": "ab" * 16}
        with pytest.raises(InvalidContent):
            c.decode(b"\x01" + json.dumps(fields).encode())
    fields = _fields(c.Content("ab" * 16, 1, c.Text("x"))) | {"k": "group_update"}
    with pytest.raises(InvalidContent):  # an update must name its group
        c.decode(b"\x01" + json.dumps(fields).encode())


def test_creation_and_the_next_revision_are_accepted() -> None:
    created = _created()
    rules.check_update(created, None, _id(ADMIN))
    renamed = _next(created, name="Keluarga besar")
    rules.check_update(renamed, created, _id(ADMIN))
    rules.check_update(renamed, created, _id(MEMBER))  # a member may relay it
    rules.check_update(renamed, None, _id(MEMBER))  # a newcomer takes the state it is given


def test_each_broken_rule_is_a_typed_refusal() -> None:
    created = _created()
    good = _next(created, name="baru")
    cases = {
        "bad signature": c.GroupUpdate(good.state, _next(created, name="lain").signature),
        "wrong previous hash": _signed(dataclasses.replace(good.state, previous_hash=b"\x01" * 32)),
        "revision skip": _signed(dataclasses.replace(good.state, revision=3)),
        "non-admin author": _next(created, by=MEMBER, name="kudeta"),
        "no admin left": _next(
            created,
            members=tuple(dataclasses.replace(m, admin=False) for m in created.state.members),
        ),
        "twice listed": _next(created, members=(*created.state.members, _entry(MEMBER, "B2"))),
    }
    for what, update in cases.items():
        with pytest.raises(InvalidGroupUpdate):
            rules.check_update(update, created, _id(ADMIN))
            pytest.fail(what)
    with pytest.raises(InvalidGroupUpdate):  # from someone outside the group
        rules.check_update(good, created, _id(OUTSIDER))
    with pytest.raises(InvalidGroupUpdate):  # a creation sent by another than its author
        rules.check_update(created, None, _id(MEMBER))
    with pytest.raises(InvalidGroupUpdate):  # a creation by no admin
        rules.check_update(
            _signed(dataclasses.replace(created.state, author=_id(MEMBER)), MEMBER),
            None,
            _id(MEMBER),
        )


def test_any_member_may_leave_and_the_last_admin_promotes_the_oldest() -> None:
    created = _created()
    leave = _next(created, by=OTHER, members=rules.without(created.state, _id(OTHER)))
    rules.check_update(leave, created, _id(OTHER))
    leave_and_more = _next(
        created, by=OTHER, members=rules.without(created.state, _id(OTHER)), name="x"
    )
    with pytest.raises(InvalidGroupUpdate):
        rules.check_update(leave_and_more, created, _id(OTHER))
    rest = rules.without(created.state, _id(ADMIN))
    assert [(m.display_name, m.admin) for m in rest] == [("Budi", True), ("Citra", False)]


def test_the_agreed_order_is_the_lower_state_hash() -> None:
    created = _created()
    one, two = _next(created, name="satu"), _next(created, name="dua")
    low, high = sorted((one, two), key=lambda u: rules.state_hash(u.state))
    assert rules.wins(low.state, rules.to_record(high))
    assert not rules.wins(high.state, rules.to_record(low))
    assert rules.from_record(rules.to_record(low)) == low


def test_each_change_becomes_a_line_in_the_chat_naming_who_did_what() -> None:
    created = _created()
    me = _id(MEMBER)
    assert changes(None, created, me) == [
        {"e": "created", "by": "Ani", "name": "Keluarga", "who": []}
    ]
    later = _next(created)
    assert [line["e"] for line in changes(None, later, me)] == ["added_you"]
    members = (
        _entry(ADMIN, "Ani", True),
        _entry(MEMBER, "Budi", True),
        _entry(OUTSIDER, "Dewi"),
    )
    update = _next(created, members=members, name="Keluarga Besar")
    assert changes(created, update, me) == [
        {"e": "removed", "by": "Ani", "name": "Keluarga Besar", "who": ["Citra"]},
        {"e": "added", "by": "Ani", "name": "Keluarga Besar", "who": ["Dewi"]},
        {"e": "renamed", "by": "Ani", "name": "Keluarga Besar", "who": []},
        {"e": "admin", "by": "Ani", "name": "Keluarga Besar", "who": [""]},  # "" is me
    ]
    leave = _next(created, by=ADMIN, members=rules.without(created.state, _id(ADMIN)))
    assert [(x["e"], x["by"], x["who"]) for x in changes(created, leave, me)] == [
        ("left", "Ani", []),
        ("admin", "Ani", [""]),  # the oldest member, me, became admin
    ]
