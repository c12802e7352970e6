"""The encrypted backup file: a versioned header, then libsodium secretstream frames (pure).

    header  = magic "BISIKBAK" (8) | u16 version = 1 | u32 Argon2id opslimit | u64 memlimit
              (bytes) | salt (16) | secretstream header (24)            -- big-endian, 62 bytes
    frame   = u32 ciphertext length | ciphertext                         -- repeated
    key     = Argon2id(the code's 30 ASCII digits, salt, opslimit, memlimit), 32 bytes

Each frame seals at most 64 KiB of plaintext with crypto_secretstream_xchacha20poly1305; the
first frame's associated data is the whole header (so an altered header fails there), the last
frame carries TAG_FINAL and nothing may follow it. What the plaintext holds is the store's
business (app/store/backup.py); this module only streams bytes in and out, one frame in memory at
a time, whatever the size.

A frame that fails to open tells two cases apart as well as they can be told: the first frame
failing means a wrong code (or an altered header or first frame: without a check value in the
header the two look alike), a later one means damage. A reader refuses Argon2id limits beyond
MAX_OPSLIMIT / MAX_MEMLIMIT before deriving anything, so a crafted file cannot make a restore eat
the machine's memory.

The backup code is 30 random digits (about 100 bits), shown as 6 groups of 5.
"""

from __future__ import annotations

import secrets
import struct
from dataclasses import dataclass
from typing import BinaryIO

from nacl import bindings as sodium
from nacl import pwhash
from nacl.exceptions import CryptoError

from app.crypto.errors import (
    BackupDamaged,
    BackupFromNewerVersion,
    BackupTruncated,
    InvalidBackupCode,
    NotABackup,
    WrongBackupCode,
)

MAGIC = b"BISIKBAK"
FORMAT_VERSION = 1
HEADER = struct.Struct(">8sHIQ16s24s")  # magic, version, opslimit, memlimit, salt, stream header
_PREFIX = struct.Struct(">8sH")  # magic and version: read first, a newer header may differ after
FRAME_LENGTH = struct.Struct(">I")
KEY_BYTES = 32
SALT_BYTES = pwhash.argon2id.SALTBYTES
CHUNK_BYTES = 64 * 1024  # plaintext per frame
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
MAX_FRAME_BYTES = CHUNK_BYTES + _ABYTES
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL

# What a header may ask of a reader; beyond it the file is damaged or hostile, not stronger.
MAX_OPSLIMIT = 20
MAX_MEMLIMIT = 1024**3

CODE_DIGITS = 30
CODE_GROUP = 5
_DIGITS = frozenset("0123456789")
_SEPARATORS = frozenset(" -\t\r\n")


@dataclass(frozen=True)
class BackupLimits:
    """Argon2id limits for a backup's key; written into the header, so a reader needs none."""

    opslimit: int
    memlimit: int

    @classmethod
    def moderate(cls) -> BackupLimits:
        """The product default: libsodium's MODERATE (3 passes, 256 MiB), as the profile's key."""
        return cls(pwhash.argon2id.OPSLIMIT_MODERATE, pwhash.argon2id.MEMLIMIT_MODERATE)

    @classmethod
    def cheap(cls) -> BackupLimits:
        """libsodium's minimum (1 pass, 8 KiB): for tests and the benchmark only, never the
        product."""
        return cls(pwhash.argon2id.OPSLIMIT_MIN, pwhash.argon2id.MEMLIMIT_MIN)

    def check(self) -> None:
        """BackupDamaged unless the limits are within what libsodium accepts and we allow."""
        if not pwhash.argon2id.OPSLIMIT_MIN <= self.opslimit <= MAX_OPSLIMIT:
            raise BackupDamaged(f"the backup asks for an absurd Argon2id opslimit {self.opslimit}")
        if not pwhash.argon2id.MEMLIMIT_MIN <= self.memlimit <= MAX_MEMLIMIT:
            raise BackupDamaged(f"the backup asks for an absurd Argon2id memlimit {self.memlimit}")


# Read at each call, so that a test (or the benchmark) may set cheaper limits for a whole run;
# a `limits=` argument wins over it.
DEFAULT_LIMITS = BackupLimits.moderate()


