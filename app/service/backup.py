"""Encrypted backups of a whole profile, and restoring one into a new folder (docs/backup.md).

A backup is the store's rows (app/store/backup.py) encrypted under a key from the backup code
(app/crypto/backup.py, reached through app/session/backup.py). The code is made on the first
backup, shown once, and kept in the profile's (encrypted) settings, so later backups use it
without showing it again; `new_code` makes and shows a new one.

Writing goes to `FILE.partial` (created exclusively, mode 0600), which becomes FILE by a rename
once it is whole, and is deleted on any failure. Restoring builds the new profile in a temporary
sibling folder, whole, before anything else is touched; only then does it take the target's
place: an absent or empty target is simply replaced, an existing profile only with `replace`, and
then it is renamed aside (`DIR.before-restore-<time>`), never deleted.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from app.service.api import BackupResult
from app.service.errors import BadBackup, ProfileExists, ServiceError
from app.service.parts import MessengerParts
from app.session import backup as fmt
from app.store import Store
from app.store.backup import BackupContents
from app.store.profile import DATABASE_FILE, PROFILE_FILE, FolderLock, KdfParams

CODE_SETTING = "backup_code"  # the backup code, formatted; in the encrypted settings only
PARTIAL_SUFFIX = ".partial"
RESTORING_INFIX = ".restoring-"
ASIDE_INFIX = ".before-restore-"

Progress = Callable[[int, int], None]  # (rows done, rows in all)


class BackupPart(MessengerParts):
    """`Messenger.create_backup`."""

    def create_backup(
        self,
        path: Path,
        *,
        include_attachments: bool = True,
        new_code: bool = False,
        progress: Progress | None = None,
    ) -> BackupResult:
        stored = self._store.setting(CODE_SETTING)
        fresh = new_code or not stored
        code = fmt.new_code() if fresh else stored
        contents, size = write_backup(
            self._store, path, code, include_attachments=include_attachments, progress=progress
        )
        if fresh:  # only now: a code is never kept that was not shown with a finished backup
            self._store.set_setting(CODE_SETTING, code)
        return BackupResult(
            code=code if fresh else None,
            messages=contents.counts.get("messages", 0),
            attachments=contents.counts.get("attachments", 0) if include_attachments else 0,
            size=size,
        )


def write_backup(
    store: Store,
    path: Path,
    code: str,
    *,
    include_attachments: bool = True,
    progress: Progress | None = None,
    limits: fmt.BackupLimits | None = None,
) -> tuple[BackupContents, int]:
    """Write the store's backup to `path` under `code`; returns what it holds and its size.

    FileExistsError if `path` (or its `.partial`, a backup under way or left by a crash) exists;
    OSError for the disk. On any failure nothing is left at either name.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(17, "the backup file exists already", str(path))
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(partial, flags, 0o600)  # before the try: a partial we did not make is not ours
    try:
        with os.fdopen(fd, "wb") as dst:
            writer = fmt.BackupWriter(dst, code, limits=limits)
            contents = store.export_backup(
                writer.write, include_attachments=include_attachments, progress=progress
            )
            size = writer.close()
            dst.flush()
            os.fsync(dst.fileno())
        if path.exists():
            raise FileExistsError(17, "the backup file appeared meanwhile", str(path))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return contents, size


def restore_folder(
    backup: Path,
    code: str,
    folder: Path,
    passphrase: str,
    *,
    replace: bool = False,
    kdf: KdfParams | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """Restore `backup` as the profile in `folder` (locked again afterwards); returns where an
    existing profile was put aside (with `replace`), else None.

    Checked before anything is written: the code's form (InvalidBackupCode), the target
    (ProfileExists for a profile without `replace`, ServiceError for a folder holding something
    else, ProfileInUse for an open one), the file (OSError), its header and the code
    (BadBackup, BackupFromNewerVersion, WrongBackupCode). Then the profile is built in a
    temporary sibling folder; a failure there (BadBackup, BackupFromNewerVersion for newer rows)
    removes it, and nothing else was touched.
    """
    digits = fmt.parse_code(code)
    if not passphrase:
        raise ServiceError("the passphrase is empty")
    folder = Path(folder)
    _check_target(folder, replace)
    with open(backup, "rb") as src:
        reader = fmt.BackupReader(src, digits)  # the code is checked here, before any folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        temp = folder.with_name(f"{folder.name}{RESTORING_INFIX}{secrets.token_hex(4)}")
        try:
            store = Store.create(temp, passphrase, kdf=kdf)
            try:
                store.import_backup(reader.read, progress=progress)
                if not reader.at_end:
                    raise BadBackup("the backup has data after its rows")
                if not store.has_own_identity():
                    raise BadBackup("the backup holds no identity")
                # the code that opened it: later backups of the restored profile use it
                store.set_setting(CODE_SETTING, fmt.format_code(digits))
            finally:
                store.lock()
            return _put_in_place(temp, folder, replace)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise


def _holds_profile(folder: Path) -> bool:
    return (folder / PROFILE_FILE).exists() or (folder / DATABASE_FILE).exists()


def _check_target(folder: Path, replace: bool) -> None:
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ServiceError(f"{folder} is a file, not a profile folder")
    if not any(folder.iterdir()):
        return
    if not _holds_profile(folder):
        raise ServiceError(f"{folder} is not empty and holds no profile: choose a new folder")
    if not replace:
        raise ProfileExists(
            f"{folder} already holds a profile; restoring with replace keeps it aside"
        )
    _check_not_in_use(folder)


def _check_not_in_use(folder: Path) -> None:
    lock = FolderLock(folder)
    lock.acquire()  # ProfileInUse
    lock.release()


def _put_in_place(temp: Path, folder: Path, replace: bool) -> Path | None:
    _check_target(folder, replace)  # again: the import took a while
    if not folder.exists():
        os.rename(temp, folder)
        return None
    if not any(folder.iterdir()):
        folder.rmdir()
        os.rename(temp, folder)
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = folder.with_name(f"{folder.name}{ASIDE_INFIX}{stamp}")
    for n in range(2, 100):
        if not aside.exists():
            break
        aside = folder.with_name(f"{folder.name}{ASIDE_INFIX}{stamp}-{n}")
    os.rename(folder, aside)
    try:
        os.rename(temp, folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rename(aside, folder)
        raise
    return aside
