"""Double Ratchet throughput against the floor of the bare PyNaCl/hmac operations it needs.

Three workloads, each timed side by side with its floor in the same process (best of --rounds):
- burst: one side encrypts N messages of 200 bytes, the other decrypts them in order;
- ping-pong: the sides alternate, so every message costs the receiver a DH ratchet step;
- envelope: the full path per message (session encrypt, sealed sender with padding, unseal,
  session decrypt, records through in-memory stores) against its own floor.
Usage: python bench/ratchet.py [--json] [--burst N] [--turns N] [--envelopes N] [--rounds N]
"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import time
from collections.abc import Callable

from nacl import bindings

from app.crypto import ratchet
from app.crypto.keys import KeyPair
from app.session import (
    PreKeyBundle,
    account_id,
    decrypt,
    encrypt,
    generate_one_time_prekeys,
    generate_signed_prekey,
    identity_public_key,
    new_device_id,
    new_identity_seed,
    seal,
    start_session,
    unseal,
)
from app.session.memory import MemoryStores

PAYLOAD = os.urandom(200)
AD = os.urandom(66)
_ENC = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt
_DEC = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt


# --- the floor: only the primitive calls one message needs, no state, no framing -------------


def _hkdf(ikm: bytes, salt: bytes, info: bytes, blocks: int) -> bytes:
    prk = hmac.digest(salt, ikm, "sha256")
    t1 = hmac.digest(prk, info + b"\x01", "sha256")
    return t1 if blocks == 1 else t1 + hmac.digest(prk, t1 + info + b"\x02", "sha256")


def _floor_message(ck: bytes, header: bytes, plaintext: bytes) -> bytes:
    """KDF_CK + message keys + AEAD encrypt, then the same on the receiving side."""
    mk = hmac.digest(ck, b"\x01", "sha256")
    hmac.digest(ck, b"\x02", "sha256")
    km = _hkdf(mk, bytes(32), b"Bisik_MessageKeys_v1", 2)
    ct: bytes = _ENC(plaintext, AD + header, km[32:56], km[:32])
    mk = hmac.digest(ck, b"\x01", "sha256")
    hmac.digest(ck, b"\x02", "sha256")
    km = _hkdf(mk, bytes(32), b"Bisik_MessageKeys_v1", 2)
    out: bytes = _DEC(ct, AD + header, km[32:56], km[:32])
    return out


def _floor_dh_step(rk: bytes, their_public: bytes, own_private: bytes) -> None:
    """The receiver's DH ratchet step: two DH, one new key pair, two KDF_RK."""
    rk = _hkdf(bindings.crypto_scalarmult(own_private, their_public), rk, b"Bisik_Ratchet_v1", 2)
    _, private = bindings.crypto_box_keypair()
    _hkdf(bindings.crypto_scalarmult(private, their_public), rk[:32], b"Bisik_Ratchet_v1", 2)


def floor_burst(count: int) -> None:
    ck, header = os.urandom(32), os.urandom(40)
    for _ in range(count):
        _floor_message(ck, header, PAYLOAD)


def floor_pingpong(turns: int) -> None:
    ck, header, rk = os.urandom(32), os.urandom(40), os.urandom(32)
    public, private = bindings.crypto_box_keypair()
    for _ in range(turns):
        _floor_message(ck, header, PAYLOAD)
        _floor_dh_step(rk, public, private)


def _floor_seal(
    recipient_public: bytes, recipient_private: bytes, sender_public: bytes, sender_private: bytes
) -> None:
    """Sealed sender's own work: one ephemeral key, two DH per side, two HKDF, two AEAD each way."""
    eph_public, eph_private = bindings.crypto_box_keypair()
    eph = _hkdf(bindings.crypto_scalarmult(eph_private, recipient_public), eph_public, b"E", 2)
    static = _hkdf(bindings.crypto_scalarmult(sender_private, recipient_public), eph, b"S", 1)
    head = _ENC(bytes(48), eph_public, bytes(24), eph[32:])
    body = _ENC(bytes(1024 - 113), eph_public + head, bytes(24), static)
    eph = _hkdf(bindings.crypto_scalarmult(recipient_private, eph_public), eph_public, b"E", 2)
    _DEC(head, eph_public, bytes(24), eph[32:])
    static = _hkdf(bindings.crypto_scalarmult(recipient_private, sender_public), eph, b"S", 1)
    _DEC(body, eph_public + head, bytes(24), static)


