"""Device list statements (app/crypto/devices.py), checked against bytes built here from the
documented layout alone: struct, hashlib/hmac and libsodium's Ed25519 and AEAD through
nacl.bindings, none of the code under test."""

from __future__ import annotations

import hashlib
import hmac
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl import bindings

from app import wire
from app.crypto import devices as dl
from app.crypto.devices import (
    Device,
    DeviceList,
    DeviceListError,
    ForgedDeviceList,
    MalformedDeviceList,
    StaleDeviceList,
    open_device_name,
    parse_device_list,
    seal_device_name,
    sign_device_list,
    verify_device_list,
)
from app.crypto.errors import InvalidMessage
from app.crypto.keys import IdentityKeyPair

IK_SEED, OTHER_SEED, MAILBOX_SEED = bytes(range(32)), bytes(range(32, 64)), b"\x07" * 32
IK_PUBLIC, IK_SECRET = bindings.crypto_sign_seed_keypair(IK_SEED)
OTHER_PUBLIC, OTHER_SECRET = bindings.crypto_sign_seed_keypair(OTHER_SEED)
MAILBOX_2 = bindings.crypto_sign_seed_keypair(MAILBOX_SEED)[0]
ID_1, ID_2 = b"\x01" * 16, b"\x02" * 16
URL_1, URL_2 = "https://relay.example", "https://other.example/bisik"
NAME_1, NAME_2 = b"\x11" * 105, b"\x22" * 105  # sealed names are opaque to the list
REVISION, ISSUED = 5, 1_700_000_000_123
# SHA-256 of the known-answer statement below, pinned so that a change to the format shows.
KAT_SHA256 = "63eb053b34e036c2e8991a5ec79e8979274a51949386bce9d0c53c0bf6a38f94"


def entry(device_id: bytes, mailbox: bytes, url: str, name: bytes) -> bytes:
    encoded = url.encode()
    return device_id + mailbox + struct.pack(">H", len(encoded)) + encoded + name


def hand_body(
    identity: bytes = IK_PUBLIC,
    revision: int = REVISION,
    entries: tuple[bytes, ...] | None = None,
    version: int = 1,
) -> bytes:
    if entries is None:
        entries = (entry(ID_1, IK_PUBLIC, URL_1, NAME_1), entry(ID_2, MAILBOX_2, URL_2, NAME_2))
    head = struct.pack(">B32sQQB", version, identity, revision, ISSUED, len(entries))
    return head + b"".join(entries)


def hand_sign(body: bytes, secret: bytes = IK_SECRET) -> bytes:
    signed: bytes = bindings.crypto_sign(b"Bisik_DeviceList_v1" + body, secret)
    return body + signed[:64]


def the_list(revision: int = REVISION) -> DeviceList:
    return DeviceList(
        IK_PUBLIC,
        revision,
        ISSUED,
        (Device(ID_1, IK_PUBLIC, URL_1, NAME_1), Device(ID_2, MAILBOX_2, URL_2, NAME_2)),
    )


IDENTITY = IdentityKeyPair.from_seed(IK_SEED)
STATEMENT = hand_sign(hand_body())


# --- the known answer ---------------------------------------------------------------------------
def test_signing_gives_the_documented_bytes() -> None:
    assert sign_device_list(IDENTITY, the_list()) == STATEMENT
    assert hashlib.sha256(STATEMENT).hexdigest() == KAT_SHA256


def test_a_statement_verifies_into_its_list() -> None:
    devices = verify_device_list(STATEMENT, IK_PUBLIC)
    assert devices == the_list()
    assert devices.find(ID_2) == Device(ID_2, MAILBOX_2, URL_2, NAME_2)
    assert devices.find(b"\x03" * 16) is None


def test_the_relay_reads_the_same_header() -> None:
    header = wire.statement_header(STATEMENT)
    assert (header.identity_key, header.revision) == (IK_PUBLIC, REVISION)
    bindings.crypto_sign_open(header.signature + header.signed, IK_PUBLIC)  # verifies


def test_wire_and_crypto_agree_on_the_limits() -> None:
    assert wire.DEVICE_LIST_MAX == dl.MAX_STATEMENT_BYTES
    assert wire.MAX_DEVICES == dl.MAX_DEVICES
    assert wire.devices.DEVICE_LIST_DOMAIN == dl.DEVICE_LIST_DOMAIN
    assert wire.devices.MAX_REVISION == dl.MAX_REVISION


