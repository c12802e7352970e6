"""Double Ratchet throughput against the floor of the bare primitive calls one message needs.

Four workloads, each timed side by side with its floor in the same process (best of --rounds,
alternating, garbage collector off while timing, setup outside the timed part):
- burst: one side encrypts N messages of --payload bytes (200), the other decrypts them in order;
- burst64: the same with 64-byte messages (the size the issue measured);
- pingpong: the sides alternate, so every message costs the receiver a DH ratchet step;
- envelope: the full path per message (session encrypt, sealed sender with padding, unseal,
  session decrypt, records through in-memory stores) against its own floor;
- setup: one session set-up, X3DH (v1) beside PQXDH (v2, ML-KEM-768), side by side: the
  initiator's start_session and first encrypt, the responder's first decrypt (which runs the
  agreement); prekeys are made beforehand, as they are published ahead in the product.

The floor is the primitive calls and nothing else, each from the fastest binding there is:
- KDF_CK: two `hmac.digest` (mk, next ck);
- message keys, HKDF(mk, salt 0*32, "Bisik_MessageKeys_v1", 56): Extract's PRK depends on mk, so
  it is computed per message, but its HMAC key is the constant zero salt, whose key schedule (the
  inner and outer SHA-256 states) is computed once, as the ratchet does; then Expand's two
  `hmac.digest` (T(1) is the AEAD key, T(2)[:24] the nonce);
- XChaCha20-Poly1305 with AD || header as associated data: libsodium's function through PyNaCl's
  cffi module, as the ratchet calls it (`nacl.bindings`' wrapper adds about 3 µs of argument
  checks per call here);
- a DH ratchet step (ping-pong): two X25519, one key pair, two KDF_RK of three `hmac.digest` each.
Framing is precomputed, not counted: the header, AD || header, padding, the envelope's layout.
The burst floor is written inline; the ping-pong and envelope floors call small helpers, whose
call overhead is under 1 µs a turn (below 1 %). Before timing, the floor's calls are checked to
compute the ratchet's bytes.
Usage: python bench/ratchet.py [--json] [--payload N] [--burst N] [--turns N] [--envelopes N]
       [--setups N] [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable

from nacl._sodium import ffi, lib

from app.crypto import ratchet
from app.crypto.kdf import RootKey, kdf_rk
from app.crypto.keys import KeyPair
from app.session import (
    PreKeyBundle,
    account_id,
    decrypt,
    encrypt,
    generate_kem_prekeys,
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

AD = os.urandom(66)
Run = Callable[[], None]
Prepare = Callable[[int, bytes], Run]

# --- the floor: only the primitive calls one message needs, no state, no framing -------------

_SHA = "sha256"
_DIGEST = hmac.digest
_ENC = lib.crypto_aead_xchacha20poly1305_ietf_encrypt
_DEC = lib.crypto_aead_xchacha20poly1305_ietf_decrypt
_SCALARMULT = lib.crypto_scalarmult
_KEYPAIR = lib.crypto_box_keypair
_BUFFER = ffi.from_buffer
_NULL = ffi.NULL
_MK, _CK = b"\x01", b"\x02"
_MESSAGE_INFO = b"Bisik_MessageKeys_v1"
_MESSAGE_T1, _MESSAGE_T2 = _MESSAGE_INFO + b"\x01", _MESSAGE_INFO + b"\x02"
_ROOT_INFO = b"Bisik_Ratchet_v1"
_ROOT_T1, _ROOT_T2 = _ROOT_INFO + b"\x01", _ROOT_INFO + b"\x02"
# HMAC's key schedule for the all-zero 32-byte key (salt): SHA-256 over key ^ ipad and key ^ opad
_ZERO_INNER = hashlib.sha256(b"\x36" * 64)
_ZERO_OUTER = hashlib.sha256(b"\x5c" * 64)


def _seal(plaintext: bytes, ad: bytes, nonce: bytes, key: bytes) -> bytes:
    out = bytearray(len(plaintext) + 16)
    _ENC(_BUFFER(out), _NULL, plaintext, len(plaintext), ad, len(ad), _NULL, nonce, key)
    return bytes(out)


def _open(ciphertext: bytes, ad: bytes, nonce: bytes, key: bytes) -> bytes:
    out = bytearray(len(ciphertext) - 16)
    if _DEC(_BUFFER(out), _NULL, _NULL, ciphertext, len(ciphertext), ad, len(ad), nonce, key):
        raise ValueError("forged")
    return bytes(out)


def _x25519(private: bytes, public: bytes) -> bytes:
    out = bytearray(32)
    if _SCALARMULT(_BUFFER(out), private, public):
        raise ValueError("low order")
    return bytes(out)


def _keypair() -> tuple[bytes, bytes]:
    public, private = bytearray(32), bytearray(32)
    _KEYPAIR(_BUFFER(public), _BUFFER(private))
    return bytes(public), bytes(private)


def _floor_keys(chain_key: bytes) -> tuple[bytes, bytes, bytes]:
    """(next chain key, AEAD key, nonce): KDF_CK, then HKDF's Extract and two Expand blocks."""
    digest, sha = _DIGEST, _SHA
    mk = digest(chain_key, _MK, sha)
    next_chain_key = digest(chain_key, _CK, sha)
    inner = _ZERO_INNER.copy()
    inner.update(mk)
    outer = _ZERO_OUTER.copy()
    outer.update(inner.digest())
    prk = outer.digest()
    key = digest(prk, _MESSAGE_T1, sha)
    return next_chain_key, key, digest(prk, key + _MESSAGE_T2, sha)[:24]


