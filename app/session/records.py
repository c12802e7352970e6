"""Session records: per peer one active session and up to 40 archived ones (Sesame), as bytes.

    record  = 0x01 || u8(count) || count * (u32be(length) || session), the active session first
    session = 0x01 || remote IK (32) || base key (32) || AD (66) || u8(flags)
              || u32be(SPK id) || u32be(OPK id) || ratchet state
    session = 0x02 || remote IK (32) || base key (32) || AD (98) || u8(flags)      (PQXDH, v2)
              || u32be(SPK id) || u32be(OPK id) || u32be(KEM prekey id)
              || KEM ciphertext (1088, only while flags bit 0) || ratchet state
flags: bit 0 = the initiator still attaches the X3DH header, bit 1 = with a one-time prekey.
Archived sessions stay encoded until a message needs them, so a record costs one decode per use.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

from app.crypto.kem import CIPHERTEXT_LEN as KEM_CIPHERTEXT_LEN
from app.crypto.keys import KEY_LEN
from app.crypto.ratchet import RatchetState
from app.crypto.reader import Reader, u32
from app.session.errors import CorruptState

VERSION = 0x01
VERSION_PQ = 0x02
MAX_ARCHIVED = 40
AD_LEN = 2 * (KEY_LEN + 1)
AD_LEN_PQ = AD_LEN + 32  # v2's AD ends with SHA-256 of the KEM prekey
_PEEK_END = 1 + 2 * KEY_LEN
# version, remote identity, base key, AD, flags, SPK id, OPK id
_SESSION_FIXED = struct.Struct(f">B32s32s{AD_LEN}sBII")
# the same for v2, then the KEM prekey id
_SESSION_FIXED_PQ = struct.Struct(f">B32s32s{AD_LEN_PQ}sBIII")


@dataclass(frozen=True)
class PendingPreKey:
    """The X3DH header fields the initiator repeats until the first reply."""

    signed_prekey_id: int
    one_time_prekey_id: int | None
    kem: tuple[int, bytes] | None = None  # v2: (KEM prekey id, KEM ciphertext)


@dataclass(eq=False)
class SessionState:
    remote_identity: bytes  # the peer's Ed25519 identity key this session was agreed with
    base_key: bytes  # the initiator's X3DH ephemeral key: names the session in prekey messages
    associated_data: bytes
    pending_prekey: PendingPreKey | None
    ratchet: RatchetState

    def encode(self) -> bytes:
        pending = self.pending_prekey
        flags = 0
        spk_id = opk_id = 0
        if pending is not None:
            flags = 1 | (pending.one_time_prekey_id is not None) << 1
            spk_id, opk_id = pending.signed_prekey_id, pending.one_time_prekey_id or 0
        head = (self.remote_identity, self.base_key, self.associated_data, flags, spk_id, opk_id)
        if len(self.associated_data) == AD_LEN:
            return _SESSION_FIXED.pack(VERSION, *head) + self.ratchet.to_bytes()
        kem_id, kem_ciphertext = (0, b"") if pending is None or pending.kem is None else pending.kem
        fixed = _SESSION_FIXED_PQ.pack(VERSION_PQ, *head, kem_id)
        return fixed + kem_ciphertext + self.ratchet.to_bytes()

    @classmethod
    def decode(cls, data: bytes) -> SessionState:
        pq = bool(data) and data[0] == VERSION_PQ
        layout = _SESSION_FIXED_PQ if pq else _SESSION_FIXED
        if len(data) < layout.size or data[0] not in (VERSION, VERSION_PQ):
            raise CorruptState("not a version 1 or 2 session")
        _, remote, base_key, ad, flags, spk_id, opk_id, *kem_id = layout.unpack_from(data)
        if flags not in (0, 1, 3) or (flags != 3 and opk_id) or (not flags and spk_id):
            raise CorruptState("inconsistent session flags")
        offset = layout.size
        pending = None
        if flags & 1:
            kem = None
            if pq:
                kem = (kem_id[0], data[offset : offset + KEM_CIPHERTEXT_LEN])
                offset += KEM_CIPHERTEXT_LEN
                if len(kem[1]) != KEM_CIPHERTEXT_LEN:
                    raise CorruptState("truncated session")
            pending = PendingPreKey(spk_id, opk_id if flags & 2 else None, kem)
        ratchet = RatchetState.from_bytes(data[offset:])
        return cls(remote, base_key, ad, pending, ratchet)


def _peek(encoded: bytes) -> tuple[bytes, bytes]:
    """(remote identity, base key) of an encoded session without decoding its ratchet."""
    if len(encoded) < _PEEK_END:
        raise CorruptState("truncated session")
    return encoded[1 : 1 + KEY_LEN], encoded[1 + KEY_LEN : _PEEK_END]


class SessionRecord:
    """All sessions with one peer; index 0 is the active one, 1.. the archived, newest first."""

    __slots__ = ("_active", "_archived")

    def __init__(self, active: SessionState | None = None, archived: list[bytes] | None = None):
        self._active = active
        self._archived = archived or []

    @property
    def active(self) -> SessionState | None:
        return self._active

    @classmethod
    def decode(cls, data: bytes | None) -> SessionRecord:
        if data is None:
            return cls()
        r = Reader(data, CorruptState)
        if r.u8() != VERSION:
            raise CorruptState("unknown record version")
        count = r.u8()
        if count > MAX_ARCHIVED + 1:
            raise CorruptState("too many sessions")
        sessions = [r.take(r.u32()) for _ in range(count)]
        r.expect_end()
        if not sessions:
            return cls()
        return cls(SessionState.decode(sessions[0]), sessions[1:])

    def encode(self) -> bytes:
        sessions = [] if self._active is None else [self._active.encode(), *self._archived]
        parts = [bytes((VERSION, len(sessions)))]
        for session in sessions:
            parts += (u32(len(session)), session)
        return b"".join(parts)

    def candidates(self, remote_identity: bytes) -> Iterator[tuple[int, SessionState]]:
        """Sessions agreed with `remote_identity`, active first, each decoded only when reached."""
        if self._active is not None and self._active.remote_identity == remote_identity:
            yield 0, self._active
        for index, encoded in enumerate(self._archived, start=1):
            if _peek(encoded)[0] == remote_identity:
                yield index, SessionState.decode(encoded)

    def find(self, remote_identity: bytes, base_key: bytes) -> tuple[int, SessionState] | None:
        """The session a prekey message with this base key belongs to, if we still have it."""
        if self._active is not None and self._active.base_key == base_key:
            return (0, self._active) if self._active.remote_identity == remote_identity else None
        for index, encoded in enumerate(self._archived, start=1):
            if _peek(encoded) == (remote_identity, base_key):
                return index, SessionState.decode(encoded)
        return None

    def promote(self, index: int, state: SessionState) -> None:
        """Sesame: the session that just decrypted becomes active (index from `candidates`)."""
        if index == 0:
            self._active = state
            return
        del self._archived[index - 1]
        self.install(state)

    def install(self, state: SessionState) -> None:
        """Make a new session active, archiving the current one; the oldest beyond 40 go."""
        if self._active is not None:
            self._archived.insert(0, self._active.encode())
            del self._archived[MAX_ARCHIVED:]
        self._active = state

    def __len__(self) -> int:
        return (self._active is not None) + len(self._archived)
