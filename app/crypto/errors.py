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