def _floor_message(cks: bytes, ckr: bytes, full_ad: bytes, plaintext: bytes) -> None:
    """Keys and AEAD encrypt on one side, then keys and AEAD decrypt on the other."""
    _, key, nonce = _floor_keys(cks)
    ciphertext = _seal(plaintext, full_ad, nonce, key)
    _, key, nonce = _floor_keys(ckr)
    _open(ciphertext, full_ad, nonce, key)


def floor_burst(count: int, payload: bytes) -> Run:
    chain, full_ad = os.urandom(32), AD + os.urandom(40)

    def run() -> None:
        digest, sha, copy_inner, copy_outer = _DIGEST, _SHA, _ZERO_INNER.copy, _ZERO_OUTER.copy
        encrypt, decrypt, buffer, null = _ENC, _DEC, _BUFFER, _NULL
        size, ad_size, sent = len(payload), len(full_ad), []
        cks = chain
        for _ in range(count):
            mk = digest(cks, _MK, sha)
            cks = digest(cks, _CK, sha)
            inner = copy_inner()
            inner.update(mk)
            outer = copy_outer()
            outer.update(inner.digest())
            prk = outer.digest()
            key = digest(prk, _MESSAGE_T1, sha)
            out = bytearray(size + 16)
            nonce = digest(prk, key + _MESSAGE_T2, sha)[:24]
            encrypt(buffer(out), null, payload, size, full_ad, ad_size, null, nonce, key)
            sent.append(bytes(out))
        ckr = chain
        for ciphertext in sent:
            mk = digest(ckr, _MK, sha)
            ckr = digest(ckr, _CK, sha)
            inner = copy_inner()
            inner.update(mk)
            outer = copy_outer()
            outer.update(inner.digest())
            prk = outer.digest()
            key = digest(prk, _MESSAGE_T1, sha)
            length = len(ciphertext)
            out = bytearray(length - 16)
            nonce = digest(prk, key + _MESSAGE_T2, sha)[:24]
            if decrypt(buffer(out), null, null, ciphertext, length, full_ad, ad_size, nonce, key):
                raise ValueError("forged")
            bytes(out)

    return run


def _floor_kdf_rk(root_key: bytes, dh_output: bytes) -> tuple[bytes, bytes]:
    prk = _DIGEST(root_key, dh_output, _SHA)
    new_root = _DIGEST(prk, _ROOT_T1, _SHA)
    return new_root, _DIGEST(prk, new_root + _ROOT_T2, _SHA)


def floor_pingpong(turns: int, payload: bytes) -> Run:
    chain, full_ad, root = os.urandom(32), AD + os.urandom(40), os.urandom(32)
    their_public, own_private = _keypair()

    def run() -> None:
        for _ in range(turns):
            # the receiver's DH ratchet step: DH, KDF_RK, a new key pair, DH, KDF_RK
            root_key, _ = _floor_kdf_rk(root, _x25519(own_private, their_public))
            _, new_private = _keypair()
            _floor_kdf_rk(root_key, _x25519(new_private, their_public))
            _floor_message(chain, chain, full_ad, payload)

    return run