# --- revisions ----------------------------------------------------------------------------------
def test_an_older_revision_than_one_seen_is_refused() -> None:
    assert verify_device_list(STATEMENT, IK_PUBLIC, known_revision=REVISION).revision == REVISION
    assert verify_device_list(STATEMENT, IK_PUBLIC, known_revision=REVISION - 1)
    with pytest.raises(StaleDeviceList) as stale:
        verify_device_list(STATEMENT, IK_PUBLIC, known_revision=REVISION + 1)
    assert (stale.value.revision, stale.value.known_revision) == (REVISION, REVISION + 1)


@pytest.mark.parametrize("revision", [0, 2**63, 2**64 - 1])
def test_a_revision_out_of_range_is_malformed(revision: int) -> None:
    with pytest.raises(MalformedDeviceList):
        sign_device_list(IDENTITY, the_list(revision))
    with pytest.raises(MalformedDeviceList):
        verify_device_list(hand_sign(hand_body(revision=revision)), IK_PUBLIC)


# --- tampering, another key ---------------------------------------------------------------------
FIELDS = {  # offset of one byte in each field of STATEMENT
    "version": 0,
    "identity key": 1,
    "revision": 40,
    "issued at": 48,
    "count": 49,
    "device id": 50,
    "mailbox key": 66,
    "relay URL length": 98,
    "relay URL": 101,
    "sealed name": 100 + len(URL_1),
    "second device's relay URL": len(hand_body()) - 106,
    "signature": len(STATEMENT) - 1,
}


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_a_change_to_any_field_is_refused(field: str) -> None:
    tampered = bytearray(STATEMENT)
    tampered[FIELDS[field]] ^= 0x01
    with pytest.raises(DeviceListError):
        verify_device_list(bytes(tampered), IK_PUBLIC)


def test_a_change_to_any_byte_is_refused() -> None:
    for position in range(len(STATEMENT)):
        tampered = bytearray(STATEMENT)
        tampered[position] ^= 0x80
        with pytest.raises(DeviceListError):
            verify_device_list(bytes(tampered), IK_PUBLIC)


def test_a_list_signed_by_another_key_is_forged() -> None:
    with pytest.raises(ForgedDeviceList):  # names our account, signed by another key
        verify_device_list(hand_sign(hand_body(), OTHER_SECRET), IK_PUBLIC)
    theirs = hand_sign(hand_body(identity=OTHER_PUBLIC), OTHER_SECRET)
    assert verify_device_list(theirs, OTHER_PUBLIC).identity_key == OTHER_PUBLIC
    with pytest.raises(ForgedDeviceList):  # another account's own, valid list
        verify_device_list(theirs, IK_PUBLIC)
    with pytest.raises(MalformedDeviceList):
        sign_device_list(IdentityKeyPair.from_seed(OTHER_SEED), the_list())


# --- truncation, garbage, oversize, bounds ------------------------------------------------------
def test_every_truncation_is_malformed() -> None:
    for length in range(len(STATEMENT)):
        with pytest.raises(MalformedDeviceList):
            verify_device_list(STATEMENT[:length], IK_PUBLIC)
    with pytest.raises(MalformedDeviceList):
        verify_device_list(STATEMENT + b"\x00", IK_PUBLIC)


@given(st.binary(max_size=600))
def test_garbage_is_a_typed_refusal(garbage: bytes) -> None:
    with pytest.raises(DeviceListError):
        verify_device_list(garbage, IK_PUBLIC)


def test_oversize_input_is_refused_before_parsing() -> None:
    with pytest.raises(MalformedDeviceList, match="at most"):
        verify_device_list(STATEMENT + bytes(dl.MAX_STATEMENT_BYTES), IK_PUBLIC)


def many(count: int) -> tuple[bytes, ...]:
    keys = [bindings.crypto_sign_seed_keypair(bytes([n]) * 32)[0] for n in range(count)]
    return tuple(entry(bytes([n]) * 16, key, URL_1, NAME_1) for n, key in enumerate(keys))


def test_sixteen_devices_at_the_longest_fit_and_seventeen_do_not() -> None:
    long_url = "https://" + "r" * (2048 - 8)
    keys = [bindings.crypto_sign_seed_keypair(bytes([n]) * 32)[0] for n in range(17)]
    longest = tuple(entry(bytes([n]) * 16, keys[n], long_url, NAME_1) for n in range(16))
    biggest = hand_sign(hand_body(entries=longest))
    assert len(biggest) == dl.MAX_STATEMENT_BYTES
    assert len(verify_device_list(biggest, IK_PUBLIC).devices) == 16
    with pytest.raises(MalformedDeviceList):
        verify_device_list(hand_sign(hand_body(entries=many(17))), IK_PUBLIC)
    with pytest.raises(MalformedDeviceList):
        verify_device_list(hand_sign(hand_body(entries=())), IK_PUBLIC)


