"""Typed errors for opening and using a profile. None of them is raised after a partial write.

Opening raises the profile errors (WrongPassphrase, CorruptProfile, ...). Once a store is open, a
failure SQLite reports comes out as a `StoreDatabaseError` (made by `typed_error`, the original
chained); each is also an instance of the sqlcipher3 class it replaces, so code written against
the raw error still catches it.
"""

from __future__ import annotations

import sqlcipher3


class StoreError(Exception):
    """Base class for everything the store raises on purpose."""


class WrongPassphrase(StoreError):
    """The passphrase does not derive this profile's key."""


class NotAProfile(StoreError):
    """The folder holds no Bisik profile (missing or foreign profile.json or database)."""


class CorruptProfile(StoreError):
    """The profile is a Bisik profile, but its files are damaged or truncated."""


class ProfileFromNewerVersion(StoreError):
    """The profile was written by a newer Bisik whose format this version cannot read."""


class ProfileInUse(StoreError):
    """Another process (or another open store in this one) holds the profile's lock file."""


class ProfileExists(StoreError):
    """`create` was pointed at a folder that already holds a profile."""


class StoreLocked(StoreError):
    """The store was locked: its key and connections are gone; open the profile again."""


class KeyringUnavailable(StoreError):
    """'Remember on this device' needs an OS keyring, and none answered."""


class NotFound(StoreError, LookupError):
    """A row the caller named (contact, conversation, message, attachment) does not exist."""


# Once a store is open, no sqlcipher3 error leaves it: each becomes one of these, the original
# chained as __cause__ (see typed_error and app/store/base.py).
class StoreDatabaseError(StoreError):
    """SQLite failed a call on an open store for a reason none of the subclasses names."""


class StoreBusy(StoreDatabaseError):
    """Another connection held the database's write lock for longer than the busy timeout."""


class StoreConflict(StoreDatabaseError):
    """A write broke a constraint of the schema (a UNIQUE key taken, a CHECK, a foreign key)."""


class StoreDamaged(StoreDatabaseError):
    """A page of the open database failed SQLCipher's check or SQLite's structure check."""


_BY_PRIMARY_CODE: dict[int, type[StoreDatabaseError]] = {
    sqlcipher3.SQLITE_BUSY: StoreBusy,
    sqlcipher3.SQLITE_LOCKED: StoreBusy,
    sqlcipher3.SQLITE_CONSTRAINT: StoreConflict,
    sqlcipher3.SQLITE_CORRUPT: StoreDamaged,
    sqlcipher3.SQLITE_NOTADB: StoreDamaged,
}


def typed_error(exc: sqlcipher3.Error) -> StoreDatabaseError:
    """The typed error for a sqlcipher3 one (the caller raises it `from exc`)."""
    code: int = getattr(exc, "sqlite_errorcode", 0)  # none when the driver itself complained
    return _BY_PRIMARY_CODE.get(code & 0xFF, StoreDatabaseError)(str(exc))  # low byte: primary


# --- the rows inside an encrypted backup (app/store/backup.py) ------------------------------------


class BackupRowsError(StoreError):
    """The rows inside a backup do not decode, are cut short or too large, or do not fit this
    profile (an unknown table, a row that breaks a constraint). Nothing of them is stored."""


class BackupColumnUnknown(BackupRowsError):
    """The backup has a column this version's schema does not know."""


class BackupFromNewerSchema(StoreError):
    """The backup's rows come from a newer schema than this Bisik knows. Nothing is stored."""
