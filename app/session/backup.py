"""The encrypted backup file format (app/crypto/backup.py), under the session layer's roof so
that the service, which may not import the crypto core, can use it (as errors.py does for the
protocol's errors)."""

from app.crypto.backup import (
    BackupLimits,
    BackupReader,
    BackupWriter,
    format_code,
    new_code,
    parse_code,
)
from app.crypto.errors import (
    BackupDamaged,
    BackupError,
    BackupFromNewerVersion,
    BackupTruncated,
    InvalidBackupCode,
    NotABackup,
    WrongBackupCode,
)

__all__ = [
    "BackupDamaged",
    "BackupError",
    "BackupFromNewerVersion",
    "BackupLimits",
    "BackupReader",
    "BackupTruncated",
    "BackupWriter",
    "InvalidBackupCode",
    "NotABackup",
    "WrongBackupCode",
    "format_code",
    "new_code",
    "parse_code",
]
