"""The Double Ratchet (spec sections 3 and 5.1) with Bisik v1's KDFs, header and limits.

Four operations, as in the spec: `init_alice`, `init_bob`, `encrypt`, `decrypt`. `decrypt` is a
transaction: it computes every new value in locals and assigns them to the state only after the
AEAD accepted the message, so a failure leaves the state (and its serialisation) byte-identical.
Skipped message keys live in an insertion-ordered dict, oldest first, so eviction is cheap and
nothing large is ever copied per message.

The per-message path (KDF_CK, the message keys, the AEAD) is written out in `encrypt` and
`decrypt` with functions bound once: `hmac.digest`, the zero salt's saved HMAC key schedule
(`kdf.extract_zero_salt`) and libsodium's AEAD without PyNaCl's argument-checking wrapper. In
order, it builds nothing but the primitives' results, the header, AD || header, the output and
the typed next chain key, and looks up no skipped key when none is stored. `bench/ratchet.py`
measures it against those bare calls.
"""

from __future__ import annotations

import hmac
import struct
from itertools import islice

from app.crypto import aead, kdf
from app.crypto.errors import (
    CorruptState,
    DuplicateMessage,
    InvalidMessage,
    ProtocolError,
    TooManySkipped,
)
from app.crypto.kdf import ChainKey, MessageKey, RootKey, kdf_ck, kdf_rk
from app.crypto.keys import KEY_LEN, KeyPair, dh
from app.crypto.reader import u32

HEADER_LEN = 40  # DHs public (32) || u32be(PN) || u32be(N)
MAX_SKIP = 1000  # skipped keys one message may create on one chain
MAX_STORED_SKIPPED = 2000  # per session; the oldest are evicted first
MAX_PREVIOUS_CHAINS = 64  # old receiving ratchet keys kept to tell replays from forgeries
STATE_VERSION = 1
_HEADER = struct.Struct(">32sII")
_U32 = struct.Struct(">I")
# version, flags, DHs private, DHs public, RK, DHr, CKs, CKr, Ns, Nr, PN, previous chain count
_FIXED = struct.Struct(">BB32s32s32s32s32s32sIIIB")
_SKIPPED = struct.Struct(">32sI32s")
_ABSENT = bytes(KEY_LEN)  # stands in for a key the flags mark absent

SkippedKeys = dict[tuple[bytes, int], MessageKey]

# The per-message path's functions and constants, bound once (see `encrypt`).
_digest = hmac.digest
_extract_zero_salt = kdf.extract_zero_salt
_encrypt, _decrypt, _buffer, _NULL = aead.RAW_ENCRYPT, aead.RAW_DECRYPT, aead.BUFFER, aead.NULL
_TAG_LEN = aead.TAG_LEN
_HASH = kdf.HASH
_MESSAGE_KEY_BLOCK, _CHAIN_KEY_BLOCK = b"\x01", b"\x02"
_T1, _T2 = kdf.MESSAGE_KEYS_T1, kdf.MESSAGE_KEYS_T2


