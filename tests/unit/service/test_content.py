"""The content schema: round trips, forward compatibility, garbage refused with InvalidContent."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.service import content
from app.service.content import (
    AttachmentPointer,
    BlobPart,
    Content,
    Profile,
    Reaction,
    Receipt,
    Reply,
    Text,
    TimerChange,
    Typing,
    Unsupported,
    decode,
    encode,
)
from app.service.errors import InvalidContent

MESSAGE_ID = "0123456789abcdef0123456789abcdef"

BODIES: list[content.Body] = [
    Text("Selamat pagi, apa kabar?"),
    Text("hilang", expire_seconds=30),
    Reply("ya", MESSAGE_ID, expire_seconds=5),
    Receipt("delivered", (MESSAGE_ID, "ff" * 16)),
    Receipt("read", ()),
    Typing(True),
    Reaction(MESSAGE_ID, "👍"),
    Reaction(MESSAGE_ID, ""),
    AttachmentPointer(
        parts=(BlobPart("blob-1_A", 1000, "tok-1"), BlobPart("b2", 7)),
        key=bytes(range(32)),
        digest="ab" * 32,
        size=900,
        name="foto.jpg",
        mime_type="image/jpeg",
        expire_seconds=60,
    ),
    TimerChange(3600),
    Profile("Siti", "https://relay.example"),
    Profile("Siti", "https://relay.example", device_list_revision=7),  # the device list hint
    content.KeyChange(bytes(range(32)), "https://relay.example", 1_700_000_000_000, bytes(64)),
]


@pytest.mark.parametrize("body", BODIES, ids=lambda b: type(b).__name__)
def test_every_kind_round_trips(body: content.Body) -> None:
    record = Content(MESSAGE_ID, 1_700_000_000_123, body)
    data = encode(record)
    assert data[0] == content.SCHEMA_VERSION
    assert decode(data) == record


def test_unknown_kind_from_a_newer_client_is_kept_as_unsupported() -> None:
    data = b"\x01" + json.dumps({"k": "poll", "id": MESSAGE_ID, "ts": 5, "q": "?"}).encode()
    assert decode(data) == Content(MESSAGE_ID, 5, Unsupported("poll"))


def test_newer_schema_version_is_unsupported_not_an_error() -> None:
    data = b"\x02" + json.dumps({"k": "text", "id": MESSAGE_ID, "ts": 5, "b": "x"}).encode()
    assert decode(data).body == Unsupported("text")


def test_unsupported_cannot_be_sent() -> None:
    with pytest.raises(InvalidContent):
        encode(Content(MESSAGE_ID, 1, Unsupported("poll")))


def test_attachment_key_is_not_in_repr() -> None:
    pointer = BODIES[8]
    assert bytes(range(32)).hex() not in repr(pointer)
    assert "000102" not in repr(pointer)
    assert "tok-1" not in repr(pointer)


def _raw(**fields: object) -> bytes:
    base: dict[str, object] = {"k": "text", "id": MESSAGE_ID, "ts": 1, "b": "hi"}
    base.update(fields)
    return b"\x01" + json.dumps({k: v for k, v in base.items() if v is not None}).encode()


def _attachment(**fields: object) -> bytes:
    """An attachment record, valid but for `fields`."""
    valid: dict[str, object] = {
        "parts": [["a", 1, ""]],
        "key": "00" * 32,
        "digest": "00" * 32,
        "size": 1,
        "name": "a",
        "mime": "b",
    }
    return _raw(k="attachment", **{**valid, **fields})


def test_the_attachment_the_garbage_cases_alter_is_valid() -> None:
    assert isinstance(decode(_attachment()).body, content.AttachmentPointer)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x01",
        b"\x01not json",
        b"\x01[1,2]",
        b"\x01\xff\xfe",
        b"\x01" + b"[" * 100_000,
        b"\x01" + b" " * 70_000,
        _raw(id=None),
        _raw(id="XYZ"),
        _raw(id=""),
        _raw(id=5),
        _raw(ts=-1),
        _raw(ts=True),
        _raw(ts="1"),
        _raw(k=None),
        _raw(b=None),
        _raw(b=7),
        _raw(b="x" * (content.MAX_BODY_CHARS + 1)),
        _raw(exp=-5),
        _raw(exp=10**12),
        _raw(k="reply", re="not hex"),
        _raw(k="receipt", rt="seen", ids=[]),
        _raw(k="receipt", rt="read", ids=["zz"]),
        _raw(k="receipt", rt="read", ids=[MESSAGE_ID] * (content.MAX_RECEIPT_IDS + 1)),
        _raw(k="typing", on="yes"),
        _raw(k="timer", s=-1),
        _attachment(parts=[]),
        _attachment(parts=[["a/b", 1, ""]]),
        _attachment(parts=[["a", 0, ""]]),
        _attachment(parts=[["a", 1]]),
        _attachment(parts=[["a", 1, "t/x"]]),
        _attachment(key="00" * 31),
        _attachment(size=content.MAX_ATTACHMENT_SIZE + 1),
        _raw(k="profile", name="x" * 300, relay="https://r"),
        _raw(k="profile", name="x", relay="https://r", dl=-1),
        _raw(k="profile", name="x", relay="https://r", dl=2**63),
        _raw(k="profile", name="x", relay="https://r", dl="7"),
        _raw(k="keychange", ik="zz", relay="https://r", at=1, sig="00" * 64),
        _raw(k="keychange", ik="00" * 31, relay="https://r", at=1, sig="00" * 64),
        _raw(k="keychange", ik="00" * 32, relay="https://r", at=1, sig="00" * 63),
        _raw(k="keychange", ik="00" * 32, relay="https://r", at=1, sig="zz" * 64),
        _raw(k="keychange", ik="00" * 32, relay="ftp://r", at=1, sig="00" * 64),
        _raw(k="keychange", ik="00" * 32, relay="https://r", at=-1, sig="00" * 64),
        _raw(k="keychange", ik="00" * 32, relay="https://r", sig="00" * 64),
    ],
)
def test_garbage_is_refused_with_a_typed_error(data: bytes) -> None:
    with pytest.raises(InvalidContent):
        decode(data)


@given(st.binary(max_size=300))
def test_random_bytes_never_escape_the_typed_error(data: bytes) -> None:
    with contextlib.suppress(InvalidContent):
        decode(data)


@given(st.text(max_size=200), st.integers(0, content.MAX_TIMER_SECONDS))
def test_any_text_round_trips(body: str, expire: int) -> None:
    record = Content(MESSAGE_ID, 1, Text(body, expire))
    assert decode(encode(record)) == record


def test_truncations_of_a_valid_record_are_refused() -> None:
    data = encode(Content(MESSAGE_ID, 1, BODIES[8]))
    for cut in range(len(data) - 1):
        with pytest.raises(InvalidContent):
            decode(data[:cut])


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("foto.jpg", "foto.jpg"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("C:\\Windows\\x.dll", "C__Windows_x.dll"),
        ("a\x00b\nc", "a_b_c"),
        ("..", "attachment"),
        ("", "attachment"),
    ],
)
def test_attachment_names_cannot_name_folders(name: str, safe: str) -> None:
    assert content.safe_file_name(name) == safe
    pointer = AttachmentPointer((BlobPart("b", 1),), bytes(32), "00" * 32, 1, name, "x/y")
    assert decode(encode(Content(MESSAGE_ID, 1, pointer))).body.name == safe  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "relay", ["javascript:alert(1)", "relay.example", "file:///x", "http://[", "https://[zz]/"]
)
def test_profile_with_a_bad_relay_url_is_refused(relay: str) -> None:
    with pytest.raises(InvalidContent):
        decode(encode(Content(MESSAGE_ID, 1, Profile("Siti", relay))))
