"""The service's errors: one hierarchy, each with a message fit to show a user as is."""

from __future__ import annotations


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
    """The relay cannot be reached now; queued work is kept and retried."""


class EnvelopeRefused(ServiceError):
    """An envelope not let in before decryption: from a blocked key, or a stranger beyond the
    message-request caps. Nothing of it is stored; it is counted and acked."""


class InvalidKeyChange(ServiceError):
    """A key-change statement that is not signed by the contact's known identity key, comes from
    a stranger, or names a key that cannot be moved to. Nothing changes."""