# --- the code ------------------------------------------------------------------------------------


def new_code() -> str:
    """30 uniformly random digits, formatted as 6 groups of 5."""
    return format_code(f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}")


def format_code(code: str) -> str:
    """`12345 67890 ...`: the code as it is shown and written down."""
    digits = parse_code(code)
    return " ".join(digits[i : i + CODE_GROUP] for i in range(0, CODE_DIGITS, CODE_GROUP))


def parse_code(text: str) -> str:
    """The code's 30 digits, from the user's typing: spaces and dashes anywhere between them are
    dropped; InvalidBackupCode for anything else, or for another number of digits."""
    strange = {ch for ch in text if ch not in _DIGITS and ch not in _SEPARATORS}
    if strange:
        raise InvalidBackupCode(
            "a backup code has only digits, grouped by spaces or dashes"
            f" (found {''.join(sorted(strange))!r})"
        )
    digits = "".join(ch for ch in text if ch in _DIGITS)
    if len(digits) != CODE_DIGITS:
        raise InvalidBackupCode(f"a backup code has {CODE_DIGITS} digits; this has {len(digits)}")
    return digits


def derive_key(code: str, salt: bytes, limits: BackupLimits) -> bytes:
    """Argon2id(the code's digits as ASCII, salt): the secretstream key. Slow on purpose."""
    limits.check()
    return bytes(
        pwhash.argon2id.kdf(
            KEY_BYTES,
            parse_code(code).encode("ascii"),
            salt,
            opslimit=limits.opslimit,
            memlimit=limits.memlimit,
        )
    )


# --- the header ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupHeader:
    version: int
    limits: BackupLimits
    salt: bytes
    stream_header: bytes

    def pack(self) -> bytes:
        return HEADER.pack(
            MAGIC,
            self.version,
            self.limits.opslimit,
            self.limits.memlimit,
            self.salt,
            self.stream_header,
        )


def read_header(src: BinaryIO) -> tuple[BackupHeader, bytes]:
    """The header at the start of `src` and its bytes. NotABackup for anything that does not
    start with the magic, BackupFromNewerVersion for a newer format, BackupTruncated when the file
    ends inside it, BackupDamaged for absurd limits. Derives nothing."""
    prefix = src.read(_PREFIX.size)
    if not prefix:
        raise NotABackup("the file is empty, not a Bisik backup")
    if not MAGIC.startswith(prefix[: len(MAGIC)]):
        raise NotABackup("the file is not a Bisik backup")
    if len(prefix) < _PREFIX.size:
        raise BackupTruncated("the backup is cut short inside its header")
    _, version = _PREFIX.unpack(prefix)
    if version > FORMAT_VERSION:
        raise BackupFromNewerVersion(
            f"the backup was made by a newer Bisik (format {version}; this one reads"
            f" {FORMAT_VERSION}): update Bisik to restore it"
        )
    if version < 1:
        raise BackupDamaged(f"the backup's format version {version} does not exist")
    rest = src.read(HEADER.size - _PREFIX.size)
    if len(rest) < HEADER.size - _PREFIX.size:
        raise BackupTruncated("the backup is cut short inside its header")
    raw = prefix + rest
    _, _, opslimit, memlimit, salt, stream_header = HEADER.unpack(raw)
    header = BackupHeader(version, BackupLimits(opslimit, memlimit), salt, stream_header)
    header.limits.check()
    return header, raw


# --- writing and reading ------------------------------------------------------------------------


