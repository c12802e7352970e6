"""The protocol's failures, one hierarchy.

`app.session.errors` re-exports these under the session's names and adds the session-only ones, so
callers catch one base class (`SessionError` there, `ProtocolError` here) for anything the protocol
refuses.
"""


class ProtocolError(Exception):
    """Base of every failure the crypto and session layers report."""


class InvalidMessage(ProtocolError):
    """Tampered, truncated, garbage, or encrypted under a key we do not hold."""


class TooManySkipped(InvalidMessage):
    """The message would need more skipped message keys than one jump may create."""


class DuplicateMessage(ProtocolError):
    """A replay of a message whose key was already used (or deliberately forgotten)."""


class InvalidSignature(ProtocolError):
    """A signed prekey whose signature does not verify under the claimed identity key."""


class ContentTooLarge(ProtocolError):
    """The content does not fit the largest envelope; send it as an encrypted attachment instead."""


class CorruptState(ProtocolError):
    """Stored key material or session state that does not decode: a damaged or foreign record."""


# --- encrypted backups (app/crypto/backup.py) ---------------------------------------------------
# A file on the user's disk, not a message: its own hierarchy, apart from ProtocolError, so that a
# damaged backup is never taken for a refused message (or the other way round).


class BackupError(Exception):
    """Base of every failure reading or writing an encrypted backup file."""


class InvalidBackupCode(BackupError, ValueError):
    """A backup code that is not 30 digits (spaces and dashes between them are allowed)."""


class WrongBackupCode(BackupError):
    """The code does not open the backup (or the file's header was altered: the two look alike)."""


class BackupDamaged(BackupError):
    """The file is not a whole, unaltered Bisik backup: garbage, altered or cut short."""


class NotABackup(BackupDamaged):
    """The file does not start like a Bisik backup (empty, or another kind of file)."""


class BackupTruncated(BackupDamaged):
    """The file ends before the backup's last frame: it was cut short."""


class BackupFromNewerVersion(BackupError):
    """The backup was made by a newer Bisik, in a format this version cannot read."""
