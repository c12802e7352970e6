"""Sync records between own devices (app/service/sync_content.py): round trips, a newer device's
kinds ignored, garbage, truncations and oversize refused with InvalidContent, and a contact's
client never reading one as anything but an unsupported record."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.service import content as c
from app.service.errors import InvalidContent
from app.service.sync_content import (
    ContactState,
    GroupSettings,
    ReadUpTo,
    SentTranscript,
    SyncBody,
    Unlinked,
    decode_sync,
    encode_sync,
)

KEY = bytes(range(32))
GROUP = "ab" * 16
ACCOUNT = "cd" * 16
MESSAGE = "0123456789abcdef0123456789abcdef"

BODIES: list[SyncBody] = [
    SentTranscript(KEY, "https://relay.example", c.Content(MESSAGE, 1, c.Text("hai", 30))),
    SentTranscript(KEY, "http://127.0.0.1:8080", c.Content(MESSAGE, 2, c.TimerChange(60))),
    SentTranscript(None, "", c.Content(MESSAGE, 3, c.Reply("ya", MESSAGE), GROUP)),
    ReadUpTo(ACCOUNT, MESSAGE),
    Unlinked("ef" * 16),
    ContactState(KEY, "Budi", "https://relay.example", True, False, True, True, False),
    ContactState(KEY, "", "", False, False, False, False, False, deleted=True),
    GroupSettings(GROUP, True, False),
]


@pytest.mark.parametrize("body", BODIES, ids=lambda b: type(b).__name__)
def test_every_record_round_trips(body: SyncBody) -> None:
    assert decode_sync(encode_sync(body)) == body


def test_control_records_are_not_transcribed() -> None:
    with pytest.raises(InvalidContent):
        encode_sync(SentTranscript(KEY, "https://r.example", c.Content(MESSAGE, 1, c.Typing(True))))


def test_a_contact_client_reads_a_sync_record_as_unsupported() -> None:
    record = c.decode(encode_sync(ReadUpTo(ACCOUNT, MESSAGE)).replace(b'"ts"', b'"id":"00","ts"'))
    assert isinstance(record.body, c.Unsupported)


def test_a_newer_kind_or_version_is_ignored() -> None:
    assert decode_sync(b"\x01" + json.dumps({"k": "sync_future", "ts": 1}).encode()) is None
    assert decode_sync(b"\x02" + json.dumps({"k": "sync_read", "ts": 1}).encode()) is None


def _fields(body: SyncBody) -> dict[str, object]:
    data = json.loads(encode_sync(body)[1:])
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("body", "key", "value"),
    [
        (BODIES[0], "to", "zz" * 32),  # not hex
        (BODIES[0], "to", ""),  # a 1:1 record without a contact
        (BODIES[2], "to", KEY.hex()),  # a group's record naming a contact
        (BODIES[0], "relay", "ftp://relay"),
        (BODIES[0], "rec", "text"),
        (BODIES[0], "rec", {"k": "typing", "id": MESSAGE, "ts": 1, "on": True}),
        (BODIES[3], "from", "ab"),  # not an account id
        (BODIES[4], "device", "ab"),
        (BODIES[5], "flags", [True, False]),
        (BODIES[5], "flags", [1, 0, 1, 0, 1, 0]),
        (BODIES[5], "ik", "00"),
        (BODIES[7], "g", "xyz"),
        (BODIES[7], "flags", [True] * 1000),
    ],
)
def test_malformed_fields_are_refused(body: SyncBody, key: str, value: object) -> None:
    fields = _fields(body) | {key: value}
    with pytest.raises(InvalidContent):
        decode_sync(b"\x01" + json.dumps(fields).encode())


def test_truncations_and_oversize_are_refused() -> None:
    data = encode_sync(BODIES[5])
    for cut in range(len(data)):
        with pytest.raises(InvalidContent):
            decode_sync(data[:cut])
    with pytest.raises(InvalidContent):
        decode_sync(b"\x01" + b" " * c.MAX_CONTENT_BYTES)
    too_long = SentTranscript(
        KEY, "https://r.example", c.Content(MESSAGE, 1, c.Text("\u1234" * c.MAX_BODY_CHARS * 2))
    )
    with pytest.raises(InvalidContent):
        encode_sync(too_long)


@given(st.binary(max_size=300))
def test_garbage_never_escapes_as_another_error(data: bytes) -> None:
    with contextlib.suppress(InvalidContent):
        decode_sync(data)