def floor_envelope(count: int) -> None:
    ck, header = os.urandom(32), os.urandom(40)
    recipient_public, recipient_private = bindings.crypto_box_keypair()
    sender_public, sender_private = bindings.crypto_box_keypair()
    for _ in range(count):
        _floor_message(ck, header, PAYLOAD)
        _floor_seal(recipient_public, recipient_private, sender_public, sender_private)


# --- ours ------------------------------------------------------------------------------------


def _pair() -> tuple[ratchet.RatchetState, ratchet.RatchetState]:
    sk, bob = os.urandom(32), KeyPair.generate()
    return ratchet.init_alice(sk, bob.public), ratchet.init_bob(sk, bob)


def ours_burst(count: int) -> None:
    alice, bob = _pair()
    sent = [ratchet.encrypt(alice, PAYLOAD, AD) for _ in range(count)]
    for header, ciphertext in sent:
        ratchet.decrypt(bob, header, ciphertext, AD)


def ours_pingpong(turns: int) -> None:
    alice, bob = _pair()
    sides = (alice, bob)
    for turn in range(turns):
        sender, receiver = sides[turn % 2], sides[1 - turn % 2]
        header, ciphertext = ratchet.encrypt(sender, PAYLOAD, AD)
        ratchet.decrypt(receiver, header, ciphertext, AD)


def _profiles() -> tuple[MemoryStores, MemoryStores, bytes, bytes]:
    alice = MemoryStores(new_identity_seed(), new_device_id())
    bob = MemoryStores(new_identity_seed(), new_device_id())
    spk_id, spk, signature = generate_signed_prekey(bob, time.time())
    [(opk_id, opk)] = generate_one_time_prekeys(bob, 1)
    bob_key = identity_public_key(bob.own_identity_seed())
    alice_key = identity_public_key(alice.own_identity_seed())
    bundle = PreKeyBundle(bob_key, spk_id, spk, signature, opk_id, opk)
    start_session(alice, account_id(bob_key), bundle)
    first = unseal(bob, seal(alice, bob_key, encrypt(alice, account_id(bob_key), b"hello")))
    decrypt(bob, first.sender, first.sender_identity_key, first.message)
    reply = encrypt(bob, account_id(alice_key), b"hi")
    decrypt(alice, account_id(bob_key), bob_key, reply)
    return alice, bob, alice_key, bob_key


def ours_envelope(count: int) -> None:
    alice, bob, _, bob_key = _profiles()
    bob_id = account_id(bob_key)
    for _ in range(count):
        envelope = seal(alice, bob_key, encrypt(alice, bob_id, PAYLOAD))
        opened = unseal(bob, envelope)
        decrypt(bob, opened.sender, opened.sender_identity_key, opened.message)


def _timed(run: Callable[[int], None], count: int) -> float:
    start = time.perf_counter()
    run(count)
    return (time.perf_counter() - start) / count


def compare(
    ours: Callable[[int], None], floor: Callable[[int], None], count: int, rounds: int
) -> tuple[float, float]:
    """Best per-message seconds of ours and of the floor, alternating so both see the same load."""
    ours_times, floor_times = [], []
    for _ in range(rounds):
        floor_times.append(_timed(floor, count))
        ours_times.append(_timed(ours, count))
    return min(ours_times), min(floor_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--burst", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=2_000)
    parser.add_argument("--envelopes", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, float] = {}
    for name, ours, floor, count in (
        ("burst", ours_burst, floor_burst, args.burst),
        ("pingpong", ours_pingpong, floor_pingpong, args.turns),
        ("envelope", ours_envelope, floor_envelope, args.envelopes),
    ):
        ours_s, floor_s = compare(ours, floor, count, args.rounds)
        results[f"{name}_msgs_per_s"] = round(1 / ours_s, 1)
        results[f"{name}_us_per_msg"] = round(ours_s * 1e6, 2)
        results[f"{name}_floor_us_per_msg"] = round(floor_s * 1e6, 2)
        results[f"{name}_floor_ratio"] = round(ours_s / floor_s, 3)
        print(
            f"{name:9} {count:6} msgs: ours {ours_s * 1e6:7.2f} µs/msg ({1 / ours_s:9.0f} msg/s), "
            f"floor {floor_s * 1e6:7.2f} µs/msg, ratio {ours_s / floor_s:.3f}"
        )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