_EPH_T1, _EPH_T2 = b"Bisik_SealedSender_Eph_v1\x01", b"Bisik_SealedSender_Eph_v1\x02"
_STATIC_INFO = b"Bisik_SealedSender_Static_v1"
_ZERO_NONCE = bytes(24)


def _floor_seal(
    recipient: tuple[bytes, bytes], sender: tuple[bytes, bytes], static: bytes, padded: bytes
) -> None:
    """Sealed sender's own work, both sides: one ephemeral key pair, two DH, HKDF(64), HKDF(32)
    and two AEAD each way, with the associated data the layout defines."""
    digest, sha, zero_nonce = _DIGEST, _SHA, _ZERO_NONCE
    eph_public, eph_private = _keypair()
    prefix = b"\x02" + eph_public
    prk = digest(eph_public, _x25519(eph_private, recipient[0]), sha)
    chain = digest(prk, _EPH_T1, sha)
    static_ct = _seal(static, prefix, zero_nonce, digest(prk, chain + _EPH_T2, sha))
    prk = digest(chain, _x25519(sender[1], recipient[0]), sha)
    static_key = digest(prk, _STATIC_INFO + static_ct + b"\x01", sha)
    content_ct = _seal(padded, prefix + static_ct, zero_nonce, static_key)
    prk = digest(eph_public, _x25519(recipient[1], eph_public), sha)
    chain = digest(prk, _EPH_T1, sha)
    _open(static_ct, prefix, zero_nonce, digest(prk, chain + _EPH_T2, sha))
    prk = digest(chain, _x25519(recipient[1], sender[0]), sha)
    static_key = digest(prk, _STATIC_INFO + static_ct + b"\x01", sha)
    _open(content_ct, prefix + static_ct, zero_nonce, static_key)


def floor_envelope(count: int, payload: bytes) -> Run:
    chain, full_ad = os.urandom(32), AD + os.urandom(40)
    recipient, sender = _keypair(), _keypair()
    static = os.urandom(16) + sender[0]  # device id, sender identity key
    padded = bytes(1024 - 113)  # the smallest bucket's padded content

    def run() -> None:
        for _ in range(count):
            _floor_message(chain, chain, full_ad, payload)
            _floor_seal(recipient, sender, static, padded)

    return run


def check_floor() -> None:
    """The floor's calls compute the ratchet's bytes: its ciphertext and its KDF_RK."""
    alice, _ = _pair()
    assert alice.cks is not None
    chain_key, payload = bytes(alice.cks), os.urandom(64)
    header, ciphertext = ratchet.encrypt(alice, payload, AD)
    next_chain_key, key, nonce = _floor_keys(chain_key)
    root_key, dh_output = os.urandom(32), os.urandom(32)
    same = (
        _seal(payload, AD + header, nonce, key) == ciphertext
        and next_chain_key == alice.cks
        and _floor_kdf_rk(root_key, dh_output) == kdf_rk(RootKey(root_key), dh_output)
    )
    if not same:
        raise SystemExit("the floor does not compute what the ratchet computes")


# --- ours ------------------------------------------------------------------------------------


def _pair() -> tuple[ratchet.RatchetState, ratchet.RatchetState]:
    sk, bob = os.urandom(32), KeyPair.generate()
    return ratchet.init_alice(sk, bob.public), ratchet.init_bob(sk, bob)


def ours_burst(count: int, payload: bytes) -> Run:
    alice, bob = _pair()

    def run() -> None:
        encrypt, decrypt = ratchet.encrypt, ratchet.decrypt
        sent = [encrypt(alice, payload, AD) for _ in range(count)]
        for header, ciphertext in sent:
            decrypt(bob, header, ciphertext, AD)

    return run


def ours_pingpong(turns: int, payload: bytes) -> Run:
    alice, bob = _pair()
    sides = (alice, bob)

    def run() -> None:
        for turn in range(turns):
            sender, receiver = sides[turn % 2], sides[1 - turn % 2]
            header, ciphertext = ratchet.encrypt(sender, payload, AD)
            ratchet.decrypt(receiver, header, ciphertext, AD)

    return run


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