class RatchetState:
    """One session's ratchet state (the spec's `state` object). Mutated only by this module."""

    __slots__ = ("ckr", "cks", "dhr", "dhs", "nr", "ns", "pn", "previous_chains", "rk", "skipped")

    def __init__(
        self,
        dhs: KeyPair,
        dhr: bytes | None,
        rk: RootKey,
        cks: ChainKey | None,
        ckr: ChainKey | None,
        ns: int = 0,
        nr: int = 0,
        pn: int = 0,
        skipped: SkippedKeys | None = None,
        previous_chains: tuple[bytes, ...] = (),
    ) -> None:
        self.dhs = dhs
        self.dhr = dhr
        self.rk = rk
        self.cks = cks
        self.ckr = ckr
        self.ns = ns
        self.nr = nr
        self.pn = pn
        self.skipped: SkippedKeys = skipped if skipped is not None else {}
        self.previous_chains = previous_chains

    def __repr__(self) -> str:
        return (
            f"RatchetState(ns={self.ns}, nr={self.nr}, pn={self.pn}, skipped={len(self.skipped)})"
        )

    def to_bytes(self) -> bytes:
        """Versioned encoding; the session record stores it, so every secret is in it."""
        flags = (self.dhr is not None) | (self.cks is not None) << 1 | (self.ckr is not None) << 2
        fixed = _FIXED.pack(
            STATE_VERSION,
            flags,
            self.dhs.private,
            self.dhs.public,
            self.rk,
            self.dhr or _ABSENT,
            self.cks or _ABSENT,
            self.ckr or _ABSENT,
            self.ns,
            self.nr,
            self.pn,
            len(self.previous_chains),
        )
        parts = [fixed, *self.previous_chains, u32(len(self.skipped))]
        for (public, n), key in self.skipped.items():
            parts += (public, u32(n), key)
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> RatchetState:
        if len(data) < _FIXED.size or data[0] != STATE_VERSION or data[1] > 7:
            raise CorruptState("not a version 1 ratchet state")
        (_, flags, private, public, rk, dhr, cks, ckr, ns, nr, pn, previous_count) = (
            _FIXED.unpack_from(data)
        )
        if flags != 7:  # a key the flags mark absent must be zeros; chain keys: no early exit
            absent_ok = bool(flags & 1) or dhr == _ABSENT
            if not flags & 2:
                absent_ok &= hmac.compare_digest(cks, _ABSENT)
            if not flags & 4:
                absent_ok &= hmac.compare_digest(ckr, _ABSENT)
            if not absent_ok:
                raise CorruptState("a key marked absent is present")
        if previous_count > MAX_PREVIOUS_CHAINS:
            raise CorruptState("too many previous receiving chains")
        skipped_at = _FIXED.size + previous_count * KEY_LEN
        if len(data) < skipped_at + 4:
            raise CorruptState("truncated ratchet state")
        previous: tuple[bytes, ...] = ()
        if previous_count:
            previous = tuple(data[i : i + KEY_LEN] for i in range(_FIXED.size, skipped_at, KEY_LEN))
        count = _U32.unpack_from(data, skipped_at)[0]
        if count > MAX_STORED_SKIPPED or len(data) - skipped_at - 4 != count * _SKIPPED.size:
            raise CorruptState("bad skipped keys")
        skipped: SkippedKeys = {}
        if count:
            entries = _SKIPPED.iter_unpack(data[skipped_at + 4 :])
            skipped = {(key_public, n): MessageKey(key) for key_public, n, key in entries}
            if len(skipped) != count:
                raise CorruptState("repeated skipped key")
        return cls(
            KeyPair(public, private),
            dhr if flags & 1 else None,
            RootKey(rk),
            ChainKey(cks) if flags & 2 else None,
            ChainKey(ckr) if flags & 4 else None,
            ns,
            nr,
            pn,
            skipped,
            previous,
        )


def init_alice(
    shared_secret: bytes, bob_ratchet_public: bytes, ratchet_key: KeyPair | None = None
) -> RatchetState:
    """RatchetInitAlice: Alice knows SK and Bob's ratchet public key (his signed prekey).

    `ratchet_key` is for known-answer tests only; normally a fresh key pair is generated.
    """
    dhs = ratchet_key or KeyPair.generate()
    rk, cks = kdf_rk(RootKey(shared_secret), dh(dhs.private, bob_ratchet_public))
    return RatchetState(dhs, bob_ratchet_public, rk, cks, None)


def init_bob(shared_secret: bytes, bob_ratchet: KeyPair) -> RatchetState:
    """RatchetInitBob: Bob's first ratchet key pair is his signed prekey pair."""
    return RatchetState(bob_ratchet, None, RootKey(shared_secret), None, None)


def encrypt(state: RatchetState, plaintext: bytes, associated_data: bytes) -> tuple[bytes, bytes]:
    """RatchetEncrypt -> (header, ciphertext); the AEAD's AD is `associated_data || header`.

    KDF_CK and the message keys are `kdf.kdf_ck` and `kdf.message_key_material` written out; the
    key is 32 and the nonce 24 bytes by construction, as the bare AEAD needs. The state changes
    only after the AEAD ran.
    """
    chain_key = state.cks
    if chain_key is None:
        raise ProtocolError("no sending chain yet: Bob sends only after Alice's first message")
    ns = state.ns
    header = _HEADER.pack(state.dhs.public, state.pn, ns)
    prk = _extract_zero_salt(_digest(chain_key, _MESSAGE_KEY_BLOCK, _HASH))
    key = _digest(prk, _T1, _HASH)
    nonce = _digest(prk, key + _T2, _HASH)[:24]
    size, full_ad = len(plaintext), associated_data + header
    out = bytearray(size + _TAG_LEN)
    _encrypt(_buffer(out), _NULL, plaintext, size, full_ad, len(full_ad), _NULL, nonce, key)
    state.cks = ChainKey(_digest(chain_key, _CHAIN_KEY_BLOCK, _HASH))
    state.ns = ns + 1
    return header, bytes(out)