@pytest.mark.parametrize(
    "entries",
    [
        (entry(ID_1, IK_PUBLIC, URL_1, NAME_1), entry(ID_1, MAILBOX_2, URL_2, NAME_2)),  # same id
        (entry(ID_1, IK_PUBLIC, URL_1, NAME_1), entry(ID_2, IK_PUBLIC, URL_2, NAME_2)),  # mailbox
        (entry(ID_1, IK_PUBLIC, "", NAME_1),),  # no relay URL
        (entry(ID_1, IK_PUBLIC, "https://" + "r" * 2041, NAME_1),),  # URL over 2048 bytes
        (ID_1 + IK_PUBLIC + struct.pack(">H", 2) + b"\xff\xfe" + NAME_1,),  # URL not UTF-8
        (entry(ID_1, b"\x02" + bytes(31), URL_1, NAME_1),),  # mailbox key is no curve point
    ],
)
def test_entries_out_of_bounds_are_malformed(entries: tuple[bytes, ...]) -> None:
    with pytest.raises(MalformedDeviceList):
        verify_device_list(hand_sign(hand_body(entries=entries)), IK_PUBLIC)


def test_an_unknown_version_is_malformed() -> None:
    with pytest.raises(MalformedDeviceList, match="version"):
        verify_device_list(hand_sign(hand_body(version=2)), IK_PUBLIC)


def test_bad_lists_do_not_sign() -> None:
    duplicate = DeviceList(IK_PUBLIC, 1, 0, (Device(ID_1, IK_PUBLIC, URL_1, NAME_1),) * 2)
    short_name = DeviceList(IK_PUBLIC, 1, 0, (Device(ID_1, IK_PUBLIC, URL_1, b"x"),))
    for devices in (duplicate, short_name):
        with pytest.raises(MalformedDeviceList):
            sign_device_list(IDENTITY, devices)


def test_parse_alone_does_not_check_the_signature() -> None:
    unsigned = hand_body() + bytes(64)
    parsed, body, signature = parse_device_list(unsigned)
    assert parsed == the_list() and body == hand_body() and signature == bytes(64)
    with pytest.raises(ForgedDeviceList):
        verify_device_list(unsigned, IK_PUBLIC)


# --- sealed device names ------------------------------------------------------------------------
def test_a_sealed_name_is_the_documented_bytes() -> None:
    nonce = bytes(range(24))
    prk = hmac.digest(bytes(32), IK_SEED, "sha256")
    key = hmac.digest(prk, b"Bisik_DeviceName_v1\x01", "sha256")
    padded = b"Kantor" + b"\x80" + bytes(65 - 7)
    ad = b"Bisik_DeviceName_v1" + ID_1
    expected = nonce + bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, nonce, key)
    assert seal_device_name(IDENTITY, ID_1, "Kantor", nonce) == expected
    assert len(expected) == dl.SEALED_NAME_BYTES


def test_a_name_opens_only_for_its_account_and_device() -> None:
    sealed = seal_device_name(IDENTITY, ID_1, "Laptop kerja 💻")
    assert open_device_name(IDENTITY, ID_1, sealed) == "Laptop kerja 💻"
    assert seal_device_name(IDENTITY, ID_1, "") != seal_device_name(IDENTITY, ID_1, "")
    assert open_device_name(IDENTITY, ID_1, seal_device_name(IDENTITY, ID_1, "")) == ""
    for identity, device_id, data in [
        (IdentityKeyPair.from_seed(OTHER_SEED), ID_1, sealed),
        (IDENTITY, ID_2, sealed),
        (IDENTITY, ID_1, sealed[:-1] + bytes([sealed[-1] ^ 1])),
        (IDENTITY, ID_1, sealed[:-1]),
    ]:
        with pytest.raises(InvalidMessage):
            open_device_name(identity, device_id, data)


def test_a_name_over_64_bytes_is_refused() -> None:
    assert open_device_name(IDENTITY, ID_1, seal_device_name(IDENTITY, ID_1, "é" * 32))
    with pytest.raises(ValueError):
        seal_device_name(IDENTITY, ID_1, "x" * 65)
