"""Device links and provisioning messages (app/crypto/provisioning.py), checked against bytes built
here from the documented layout alone: base64, hmac (HKDF by hand) and libsodium's X25519 and
XChaCha20-Poly1305 through nacl.bindings, none of the code under test."""

from __future__ import annotations

import base64
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl import bindings

from app import wire
from app.crypto import provisioning as prov
from app.crypto.errors import InvalidMessage
from app.crypto.keys import KeyPair
from app.crypto.provisioning import (
    InvalidLink,
    LinkRequest,
    PendingLink,
    encode_link,
    new_link,
    open_provisioning,
    parse_link,
    seal_provisioning,
)

NEW_PRIVATE, OURS_PRIVATE = bytes(range(1, 33)), bytes(range(101, 133))
NEW_KEY, OURS_KEY = KeyPair.from_private(NEW_PRIVATE), KeyPair.from_private(OURS_PRIVATE)
CHANNEL = b"\xc0" * 32
RELAY = "https://relay.example"
PAYLOAD = b"identity seed, profile, device list: opaque to this layer"
PENDING = PendingLink(LinkRequest(CHANNEL, NEW_KEY.public, RELAY), NEW_KEY)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hand_hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    prk = hmac.digest(salt, ikm, "sha256")
    first = hmac.digest(prk, info + b"\x01", "sha256")
    return first + hmac.digest(prk, first + info + b"\x02", "sha256")


def expected_message(payload: bytes, bucket: int) -> tuple[bytes, str]:
    new_public = bindings.crypto_scalarmult_base(NEW_PRIVATE)
    ours_public = bindings.crypto_scalarmult_base(OURS_PRIVATE)
    shared = bindings.crypto_scalarmult(OURS_PRIVATE, new_public)
    okm = hand_hkdf(shared, CHANNEL, b"Bisik_Provisioning_v1" + new_public + ours_public)
    header = b"\x01" + ours_public
    padded = payload + b"\x80" + bytes(bucket - 49 - len(payload) - 1)
    ciphertext = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        padded, header + CHANNEL, bytes(24), okm[:32]
    )
    code = int.from_bytes(okm[32:40], "big") % 1_000_000
    return header + ciphertext, f"{code:06d}"


# --- the link -----------------------------------------------------------------------------------
def test_a_link_is_the_documented_text() -> None:
    public = bindings.crypto_scalarmult_base(NEW_PRIVATE)
    expected = "bisik-link:" + b64url(b"\x01" + CHANNEL + public + RELAY.encode())
    assert encode_link(PENDING.request) == expected
    assert parse_link(expected) == PENDING.request


def test_a_new_link_parses_back_and_is_fresh() -> None:
    first, second = new_link(RELAY), new_link("http://127.0.0.1:8765")
    assert parse_link(encode_link(first.request)) == first.request
    assert first.request.channel != second.request.channel
    assert first.ephemeral.public == first.request.ephemeral_public
    assert "private" not in repr(first) and first.ephemeral.private.hex() not in repr(first)
    with pytest.raises(InvalidLink):
        new_link("")


def link_of(data: bytes) -> str:
    return "bisik-link:" + b64url(data)


GOOD = b"\x01" + CHANNEL + NEW_KEY.public + RELAY.encode()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "bisik:" + b64url(GOOD),  # another prefix (an invite link)
        "bisik-link:",
        encode_link(PENDING.request) + "=",  # padded
        encode_link(PENDING.request)[:-1] + "+",  # not the url-safe alphabet
        encode_link(PENDING.request) + "A",  # length 1 mod 4
        link_of(GOOD[:-1] + b"/")[:-1] + "B",  # non-zero trailing bits: not canonical
        link_of(b"\x02" + GOOD[1:]),  # another version
        link_of(GOOD[: 1 + 32 + 32]),  # no relay URL
        link_of(GOOD[:40]),  # cut short
        link_of(GOOD + b"x" * 2048),  # URL over 2048 bytes
        link_of(b"\x01" + CHANNEL + NEW_KEY.public + b"https://\xff\xfe"),  # URL not UTF-8
        link_of(b"\x01" + CHANNEL + NEW_KEY.public + b"https://a b"),  # URL with a space
        link_of(b"\x01" + CHANNEL + b"\xff" * 32 + RELAY.encode()),  # key >= p: not canonical
        "bisik-link:" + "A" * 4000,  # far too long
    ],
)
def test_a_malformed_link_is_invalid_link(text: str) -> None:
    with pytest.raises(InvalidLink):
        parse_link(text)


