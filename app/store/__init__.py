"""The encrypted local store: one SQLCipher database per profile, keyed by the passphrase.

Start at `Store` (app/store/store.py, composed of one mixin per concern); docs/store.md explains
the design.
"""

from app.store.errors import (
    CorruptProfile,
    KeyringUnavailable,
    NotAProfile,
    NotFound,
    ProfileExists,
    ProfileFromNewerVersion,
    ProfileInUse,
    StoreBusy,
    StoreConflict,
    StoreDamaged,
    StoreDatabaseError,
    StoreError,
    StoreLocked,
    WrongPassphrase,
)
from app.store.profile import KdfParams
from app.store.records import (
    Attachment,
    Contact,
    Conversation,
    Direction,
    Message,
    MessageStatus,
    OutboxEntry,
    SearchHit,
)
from app.store.store import Store

__all__ = [
    "Attachment",
    "Contact",
    "Conversation",
    "CorruptProfile",
    "Direction",
    "KdfParams",
    "KeyringUnavailable",
    "Message",
    "MessageStatus",
    "NotAProfile",
    "NotFound",
    "OutboxEntry",
    "ProfileExists",
    "ProfileFromNewerVersion",
    "ProfileInUse",
    "SearchHit",
    "Store",
    "StoreBusy",
    "StoreConflict",
    "StoreDamaged",
    "StoreDatabaseError",
    "StoreError",
    "StoreLocked",
    "WrongPassphrase",
]