class BackupWriter:
    """Encrypts what is written to it into `dst`, one frame of up to 64 KiB at a time.

    `close()` seals the last frame (TAG_FINAL); a writer dropped without it leaves a file every
    reader refuses as truncated. The caller owns `dst` (and removes it on failure).
    """

    def __init__(self, dst: BinaryIO, code: str, *, limits: BackupLimits | None = None) -> None:
        limits = DEFAULT_LIMITS if limits is None else limits
        salt = secrets.token_bytes(SALT_BYTES)
        key = derive_key(code, salt, limits)
        self._state = sodium.crypto_secretstream_xchacha20poly1305_state()
        stream_header = sodium.crypto_secretstream_xchacha20poly1305_init_push(self._state, key)
        self._header: bytes | None = BackupHeader(
            FORMAT_VERSION, limits, salt, stream_header
        ).pack()
        self._dst = dst
        self._buffer = bytearray()
        self._closed = False
        dst.write(self._header)
        self.size = len(self._header)  # bytes written to `dst` so far

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._closed:
            raise ValueError("the backup writer is closed")
        self._buffer += data
        # Keep a remainder back: the final frame is sealed by close(), never empty unless the
        # whole backup is.
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), _TAG_MESSAGE)
            del self._buffer[:CHUNK_BYTES]

    def close(self) -> int:
        """Seal the rest as the FINAL frame; returns the file's size in bytes. Idempotent."""
        if not self._closed:
            self._seal(bytes(self._buffer), _TAG_FINAL)
            self._buffer = bytearray()
            self._closed = True
        return self.size

    def _seal(self, chunk: bytes, tag: int) -> None:
        sealed = sodium.crypto_secretstream_xchacha20poly1305_push(
            self._state, chunk, self._header, tag
        )
        self._header = None  # the associated data of the first frame only
        self._dst.write(FRAME_LENGTH.pack(len(sealed)) + sealed)
        self.size += FRAME_LENGTH.size + len(sealed)


class BackupReader:
    """Decrypts a backup from `src`, one frame in memory at a time; `read(n)` as a file's.

    Opening reads the header, derives the key and opens the first frame, so a wrong code
    (WrongBackupCode) or a foreign file is known before anything else happens. Later frames that
    fail are BackupDamaged, a file that ends early BackupTruncated, bytes after the FINAL frame
    BackupDamaged. `read` returns b"" only once the FINAL frame was read and checked.
    """

    def __init__(self, src: BinaryIO, code: str) -> None:
        self.header, self._header_bytes = read_header(src)
        key = derive_key(code, self.header.salt, self.header.limits)
        self._src = src
        self._state = sodium.crypto_secretstream_xchacha20poly1305_state()
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(
            self._state, self.header.stream_header, key
        )
        self._chunk = b""
        self._offset = 0
        self._first = True
        self._final = False
        self._next_frame()

    @property
    def at_end(self) -> bool:
        """Whether every byte was read and the FINAL frame (with nothing after it) was checked."""
        return self._final and self._offset == len(self._chunk)

    def read(self, size: int) -> bytes:
        """Up to `size` bytes; fewer only at the end of the plaintext."""
        parts: list[bytes] = []
        while size > 0:
            if self._offset == len(self._chunk):
                if self._final:
                    break
                self._next_frame()
                continue
            part = self._chunk[self._offset : self._offset + size]
            self._offset += len(part)
            size -= len(part)
            parts.append(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _next_frame(self) -> None:
        raw_length = self._src.read(FRAME_LENGTH.size)
        if len(raw_length) < FRAME_LENGTH.size:
            raise BackupTruncated("the backup is cut short: its last frame is missing")
        (length,) = FRAME_LENGTH.unpack(raw_length)
        if not _ABYTES <= length <= MAX_FRAME_BYTES:
            raise BackupDamaged(f"the backup is damaged: a frame of {length} bytes")
        sealed = self._src.read(length)
        if len(sealed) < length:
            raise BackupTruncated("the backup is cut short inside a frame")
        ad = self._header_bytes if self._first else None
        try:
            chunk, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(self._state, sealed, ad)
        except (CryptoError, ValueError, RuntimeError) as exc:
            if self._first:
                raise WrongBackupCode(
                    "wrong backup code (or the backup's first bytes were altered)"
                ) from exc
            raise BackupDamaged("the backup is damaged: a frame was altered") from exc
        self._first = False
        if tag == _TAG_FINAL:
            if self._src.read(1):
                raise BackupDamaged("the backup is damaged: bytes follow its last frame")
            self._final = True
        elif tag != _TAG_MESSAGE:
            raise BackupDamaged(f"the backup is damaged: a frame with tag {tag}")
        self._chunk, self._offset = chunk, 0