@given(st.text(max_size=300))
def test_garbage_links_are_only_ever_invalid_link(text: str) -> None:
    try:
        request = parse_link("bisik-link:" + text)
    except InvalidLink:
        return
    assert encode_link(request) == "bisik-link:" + text  # only canonical links parse


def test_invalid_link_is_an_invalid_message_and_a_value_error() -> None:
    assert issubclass(InvalidLink, InvalidMessage) and issubclass(InvalidLink, ValueError)


# --- the message --------------------------------------------------------------------------------
def test_a_message_is_the_documented_bytes_and_code() -> None:
    message, code = expected_message(PAYLOAD, 1024)
    sealed = seal_provisioning(PENDING.request, PAYLOAD, OURS_KEY)
    assert (sealed.message, sealed.code) == (message, code)
    assert len(code) == 6 and code.isdigit()
    opened = open_provisioning(PENDING, message)
    assert (opened.payload, opened.code) == (PAYLOAD, code)
    assert PAYLOAD.decode() not in repr(opened)


@pytest.mark.parametrize(
    ("size", "bucket"),
    [(0, 1024), (974, 1024), (975, 4096), (16334, 16384), (16335, 65536), (65486, 65536)],
)
def test_payloads_are_padded_to_a_bucket(size: int, bucket: int) -> None:
    payload = bytes([7]) * size
    sealed = seal_provisioning(PENDING.request, payload)
    assert len(sealed.message) == bucket and bucket in wire.PROVISIONING_BUCKETS
    opened = open_provisioning(PENDING, sealed.message)
    assert (opened.payload, opened.code) == (payload, sealed.code)


def test_a_payload_beyond_the_largest_bucket_is_refused() -> None:
    assert prov.MAX_PAYLOAD == 65486
    with pytest.raises(ValueError):
        seal_provisioning(PENDING.request, bytes(prov.MAX_PAYLOAD + 1))


def test_wire_and_crypto_agree_on_the_buckets() -> None:
    assert wire.PROVISIONING_BUCKETS == prov.PROVISIONING_BUCKETS


def test_a_change_to_any_byte_is_refused() -> None:
    message = seal_provisioning(PENDING.request, PAYLOAD).message
    for position in range(len(message)):
        tampered = bytearray(message)
        tampered[position] ^= 0x04
        with pytest.raises(InvalidMessage):
            open_provisioning(PENDING, bytes(tampered))


def test_truncated_or_extended_messages_are_refused() -> None:
    message = seal_provisioning(PENDING.request, PAYLOAD).message
    for cut in (message[:-1], message[:1023], message[:33], b"", message + b"\x00"):
        with pytest.raises(InvalidMessage):
            open_provisioning(PENDING, cut)


def test_another_key_or_channel_cannot_open_it() -> None:
    message = seal_provisioning(PENDING.request, PAYLOAD).message
    other_key = KeyPair.generate()
    wrong_key = PendingLink(LinkRequest(CHANNEL, other_key.public, RELAY), other_key)
    wrong_channel = PendingLink(LinkRequest(b"\xc1" * 32, NEW_KEY.public, RELAY), NEW_KEY)
    for pending in (wrong_key, wrong_channel):
        with pytest.raises(InvalidMessage):
            open_provisioning(pending, message)


def test_a_swapped_link_shows_in_the_codes() -> None:
    """Mallory swaps the link for one of hers: the payload reaches her, not the new device, and
    when she passes something on to the new device herself, its code differs from the sender's."""
    mallory = KeyPair.from_private(bytes(range(50, 82)))  # fixed keys: the codes are fixed
    swapped = LinkRequest(CHANNEL, mallory.public, RELAY)
    to_mallory = seal_provisioning(swapped, PAYLOAD, OURS_KEY)
    with pytest.raises(InvalidMessage):
        open_provisioning(PENDING, to_mallory.message)  # the real device cannot read it
    assert open_provisioning(PendingLink(swapped, mallory), to_mallory.message).code == (
        to_mallory.code
    )
    relayed = seal_provisioning(PENDING.request, PAYLOAD, mallory)  # Mallory re-encrypts
    assert open_provisioning(PENDING, relayed.message).code != to_mallory.code


@pytest.mark.parametrize("key", [bytes(32), b"\x01" + bytes(31)])  # low-order points
def test_a_link_with_an_unusable_key_is_refused_when_sealing(key: bytes) -> None:
    request = parse_link(link_of(b"\x01" + CHANNEL + key + RELAY.encode()))
    with pytest.raises(InvalidLink):
        seal_provisioning(request, PAYLOAD)