def parse_header(header: bytes) -> tuple[bytes, int, int]:
    """(DHs public, PN, N) of a 40-byte header."""
    if len(header) != HEADER_LEN:
        raise InvalidMessage("a ratchet header is 40 bytes")
    public, pn, n = _HEADER.unpack(header)
    return public, pn, n


def _open(message_key: bytes, ciphertext: bytes, associated_data: bytes) -> bytes:
    """Message keys and AEAD decryption; InvalidMessage if the ciphertext does not authenticate."""
    size = len(ciphertext)
    if size < _TAG_LEN:
        raise InvalidMessage("ciphertext shorter than its tag")
    prk = _extract_zero_salt(message_key)
    key = _digest(prk, _T1, _HASH)
    nonce = _digest(prk, key + _T2, _HASH)[:24]
    out, ad = bytearray(size - _TAG_LEN), associated_data
    if _decrypt(_buffer(out), _NULL, _NULL, ciphertext, size, ad, len(ad), nonce, key):
        raise InvalidMessage("authentication failed")
    return bytes(out)


def _skip(
    chain_key: ChainKey,
    public: bytes,
    start: int,
    until: int,
    found: list[tuple[bytes, int, MessageKey]],
) -> ChainKey:
    """SkipMessageKeys into `found` (not the state); returns the advanced chain key."""
    if until - start > MAX_SKIP:
        raise TooManySkipped(f"a jump of {until - start} keys exceeds {MAX_SKIP}")
    for n in range(start, until):
        chain_key, message_key = kdf_ck(chain_key)
        found.append((public, n, message_key))
    return chain_key


def decrypt(state: RatchetState, header: bytes, ciphertext: bytes, associated_data: bytes) -> bytes:
    """RatchetDecrypt as a transaction: the state changes only if the message authenticates."""
    if len(header) != HEADER_LEN:
        raise InvalidMessage("a ratchet header is 40 bytes")
    public, pn, n = _HEADER.unpack(header)
    full_ad = associated_data + header
    skipped = state.skipped
    if skipped:  # empty whenever messages arrive in order: no lookup then
        stored = skipped.get((public, n))
        if stored is not None:
            plaintext = _open(stored, ciphertext, full_ad)
            del skipped[public, n]
            return plaintext

    chain_key = state.ckr
    if chain_key is not None and public == state.dhr:
        nr = state.nr
        found: list[tuple[bytes, int, MessageKey]] = []
        if n != nr:
            if n < nr:
                raise DuplicateMessage("message key already used")
            chain_key = _skip(chain_key, public, nr, n, found)
        plaintext = _open(_digest(chain_key, _MESSAGE_KEY_BLOCK, _HASH), ciphertext, full_ad)
        state.ckr = ChainKey(_digest(chain_key, _CHAIN_KEY_BLOCK, _HASH))
        state.nr = n + 1
        if found:
            _remember(state, found)
        return plaintext

    if public in state.previous_chains:
        raise DuplicateMessage("message key of an earlier chain already used")
    found = []
    if state.ckr is not None and state.dhr is not None:
        _skip(state.ckr, state.dhr, state.nr, pn, found)
    root_key, chain_key = kdf_rk(state.rk, dh(state.dhs.private, public))
    new_dhs = KeyPair.generate()
    root_key, sending_key = kdf_rk(root_key, dh(new_dhs.private, public))
    chain_key = _skip(chain_key, public, 0, n, found)
    chain_key, message_key = kdf_ck(chain_key)
    plaintext = _open(message_key, ciphertext, full_ad)

    if state.dhr is not None:
        state.previous_chains = (*state.previous_chains, state.dhr)[-MAX_PREVIOUS_CHAINS:]
    state.pn, state.ns, state.nr = state.ns, 0, n + 1
    state.dhs, state.dhr, state.rk = new_dhs, public, root_key
    state.cks, state.ckr = sending_key, chain_key
    _remember(state, found)
    return plaintext


def _remember(state: RatchetState, found: list[tuple[bytes, int, MessageKey]]) -> None:
    """Store skipped keys, evicting the oldest beyond MAX_STORED_SKIPPED."""
    if not found:
        return
    skipped = state.skipped
    for public, n, message_key in found:
        skipped[public, n] = message_key
    excess = len(skipped) - MAX_STORED_SKIPPED
    if excess > 0:
        for key in list(islice(skipped, excess)):
            del skipped[key]
