"""The session layer's errors: the crypto core's hierarchy under the session's names, plus its own.

`SessionError` is the crypto core's `ProtocolError`, so one `except SessionError` catches every
refusal from either layer.
"""

from app.crypto.errors import (
    ContentTooLarge,
    CorruptState,
    DuplicateMessage,
    InvalidMessage,
    InvalidSignature,
    TooManySkipped,
)
from app.crypto.errors import ProtocolError as SessionError

__all__ = [
    "ContentTooLarge",
    "CorruptState",
    "DuplicateMessage",
    "InvalidMessage",
    "InvalidSignature",
    "NoSession",
    "SessionError",
    "TooManySkipped",
    "UntrustedIdentity",
]


class NoSession(SessionError):
    """There is no session with this peer (or none for the identity key the message came from)."""


class UntrustedIdentity(SessionError):
    """The peer's identity key changed and the user has not accepted it: sending is refused."""
