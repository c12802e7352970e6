"""The Double Ratchet: known answers, transactions, limits, forward and post-compromise security."""

import contextlib
import hashlib
import hmac
import os
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl import bindings

from app.crypto import ratchet
from app.crypto.errors import (
    CorruptState,
    DuplicateMessage,
    InvalidMessage,
    ProtocolError,
    TooManySkipped,
)
from app.crypto.kdf import ChainKey, kdf_ck
from app.crypto.keys import KeyPair
from app.crypto.ratchet import RatchetState

AD = b"\x05" + bytes(32) + b"\x05" + bytes([1]) * 32


def pair(sk: bytes | None = None) -> tuple[RatchetState, RatchetState]:
    sk = sk or os.urandom(32)
    bob = KeyPair.generate()
    return ratchet.init_alice(sk, bob.public), ratchet.init_bob(sk, bob)


def copy(state: RatchetState) -> RatchetState:
    return RatchetState.from_bytes(state.to_bytes())


def hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    okm, block = b"", b""
    for counter in range(1, -(-length // 32) + 1):
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
    return okm[:length]


def test_first_message_known_answer() -> None:
    """Alice's first message from fixed SK, fixed keys and plaintext, recomputed step by step."""
    sk = bytes(range(32))
    bob_spk = KeyPair.from_private(bytes([7]) * 32)
    alice_ratchet = KeyPair.from_private(bytes([8]) * 32)
    alice = ratchet.init_alice(sk, bob_spk.public, alice_ratchet)
    header, ciphertext = ratchet.encrypt(alice, b"hello bob", AD)

    dh_out = bindings.crypto_scalarmult(alice_ratchet.private, bob_spk.public)
    chain_key = hkdf(dh_out, sk, b"Bisik_Ratchet_v1", 64)[32:]
    message_key = hmac.new(chain_key, b"\x01", hashlib.sha256).digest()
    keys = hkdf(message_key, bytes(32), b"Bisik_MessageKeys_v1", 56)
    expected_header = alice_ratchet.public + struct.pack(">II", 0, 0)
    expected = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        b"hello bob", AD + expected_header, keys[32:], keys[:32]
    )
    assert header == expected_header
    assert ciphertext == expected
    bob = ratchet.init_bob(sk, bob_spk)
    assert ratchet.decrypt(bob, header, ciphertext, AD) == b"hello bob"


def test_conversation_both_ways_with_pn() -> None:
    alice, bob = pair()
    for i in range(3):
        header, ct = ratchet.encrypt(alice, b"a%d" % i, AD)
        assert ratchet.decrypt(bob, header, ct, AD) == b"a%d" % i
    header, ct = ratchet.encrypt(bob, b"b", AD)
    assert ratchet.parse_header(header)[1:] == (0, 0)
    assert ratchet.decrypt(alice, header, ct, AD) == b"b"
    header, _ = ratchet.encrypt(alice, b"again", AD)
    assert ratchet.parse_header(header)[1:] == (3, 0)


def test_bob_cannot_send_first() -> None:
    _, bob = pair()
    with pytest.raises(ProtocolError):
        ratchet.encrypt(bob, b"x", AD)


def test_serialisation_round_trip_is_exact() -> None:
    alice, bob = pair()
    sent = [ratchet.encrypt(alice, b"m", AD) for _ in range(5)]
    ratchet.decrypt(bob, *sent[4], AD)
    ratchet.decrypt(alice, *ratchet.encrypt(bob, b"r", AD), AD)
    for state in (alice, bob):
        assert copy(state).to_bytes() == state.to_bytes()
    assert len(copy(bob).skipped) == 4
    assert ratchet.decrypt(copy(bob), *sent[1], AD) == b"m"


def test_repr_shows_no_secrets() -> None:
    alice, _ = pair()
    shown = repr(alice)
    for secret in (alice.dhs.private, alice.rk, alice.cks or b""):
        assert secret.hex() not in shown
        assert repr(secret)[2:20] not in shown
    assert alice.dhs.private.hex() not in repr(alice.dhs)


def test_failed_decrypt_leaves_state_byte_identical() -> None:
    alice, bob = pair()
    header, ct = ratchet.encrypt(alice, b"x", AD)
    before = bob.to_bytes()
    with pytest.raises(InvalidMessage):
        ratchet.decrypt(bob, header, ct[:-1] + bytes([ct[-1] ^ 1]), AD)
    with pytest.raises(InvalidMessage):
        ratchet.decrypt(bob, header, ct, AD + b"other")
    assert bob.to_bytes() == before
    assert ratchet.decrypt(bob, header, ct, AD) == b"x"


def test_failed_encrypt_leaves_state_byte_identical() -> None:
    alice, bob = pair()
    before = alice.to_bytes()
    with pytest.raises(TypeError):
        ratchet.encrypt(alice, "not bytes", AD)  # type: ignore[arg-type]
    assert alice.to_bytes() == before
    assert ratchet.decrypt(bob, *ratchet.encrypt(alice, b"x", AD), AD) == b"x"


def test_ciphertext_shorter_than_its_tag_on_each_path() -> None:
    """In order on the current chain, from a stored skipped key, and on a new chain."""
    alice, bob = pair()
    sent = [ratchet.encrypt(alice, b"%d" % i, AD) for i in range(4)]
    ratchet.decrypt(bob, *sent[0], AD)
    ratchet.decrypt(bob, *sent[2], AD)  # the key of sent[1] is stored, sent[3] is next in order
    reply = ratchet.encrypt(bob, b"r", AD)
    before = (alice.to_bytes(), bob.to_bytes())
    for state, (header, ciphertext) in ((bob, sent[3]), (bob, sent[1]), (alice, reply)):
        with pytest.raises(InvalidMessage):
            ratchet.decrypt(state, header, ciphertext[:15], AD)
    assert (alice.to_bytes(), bob.to_bytes()) == before
    assert ratchet.decrypt(bob, *sent[1], AD) == b"1"
    assert ratchet.decrypt(bob, *sent[3], AD) == b"3"
    assert ratchet.decrypt(alice, *reply, AD) == b"r"


def test_duplicates_are_distinct_errors_in_current_and_old_chains() -> None:
    alice, bob = pair()
    first = ratchet.encrypt(alice, b"1", AD)
    ratchet.decrypt(bob, *first, AD)
    with pytest.raises(DuplicateMessage):
        ratchet.decrypt(bob, *first, AD)
    ratchet.decrypt(alice, *ratchet.encrypt(bob, b"r", AD), AD)
    ratchet.decrypt(bob, *ratchet.encrypt(alice, b"2", AD), AD)
    before = bob.to_bytes()
    with pytest.raises(DuplicateMessage):
        ratchet.decrypt(bob, *first, AD)
    assert bob.to_bytes() == before


def test_jump_of_1001_is_refused_and_1000_accepted() -> None:
    alice, bob = pair()
    sent = [ratchet.encrypt(alice, b"%d" % i, AD) for i in range(1002)]
    before = bob.to_bytes()
    with pytest.raises(TooManySkipped):
        ratchet.decrypt(bob, *sent[1001], AD)
    assert bob.to_bytes() == before
    assert ratchet.decrypt(bob, *sent[1000], AD) == b"1000"
    assert len(bob.skipped) == 1000
    assert ratchet.decrypt(bob, *sent[1001], AD) == b"1001"


def test_stored_skipped_keys_are_capped_oldest_first() -> None:
    alice, bob = pair()
    sent = [ratchet.encrypt(alice, b"%d" % i, AD) for i in range(2500)]
    for index in (999, 1998, 2499):  # 999 + 998 + 500 = 2497 skipped
        ratchet.decrypt(bob, *sent[index], AD)
    assert len(bob.skipped) == ratchet.MAX_STORED_SKIPPED
    with pytest.raises(DuplicateMessage):  # evicted: its key is gone for good
        ratchet.decrypt(bob, *sent[496], AD)
    assert ratchet.decrypt(bob, *sent[497], AD) == b"497"
    assert ratchet.decrypt(bob, *sent[2498], AD) == b"2498"


def test_forward_secrecy_consumed_keys_are_not_in_the_record() -> None:
    alice, bob = pair()
    ratchet.decrypt(bob, *ratchet.encrypt(alice, b"0", AD), AD)
    assert alice.cks is not None
    upcoming_chain: ChainKey = alice.cks
    keys = []
    for _ in range(3):
        upcoming_chain, message_key = kdf_ck(upcoming_chain)
        keys.append(bytes(message_key))
    sent = [ratchet.encrypt(alice, b"%d" % i, AD) for i in range(1, 4)]
    ratchet.decrypt(bob, *sent[2], AD)  # keys of 1 and 2 are now skipped, stored
    assert keys[0] in bob.to_bytes()
    ratchet.decrypt(bob, *sent[0], AD)
    ratchet.decrypt(bob, *sent[1], AD)
    record = bob.to_bytes()
    for key in keys:
        assert key not in record
    stolen = copy(bob)
    for message in sent:
        with pytest.raises(DuplicateMessage):
            ratchet.decrypt(stolen, *message, AD)


def test_post_compromise_security_after_one_round_trip() -> None:
    alice, bob = pair()
    ratchet.decrypt(bob, *ratchet.encrypt(alice, b"hello", AD), AD)
    ratchet.decrypt(alice, *ratchet.encrypt(bob, b"hi", AD), AD)
    stolen = copy(bob)
    m1 = ratchet.encrypt(alice, b"m1", AD)
    assert ratchet.decrypt(copy(stolen), *m1, AD) == b"m1"  # the theft does expose this one
    ratchet.decrypt(bob, *m1, AD)
    ratchet.decrypt(alice, *ratchet.encrypt(bob, b"m2", AD), AD)
    m3 = ratchet.encrypt(alice, b"m3", AD)
    ratchet.decrypt(stolen, *m1, AD)
    with pytest.raises(InvalidMessage):
        ratchet.decrypt(stolen, *m3, AD)
    assert ratchet.decrypt(bob, *m3, AD) == b"m3"


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "deliver", "dup"]), st.integers(0, 1000)),
        max_size=60,
    )
)
def test_random_schedules_decrypt_each_message_exactly_once(
    schedule: list[tuple[str, int]],
) -> None:
    alice, bob = pair()
    states = {"a": alice, "b": bob}
    in_flight: list[tuple[str, bytes, bytes, bytes]] = []  # (recipient, header, ct, plaintext)
    delivered: list[tuple[str, bytes, bytes]] = []
    counter = 0
    for op, pick in schedule:
        if op in states:
            if states[op].cks is None:
                continue
            counter += 1
            plaintext = b"%s-%d" % (op.encode(), counter)
            header, ct = ratchet.encrypt(states[op], plaintext, AD)
            in_flight.append(("b" if op == "a" else "a", header, ct, plaintext))
        elif op == "deliver" and in_flight:
            recipient, header, ct, plaintext = in_flight.pop(pick % len(in_flight))
            assert ratchet.decrypt(states[recipient], header, ct, AD) == plaintext
            delivered.append((recipient, header, ct))
        elif op == "dup" and delivered:
            recipient, header, ct = delivered[pick % len(delivered)]
            before = states[recipient].to_bytes()
            with pytest.raises(DuplicateMessage):
                ratchet.decrypt(states[recipient], header, ct, AD)
            assert states[recipient].to_bytes() == before


