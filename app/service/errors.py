"""The service's errors: one hierarchy, each with a message fit to show a user as is.

Nothing else leaves the facade (`Messenger`'s public methods and app/service/account.py): the
relay client's, the session layer's and the store's errors are translated at that boundary, in
one place, by `translate` (applied with `@service_errors` and `@service_facade`). Inside the
service the foreign errors stay as they are, so the pipelines can tell them apart.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec, TypeVar


class ServiceError(Exception):
    """Base of every error the service raises on purpose; `str(error)` is one readable line."""


class InvalidInvite(ServiceError):
    """An invite link that is malformed, from an unknown scheme, or whose signature fails."""


class InvalidContent(ServiceError):
    """Decrypted bytes that are not a well-formed content record."""


class ContactNotFound(ServiceError):
    """No contact matches the given id, id prefix or display name."""


class AmbiguousContact(ServiceError):
    """More than one contact matches the given id prefix or display name."""


class IdentityNotAccepted(ServiceError):
    """The contact's identity key changed; sending is refused until the user accepts the new key."""


class ContactBlocked(ServiceError):
    """The contact is blocked; nothing is sent to it."""


class AttachmentTooLarge(ServiceError):
    """A file above the attachment limit."""


class AttachmentError(ServiceError):
    """An attachment that cannot be sent or fetched: missing blob, digest mismatch, bad pointer."""


class RelayDown(ServiceError):
    """The relay cannot be reached now (or asks us to slow down); queued work is kept and
    retried."""


class RelayRefused(ServiceError):
    """The relay answered and refused the request (a 4xx/5xx it explained, or an answer that
    does not parse); trying the same again will not help."""


class InvalidProxy(ServiceError):
    """A proxy setting that is not socks5h://[user:password@]host:port; socks5:// is refused
    because it would resolve the relay's name outside the proxy (a DNS leak)."""


class ProtocolError(ServiceError):
    """The session layer refused: a message or prekey bundle that does not verify or decrypt,
    or session state that cannot be used."""


class EnvelopeRefused(ServiceError):
    """An envelope not let in before decryption: from a blocked key, or a stranger beyond the
    message-request caps. Nothing of it is stored; it is counted and acked."""


class InvalidDeviceList(ServiceError):
    """A contact's (or the own account's) device list that is garbage, signed by another key, or
    older than one already seen (a rollback); nothing was changed."""


class DeviceLinkError(ServiceError):
    """Linking a device failed: a malformed link, a channel answered already, a provisioning
    message that does not open or parse (tampered with, or for another link)."""


class InvalidPreKeyBundle(ServiceError):
    """A contact's prekey bundle that does not verify (a signed or KEM prekey signed by another
    key, fields that do not fit): no session was started, nothing was stored."""


class NoPostQuantumKeys(InvalidPreKeyBundle):
    """A contact's bundle offers no ML-KEM prekey: Bisik starts no new session without PQXDH
    (docs/protocol.md, "PQXDH"), so nobody can downgrade first contact to classical X3DH."""


class DeviceUnlinked(ServiceError):
    """This device is no longer in its account's device list: another device unlinked it."""


class InvalidKeyChange(ServiceError):
    """A key-change statement that is not signed by the contact's known identity key, comes from
    a stranger, or names a key that cannot be moved to. Nothing changes."""


class GroupError(ServiceError):
    """A group change this profile may not make: not a group, not a member or not an admin, a
    name or member count out of bounds, a member who is no contact, or the group changed
    meanwhile."""


class InvalidGroupUpdate(ServiceError):
    """A received membership change that is refused: bad signature, wrong previous hash, a
    skipped revision, an author who may not make it, a sender who is no member, or a state
    outside the limits. Nothing changes."""


class GroupMessageRefused(ServiceError):
    """A group record from a sender who is no member of that group in this profile's current
    state (or of a group this profile is not in). Nothing of it is stored."""


# --- encrypted backups ----------------------------------------------------------------------------


class BackupError(ServiceError):
    """A backup that cannot be read or restored (see the subclasses)."""


class InvalidBackupCode(BackupError):
    """A backup code that is not 30 digits (spaces and dashes between them are fine)."""


class WrongBackupCode(BackupError):
    """The code does not open the backup (or the file's first bytes were altered)."""


