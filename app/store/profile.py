"""The plain half of a profile folder: profile.json, the Argon2id key derivation and the lock file.

profile.json holds nothing secret: the format version, a random profile id (the keyring entry's
name), the Argon2id salt and limits, and a key check value (HMAC of a constant under the derived
key) that tells a wrong passphrase from a damaged database without touching the database. The key
check lets an attacker test guesses no faster than the database's first page already does: every
guess still costs one Argon2id run.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from nacl import pwhash
from nacl._sodium import ffi, lib

from app.crypto.secret import wipe_in_place
from app.store.errors import (
    CorruptProfile,
    NotAProfile,
    ProfileFromNewerVersion,
    ProfileInUse,
)

PROFILE_FILE = "profile.json"
DATABASE_FILE = "bisik.db"
LOCK_FILE = "lock"

FORMAT_MARKER = "bisik-profile"
FORMAT_VERSION = 1
MAX_PROFILE_JSON_BYTES = 16 * 1024
KEY_BYTES = 32
KDF_NAME = "argon2id13"
_KEY_CHECK_LABEL = b"bisik profile key check v1"

# Bounds a profile.json may ask for; beyond them it is damaged or hostile, not a stronger setting.
_MAX_OPSLIMIT = 64
_MAX_MEMLIMIT = 4 * 1024**3


@dataclass(frozen=True)
class KdfParams:
    """Argon2id limits; stored per profile so that a later version can raise them."""

    opslimit: int
    memlimit: int

    @classmethod
    def moderate(cls) -> KdfParams:
        """The product default (libsodium's MODERATE: 256 MiB, 3 passes)."""
        return cls(pwhash.argon2id.OPSLIMIT_MODERATE, pwhash.argon2id.MEMLIMIT_MODERATE)

    @classmethod
    def interactive(cls) -> KdfParams:
        """Cheaper limits for tests only; never chosen by the product."""
        return cls(pwhash.argon2id.OPSLIMIT_INTERACTIVE, pwhash.argon2id.MEMLIMIT_INTERACTIVE)


@dataclass(frozen=True)
class KeySlot:
    """How one passphrase becomes the key: salt, Argon2id limits, and the key's check value."""

    salt: bytes
    kdf: KdfParams
    key_check: bytes

    @classmethod
    def create(cls, passphrase: str, kdf: KdfParams) -> tuple[KeySlot, bytearray]:
        """A slot with a fresh salt for `passphrase`, and the key it derives."""
        salt = secrets.token_bytes(pwhash.argon2id.SALTBYTES)
        key = _argon2id(passphrase, salt, kdf)
        return cls(salt, kdf, key_check_value(key)), key

    def derive_key(self, passphrase: str) -> bytearray:
        """Argon2id(passphrase, salt): the database's raw key. Slow on purpose."""
        return _argon2id(passphrase, self.salt, self.kdf)

    def accepts(self, key: bytes | bytearray) -> bool:
        return hmac.compare_digest(self.key_check, key_check_value(key))

    def to_dict(self) -> dict[str, object]:
        return {
            "name": KDF_NAME,
            "salt": self.salt.hex(),
            "opslimit": self.kdf.opslimit,
            "memlimit": self.kdf.memlimit,
            "key_check": self.key_check.hex(),
        }

    @classmethod
    def from_dict(cls, doc: object) -> KeySlot:
        if not isinstance(doc, dict) or doc.get("name") != KDF_NAME:
            raise CorruptProfile("unknown key derivation")
        return cls(
            salt=_hex_field(doc, "salt", pwhash.argon2id.SALTBYTES),
            kdf=KdfParams(
                _int_field(doc, "opslimit", pwhash.argon2id.OPSLIMIT_MIN, _MAX_OPSLIMIT),
                _int_field(doc, "memlimit", pwhash.argon2id.MEMLIMIT_MIN, _MAX_MEMLIMIT),
            ),
            key_check=_hex_field(doc, "key_check", 32),
        )


@dataclass(frozen=True)
class ProfileFile:
    """The parsed profile.json.

    `pending` is set only while a passphrase change runs: the new slot is written before the
    database is rekeyed and promoted after, so a crash at any point leaves a file that names the
    slot of whichever key the database really has.
    """

    profile_id: str
    key: KeySlot
    pending: KeySlot | None = None

    def slots(self) -> list[KeySlot]:
        return [self.key] if self.pending is None else [self.key, self.pending]

    def to_json(self) -> bytes:
        doc: dict[str, object] = {
            "format": FORMAT_MARKER,
            "version": FORMAT_VERSION,
            "profile_id": self.profile_id,
            "key": self.key.to_dict(),
        }
        if self.pending is not None:
            doc["pending_key"] = self.pending.to_dict()
        return json.dumps(doc, indent=2).encode("ascii") + b"\n"

    @classmethod
    def parse(cls, data: bytes) -> ProfileFile:
        """Parse profile.json bytes; NotAProfile, ProfileFromNewerVersion or CorruptProfile."""
        if len(data) > MAX_PROFILE_JSON_BYTES:
            raise NotAProfile(f"{PROFILE_FILE} is larger than {MAX_PROFILE_JSON_BYTES} bytes")
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise NotAProfile(f"{PROFILE_FILE} is not JSON") from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT_MARKER:
            raise NotAProfile(f"{PROFILE_FILE} is not a Bisik profile")
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise CorruptProfile("profile version is missing or invalid")
        if version > FORMAT_VERSION:
            raise ProfileFromNewerVersion(f"profile format {version} > {FORMAT_VERSION}")
        pending = doc.get("pending_key")
        return cls(
            profile_id=_hex_field(doc, "profile_id", 16).hex(),
            key=KeySlot.from_dict(doc.get("key")),
            pending=None if pending is None else KeySlot.from_dict(pending),
        )


def _argon2id(passphrase: str, salt: bytes, kdf: KdfParams) -> bytearray:
    """libsodium's Argon2id writing straight into a bytearray: PyNaCl's `kdf` would leave the key
    in bytes and in a freed buffer of its own. The encoded passphrase is wiped too."""
    key = bytearray(KEY_BYTES)
    password = passphrase.encode("utf-8")
    try:
        failed = lib.crypto_pwhash(
            ffi.from_buffer(key),
            KEY_BYTES,
            password,
            len(password),
            salt,
            kdf.opslimit,
            kdf.memlimit,
            pwhash.argon2id.ALG,
        )
    finally:
        wipe_in_place(password)
    if failed:
        raise RuntimeError("Argon2id failed (out of memory?)")
    return key


def key_check_value(key: bytes | bytearray) -> bytes:
    return hmac.new(key, _KEY_CHECK_LABEL, hashlib.sha256).digest()


def _hex_field(doc: dict[Any, Any], name: str, size: int) -> bytes:
    value = doc.get(name)
    if not isinstance(value, str) or len(value) != 2 * size:
        raise CorruptProfile(f"{name} is missing or has the wrong length")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise CorruptProfile(f"{name} is not hex") from exc


def _int_field(doc: dict[Any, Any], name: str, low: int, high: int) -> int:
    value = doc.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise CorruptProfile(f"{name} is missing or out of range")
    return value


def read_profile_file(folder: Path) -> ProfileFile:
    """Read and parse folder/profile.json, reading at most one byte past the size limit."""
    try:
        with (folder / PROFILE_FILE).open("rb") as f:
            data = f.read(MAX_PROFILE_JSON_BYTES + 1)
    except FileNotFoundError as exc:
        raise NotAProfile(f"no {PROFILE_FILE} in {folder}") from exc
    except IsADirectoryError as exc:
        raise NotAProfile(f"{PROFILE_FILE} is a directory") from exc
    return ProfileFile.parse(data)


def write_profile_file(folder: Path, profile: ProfileFile) -> None:
    """Replace profile.json atomically (write a sibling, fsync, rename, fsync the folder)."""
    target = folder / PROFILE_FILE
    tmp = folder / (PROFILE_FILE + ".tmp")
    with tmp.open("wb") as f:
        f.write(profile.to_json())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    if sys.platform != "win32":  # make the rename itself durable; Windows cannot open folders
        folder_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_fd)
        finally:
            os.close(folder_fd)


class FolderLock:
    """An exclusive, advisory lock on folder/lock, held while a store is open.

    The lock file is created empty with the profile and never written, so a failed open leaves it
    byte-identical. The OS drops the lock when the holder dies, so a crash never leaves it stuck.
    """

    def __init__(self, folder: Path) -> None:
        self._path = folder / LOCK_FILE
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        f = self._path.open("ab")
        try:
            _lock_exclusive(f)
        except OSError as exc:
            f.close()
            raise ProfileInUse(f"{self._path.parent} is open in another process") from exc
        self._file = f

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the descriptor releases the lock
            self._file = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock_exclusive(f: IO[bytes]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock_exclusive(f: IO[bytes]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