@given(st.data())
def test_any_flipped_bit_is_rejected_with_state_unchanged(data: st.DataObject) -> None:
    alice, bob = pair()
    ratchet.decrypt(bob, *ratchet.encrypt(alice, b"first", AD), AD)
    header, ct = ratchet.encrypt(alice, data.draw(st.binary(max_size=64)), AD)
    wire = bytearray(header + ct)
    bit = data.draw(st.integers(0, len(wire) * 8 - 1))
    wire[bit // 8] ^= 1 << (bit % 8)
    before = bob.to_bytes()
    with pytest.raises(ProtocolError):
        ratchet.decrypt(bob, bytes(wire[:40]), bytes(wire[40:]), AD)
    assert bob.to_bytes() == before


@given(st.binary(max_size=120), st.binary(max_size=80))
def test_garbage_header_and_ciphertext_give_typed_errors(header: bytes, ct: bytes) -> None:
    alice, bob = pair()
    ratchet.decrypt(bob, *ratchet.encrypt(alice, b"first", AD), AD)
    before = bob.to_bytes()
    with pytest.raises((InvalidMessage, DuplicateMessage)):
        ratchet.decrypt(bob, header, ct, AD)
    assert bob.to_bytes() == before


def test_low_order_ratchet_key_is_an_invalid_message() -> None:
    alice, bob = pair()
    ratchet.decrypt(bob, *ratchet.encrypt(alice, b"first", AD), AD)
    with pytest.raises(InvalidMessage):
        ratchet.decrypt(bob, bytes(32) + bytes(8), bytes(20), AD)


@given(st.one_of(st.binary(max_size=400), st.binary(max_size=400).map(lambda b: b"\x01" + b)))
def test_garbage_state_bytes_decode_or_give_corrupt_state(data: bytes) -> None:
    """Whatever the bytes, decoding either yields a state or raises CorruptState, nothing else."""
    with contextlib.suppress(CorruptState):
        state = RatchetState.from_bytes(data)
        assert state.to_bytes() == data


@given(st.data())
def test_truncated_or_extended_state_is_corrupt(data: st.DataObject) -> None:
    alice, bob = pair()
    ratchet.decrypt(bob, *ratchet.encrypt(alice, b"x", AD), AD)
    encoded = bob.to_bytes()
    cut = data.draw(st.integers(0, len(encoded) - 1))
    with pytest.raises(CorruptState):
        RatchetState.from_bytes(encoded[:cut])
    with pytest.raises(CorruptState):
        RatchetState.from_bytes(encoded + data.draw(st.binary(min_size=1, max_size=8)))


def test_oversize_skipped_count_is_corrupt() -> None:
    alice, _ = pair()
    encoded = alice.to_bytes()
    with pytest.raises(CorruptState):
        RatchetState.from_bytes(encoded[:-4] + struct.pack(">I", 10**9))


def test_jumps_across_a_dh_step_are_limited_and_the_stored_total_stays_capped() -> None:
    """One message may skip 1000 keys on the old chain and 1000 on the new one; over many chains
    the stored keys never exceed the cap, the oldest chain's evicted first."""
    alice, bob = pair()
    chain1 = [ratchet.encrypt(alice, b"1-%d" % i, AD) for i in range(1002)]
    ratchet.decrypt(bob, *chain1[0], AD)
    ratchet.decrypt(alice, *ratchet.encrypt(bob, b"r1", AD), AD)
    chain2 = [ratchet.encrypt(alice, b"2-%d" % i, AD) for i in range(1001)]  # PN = 1002
    before = bob.to_bytes()
    with pytest.raises(TooManySkipped):  # 1001 keys left behind on chain 1
        ratchet.decrypt(bob, *chain2[1000], AD)
    assert bob.to_bytes() == before
    ratchet.decrypt(bob, *chain1[1], AD)
    assert ratchet.decrypt(bob, *chain2[1000], AD) == b"2-1000"  # skips 1000 + 1000
    assert len(bob.skipped) == ratchet.MAX_STORED_SKIPPED
    ratchet.decrypt(alice, *ratchet.encrypt(bob, b"r2", AD), AD)
    chain3 = [ratchet.encrypt(alice, b"3-%d" % i, AD) for i in range(501)]
    assert ratchet.decrypt(bob, *chain3[500], AD) == b"3-500"  # 500 more: chain 1's 2..501 go
    assert len(bob.skipped) == ratchet.MAX_STORED_SKIPPED
    with pytest.raises(DuplicateMessage):
        ratchet.decrypt(bob, *chain1[501], AD)
    assert ratchet.decrypt(bob, *chain1[502], AD) == b"1-502"
    assert ratchet.decrypt(bob, *chain2[999], AD) == b"2-999"


def test_more_previous_chains_than_kept_is_corrupt() -> None:
    alice, _ = pair()
    encoded = alice.to_bytes()
    count_at = 2 + 6 * 32 + 3 * 4  # version, flags, six keys, Ns, Nr, PN; then the count byte
    assert encoded[count_at] == 0

    def with_previous(count: int) -> bytes:
        return encoded[:count_at] + bytes([count]) + bytes(32 * count) + encoded[count_at + 1 :]

    assert len(RatchetState.from_bytes(with_previous(64)).previous_chains) == 64
    with pytest.raises(CorruptState):
        RatchetState.from_bytes(with_previous(65))