class BadBackup(BackupError):
    """The file is not a whole, unaltered Bisik backup: another kind of file, damaged, cut
    short or tampered with."""


class BackupFromNewerVersion(BackupError):
    """The backup was made by a newer Bisik; update to restore it."""


# --- the store's failures, as the service's -----------------------------------------------------


class StorageError(ServiceError):
    """The local store refused or failed (see the subclasses for the ones a caller tells apart)."""


class WrongPassphrase(StorageError):
    """The passphrase does not open this profile."""


class NotAProfile(StorageError):
    """The folder holds no Bisik profile."""


class CorruptProfile(StorageError):
    """The folder holds a Bisik profile whose files are damaged, truncated or incomplete."""


class ProfileFromNewerVersion(StorageError):
    """The profile was written by a newer Bisik whose format this version cannot read."""


class ProfileInUse(StorageError):
    """Another process (or another open messenger in this one) has the profile open."""


class ProfileExists(StorageError):
    """A profile was to be created in a folder that already holds one."""


class ProfileLocked(StorageError):
    """The messenger was locked: open the profile again."""


class KeyringUnavailable(StorageError):
    """'Remember on this device' needs an OS keyring, and none answered."""


class NotFound(StorageError, LookupError):
    """No conversation, message or attachment has the given id (a stale id, say)."""


# --- the boundary -------------------------------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def translate(exc: Exception) -> ServiceError | None:
    """The service's error for a foreign one (the relay client's, the session layer's or the
    store's), with the same message; None for a ServiceError or anything else (left as is)."""
    if isinstance(exc, ServiceError):
        return None
    for theirs, ours in _foreign_errors():
        if isinstance(exc, theirs):
            # an error without a message is still one readable line: its class's docstring's first
            text = str(exc) or (type(exc).__doc__ or type(exc).__name__).strip().splitlines()[0]
            return ours(text)
    return None


@functools.cache
def _foreign_errors() -> tuple[tuple[type[Exception], type[ServiceError]], ...]:
    """(foreign class, ours), the more specific first. Imported on the first error only, so that
    importing this module stays light (content.py and invite.py, the CLI's parser, use it)."""
    from app.net import errors as net
    from app.session import DeviceListError, backup
    from app.session import errors as session
    from app.store import errors as store

    return (
        (backup.InvalidBackupCode, InvalidBackupCode),
        (backup.WrongBackupCode, WrongBackupCode),
        (backup.BackupFromNewerVersion, BackupFromNewerVersion),
        (backup.BackupDamaged, BadBackup),
        (store.BackupFromNewerSchema, BackupFromNewerVersion),
        (store.BackupRowsError, BadBackup),
        (net.RelayUnavailable, RelayDown),
        (net.RateLimited, RelayDown),  # wait and try again, as for an unreachable relay
        (net.RelayError, RelayRefused),
        (net.BadProxyUrl, InvalidProxy),
        (session.UntrustedIdentity, IdentityNotAccepted),
        (DeviceListError, InvalidDeviceList),
        (session.SessionError, ProtocolError),
        (store.WrongPassphrase, WrongPassphrase),
        (store.NotAProfile, NotAProfile),
        (store.CorruptProfile, CorruptProfile),
        (store.ProfileFromNewerVersion, ProfileFromNewerVersion),
        (store.ProfileInUse, ProfileInUse),
        (store.ProfileExists, ProfileExists),
        (store.StoreLocked, ProfileLocked),
        (store.KeyringUnavailable, KeyringUnavailable),
        (store.NotFound, NotFound),
        (store.StoreError, StorageError),
    )


def service_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn`, raising the service's error (see `translate`) where it raised a foreign one."""

    @functools.wraps(fn)
    def translating(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            ours = translate(exc)
            if ours is None:
                raise
            raise ours from exc

    return translating


def service_facade(cls: type[T]) -> type[T]:
    """Apply `service_errors` to every public method of `cls`, inherited ones included: the one
    place where a facade class says that only ServiceErrors leave it."""
    for name in dir(cls):
        method = inspect.getattr_static(cls, name)
        if not name.startswith("_") and inspect.isfunction(method):
            setattr(cls, name, service_errors(method))
    return cls