def ours_envelope(count: int, payload: bytes) -> Run:
    alice, bob, _, bob_key = _profiles()
    bob_id = account_id(bob_key)

    def run() -> None:
        for _ in range(count):
            envelope = seal(alice, bob_key, encrypt(alice, bob_id, payload))
            opened = unseal(bob, envelope)
            decrypt(bob, opened.sender, opened.sender_identity_key, opened.message)

    return run


def setups(count: int, payload: bytes, *, pq: bool) -> Run:
    """`count` first contacts with one responder, each from an initiator of its own."""
    bob = MemoryStores(new_identity_seed(), new_device_id())
    bob_key = identity_public_key(bob.own_identity_seed())
    bob_id = account_id(bob_key)
    spk_id, spk, signature = generate_signed_prekey(bob, time.time())
    starts = []
    for (opk_id, opk), kem in zip(
        generate_one_time_prekeys(bob, count),
        generate_kem_prekeys(bob, count, last_resort=False, now=0.0) if pq else [None] * count,
        strict=True,
    ):
        alice = MemoryStores(new_identity_seed(), new_device_id())
        alice_key = identity_public_key(alice.own_identity_seed())
        bundle = PreKeyBundle(bob_key, spk_id, spk, signature, opk_id, opk, *(kem or (None,) * 3))
        starts.append((alice, account_id(alice_key), alice_key, bundle))

    def run() -> None:
        for alice, alice_id, alice_key, bundle in starts:
            start_session(alice, bob_id, bundle)
            decrypt(bob, alice_id, alice_key, encrypt(alice, bob_id, payload))

    return run


def setup_v1(count: int, payload: bytes) -> Run:
    return setups(count, payload, pq=False)


def setup_v2(count: int, payload: bytes) -> Run:
    return setups(count, payload, pq=True)


def _timed(prepare: Prepare, count: int, payload: bytes) -> float:
    run = prepare(count, payload)
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        run()
        return (time.perf_counter() - start) / count
    finally:
        gc.enable()


def compare(
    ours: Prepare, floor: Prepare, count: int, payload: bytes, rounds: int
) -> tuple[float, float]:
    """Best per-message seconds of ours and of the floor, alternating so both see the same load."""
    ours_times, floor_times = [], []
    for _ in range(rounds):
        floor_times.append(_timed(floor, count, payload))
        ours_times.append(_timed(ours, count, payload))
    return min(ours_times), min(floor_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--payload", type=int, default=200, help="bytes per message (not burst64)")
    parser.add_argument("--burst", type=int, default=2_000)
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--envelopes", type=int, default=250)
    parser.add_argument("--setups", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    check_floor()
    results: dict[str, float] = {}
    for name, ours, floor, count, size in (
        ("burst", ours_burst, floor_burst, args.burst, args.payload),
        ("burst64", ours_burst, floor_burst, args.burst, 64),
        ("pingpong", ours_pingpong, floor_pingpong, args.turns, args.payload),
        ("envelope", ours_envelope, floor_envelope, args.envelopes, args.payload),
    ):
        ours_s, floor_s = compare(ours, floor, count, os.urandom(size), args.rounds)
        results[f"{name}_msgs_per_s"] = round(1 / ours_s, 1)
        results[f"{name}_us_per_msg"] = round(ours_s * 1e6, 2)
        results[f"{name}_floor_us_per_msg"] = round(floor_s * 1e6, 2)
        results[f"{name}_floor_ratio"] = round(ours_s / floor_s, 3)
        print(
            f"{name:9} {count:5} x {size:3} B: floor {floor_s * 1e6:7.2f} µs/msg, "
            f"ratchet {ours_s * 1e6:7.2f} µs/msg ({1 / ours_s:6.0f} msg/s), "
            f"ratio {ours_s / floor_s:.3f}"
        )
    v2_s, v1_s = compare(setup_v2, setup_v1, args.setups, os.urandom(args.payload), args.rounds)
    results["setup_v1_ms"] = round(v1_s * 1e3, 3)
    results["setup_v2_ms"] = round(v2_s * 1e3, 3)
    results["setup_v2_over_v1"] = round(v2_s / v1_s, 3)
    print(
        f"setup     {args.setups:5} sessions: X3DH (v1) {v1_s * 1e3:6.3f} ms, "
        f"PQXDH (v2) {v2_s * 1e3:6.3f} ms, ratio {v2_s / v1_s:.2f}"
    )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
