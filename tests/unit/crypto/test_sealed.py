"""Sealed sender and padding: the relay learns a bucket size; the recipient learns the sender."""

import base64
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.crypto import sealed
from app.crypto.errors import ContentTooLarge, InvalidMessage
from app.crypto.keys import IdentityKeyPair, encode_public

ALICE = IdentityKeyPair.from_seed(bytes([11]) * 32)
BOB = IdentityKeyPair.from_seed(bytes([12]) * 32)
MALLORY = IdentityKeyPair.from_seed(bytes([13]) * 32)
ACCOUNT = bytes(range(16))


def test_round_trip_reveals_and_authenticates_sender() -> None:
    envelope = sealed.seal(ALICE, ACCOUNT, BOB.public, b"content")
    opened = sealed.unseal(BOB, envelope)
    assert opened == sealed.Opened(ACCOUNT, ALICE.public, b"content")


def test_envelope_hides_sender_identity_in_every_encoding() -> None:
    envelope = sealed.seal(ALICE, ACCOUNT, BOB.public, b"x" * 100)
    for key in (ALICE.public, ALICE.dh.public, encode_public(ALICE.dh.public)):
        for form in (key, key.hex().encode(), base64.b64encode(key), base64.urlsafe_b64encode(key)):
            assert form[:16] not in envelope
    assert ACCOUNT not in envelope
    assert ACCOUNT.hex().encode() not in envelope


def test_two_seals_of_the_same_content_share_nothing_visible() -> None:
    first = sealed.seal(ALICE, ACCOUNT, BOB.public, b"same")
    second = sealed.seal(ALICE, ACCOUNT, BOB.public, b"same")
    assert first[0] == second[0] == sealed.VERSION
    assert first[1:33] != second[1:33]
    assert first[33:] != second[33:]


def test_claiming_another_identity_is_rejected() -> None:
    """Mallory puts Alice's public key inside but can only do the static DH with her own key."""
    impostor = IdentityKeyPair(ALICE.public, MALLORY.dh, MALLORY.signing_key)
    envelope = sealed.seal(impostor, ACCOUNT, BOB.public, b"trust me")
    with pytest.raises(InvalidMessage):
        sealed.unseal(BOB, envelope)


def test_wrong_recipient_cannot_open() -> None:
    envelope = sealed.seal(ALICE, ACCOUNT, BOB.public, b"for bob")
    with pytest.raises(InvalidMessage):
        sealed.unseal(MALLORY, envelope)


@pytest.mark.parametrize(
    "length",
    [
        0,
        1,
        1024 - sealed.OVERHEAD,
        1024 - sealed.OVERHEAD + 1,
        4000,
        16384 - sealed.OVERHEAD,
        16384 - sealed.OVERHEAD + 1,
        sealed.MAX_CONTENT,
    ],
)
def test_every_envelope_is_exactly_a_bucket(length: int) -> None:
    content = os.urandom(length)
    envelope = sealed.seal(ALICE, ACCOUNT, BOB.public, content)
    assert len(envelope) in sealed.BUCKETS
    assert len(envelope) == min(b for b in sealed.BUCKETS if b >= length + sealed.OVERHEAD)
    assert sealed.unseal(BOB, envelope).content == content


def test_content_beyond_the_largest_bucket_points_to_attachments() -> None:
    with pytest.raises(ContentTooLarge, match="attachment"):
        sealed.seal(ALICE, ACCOUNT, BOB.public, bytes(sealed.MAX_CONTENT + 1))


def test_content_ending_in_padding_bytes_survives() -> None:
    for content in (b"\x00\x00", b"\x80", b"a\x80\x00"):
        envelope = sealed.seal(ALICE, ACCOUNT, BOB.public, content)
        assert sealed.unseal(BOB, envelope).content == content


@given(st.data())
def test_any_flipped_bit_is_rejected(data: st.DataObject) -> None:
    envelope = bytearray(sealed.seal(ALICE, ACCOUNT, BOB.public, b"payload"))
    bit = data.draw(st.integers(0, len(envelope) * 8 - 1))
    envelope[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(InvalidMessage):
        sealed.unseal(BOB, bytes(envelope))


@given(st.one_of(st.binary(max_size=2000), st.sampled_from(sealed.BUCKETS).map(os.urandom)))
def test_garbage_envelopes_give_invalid_message(envelope: bytes) -> None:
    with pytest.raises(InvalidMessage):
        sealed.unseal(BOB, envelope)


@given(st.integers(0, 1023))
def test_truncated_envelopes_give_invalid_message(cut: int) -> None:
    envelope = sealed.seal(ALICE, ACCOUNT, BOB.public, b"payload")
    with pytest.raises(InvalidMessage):
        sealed.unseal(BOB, envelope[:cut])


def test_oversize_envelope_is_rejected_before_crypto() -> None:
    with pytest.raises(InvalidMessage, match="bucket"):
        sealed.unseal(BOB, bytes(65537))


def test_bad_padding_is_invalid() -> None:
    with pytest.raises(InvalidMessage):
        sealed.unpad(b"abc\x00\x00")
    assert sealed.unpad(sealed.pad(b"abc", 10)) == b"abc"
