"""Message framing and session records: exact layouts, and garbage gives one typed error."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.session import CorruptState, InvalidMessage, encrypt, start_session
from app.session.messages import (
    NormalMessage,
    PreKeyMessage,
    encode_normal,
    encode_prekey,
    parse_message,
)
from app.session.records import SessionRecord

from .conftest import new_profile

HEADER = bytes(range(40))
CT = bytes(range(100, 120))


def test_normal_layout() -> None:
    wire = encode_normal(HEADER, CT)
    assert wire == b"\x01\x01" + HEADER + CT
    assert parse_message(wire) == NormalMessage(HEADER, CT)


@pytest.mark.parametrize("opk_id", [None, 0, 77])
def test_prekey_layout(opk_id: int | None) -> None:
    ik, ek = bytes([1]) * 32, bytes([2]) * 32
    wire = encode_prekey(ik, ek, 5, opk_id, HEADER, CT)
    has = b"\x00" if opk_id is None else b"\x01"
    expected = b"\x01\x02" + ik + ek + struct.pack(">I", 5) + has
    assert wire == expected + struct.pack(">I", opk_id or 0) + HEADER + CT
    assert parse_message(wire) == PreKeyMessage(ik, ek, 5, opk_id, HEADER, CT)


@given(st.binary(max_size=300))
def test_garbage_messages_parse_or_raise_invalid_message(data: bytes) -> None:
    try:
        parsed = parse_message(data)
    except InvalidMessage:
        return
    assert len(parsed.header) == 40 and len(parsed.ciphertext) >= 16


@given(st.data())
def test_truncated_messages_are_invalid(data: st.DataObject) -> None:
    wire = encode_prekey(bytes(32), bytes(32), 1, 2, HEADER, CT[:16])
    cut = data.draw(st.integers(0, len(wire) - 1))
    with pytest.raises(InvalidMessage):
        parse_message(wire[:cut])


@pytest.mark.parametrize(
    "wire",
    [
        b"",
        b"\x02\x01" + HEADER + CT,
        b"\x01\x03" + HEADER + CT,
        b"\x01\x02" + bytes(68) + b"\x00\x00\x00\x00\x05" + HEADER + CT,
        b"\x01\x02" + bytes(68) + b"\x02\x00\x00\x00\x00" + HEADER + CT,
    ],
)
def test_malformed_fields_are_invalid(wire: bytes) -> None:
    with pytest.raises(InvalidMessage):
        parse_message(wire)


def test_oversize_message_parses_without_trouble() -> None:
    parsed = parse_message(encode_normal(HEADER, bytes(1 << 20)))
    assert len(parsed.ciphertext) == 1 << 20


def real_record() -> bytes:
    alice, bob = new_profile(), new_profile()
    start_session(alice.stores, bob.id, bob.bundle())
    start_session(alice.stores, bob.id, bob.bundle())
    encrypt(alice.stores, bob.id, b"x")
    record = alice.stores.load_session(bob.id)
    assert record is not None
    return record


def test_record_round_trip_is_exact() -> None:
    record = real_record()
    assert SessionRecord.decode(record).encode() == record
    assert len(SessionRecord.decode(record)) == 2


@given(st.data())
def test_damaged_records_give_corrupt_state(data: st.DataObject) -> None:
    record = real_record()
    cut = data.draw(st.integers(0, len(record) - 1))
    with pytest.raises(CorruptState):
        SessionRecord.decode(record[:cut]).encode()
    with pytest.raises(CorruptState):
        SessionRecord.decode(record + data.draw(st.binary(min_size=1, max_size=5)))


@given(st.binary(max_size=300))
def test_garbage_records_decode_or_give_corrupt_state(data: bytes) -> None:
    """Whatever the bytes, decoding yields a record that encodes back to them, or CorruptState."""
    try:
        record = SessionRecord.decode(data)
    except CorruptState:
        return
    assert record.encode() == data
