"""The content schema: what travels inside the ratchet, one record per message.

Wire form: one version byte (`SCHEMA_VERSION`) then a compact UTF-8 JSON object. Every record
has `k` (kind), `id` (the sender's message id, 32 hex chars, unique per sender) and `ts` (sent at,
unix milliseconds); the other keys depend on the kind. A record from a newer client, of an unknown
kind or an unknown schema version, decodes to `Unsupported`: shown as such rather than dropped.
Anything else that does not parse raises `InvalidContent`. docs/service.md has the full table.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.service.errors import InvalidContent
from app.service.fields import Reader as _Reader
from app.service.fields import is_hex as is_hex
from app.service.fields import is_relay_url as is_relay_url
from app.service.group_content import GroupUpdate as GroupUpdate
from app.service.group_content import parse_group_id, parse_update, update_fields

SCHEMA_VERSION = 1
MAX_CONTENT_BYTES = 65536
MAX_BODY_CHARS = 16000
MAX_NAME_CHARS = 256
MAX_RECEIPT_IDS = 500
MAX_PARTS = 1000
MAX_TIMER_SECONDS = 366 * 86400
MAX_ATTACHMENT_SIZE = 100_000_000  # 100 MB: its ciphertext fits the relay's largest blob

ReceiptType = Literal["delivered", "read"]


def new_message_id() -> str:
    """A fresh sender-side message id: 128 random bits as hex."""
    return secrets.token_hex(16)


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True)
class Text:
    body: str
    expire_seconds: int = 0


@dataclass(frozen=True)
class Reply:
    body: str
    quoted_id: str  # the quoted message's id (the id inside its content, not a local id)
    expire_seconds: int = 0


@dataclass(frozen=True)
class Receipt:
    receipt_type: ReceiptType
    message_ids: tuple[str, ...]


@dataclass(frozen=True)
class Typing:
    typing: bool


@dataclass(frozen=True)
class Reaction:
    target_id: str
    emoji: str  # "" removes the sender's reaction


@dataclass(frozen=True)
class BlobPart:
    blob_id: str
    length: int  # ciphertext bytes held by this blob (the relay may pad the blob beyond it)
    delete_token: str = ""  # lets the receiver delete the blob once it has it

    def __repr__(self) -> str:
        return f"BlobPart({self.blob_id!r}, {self.length})"


@dataclass(frozen=True)
class AttachmentPointer:
    parts: tuple[BlobPart, ...]
    key: bytes = b""  # 32-byte secretstream key
    digest: str = ""  # SHA-256 hex of the whole ciphertext
    size: int = 0  # plaintext bytes
    name: str = ""
    mime_type: str = "application/octet-stream"
    expire_seconds: int = 0
    relay_url: str = ""  # where the blob is, if not on the receiver's own relay (a group's)

    def __repr__(self) -> str:  # the key is a secret
        return f"AttachmentPointer(name={self.name!r}, size={self.size}, parts={len(self.parts)})"


@dataclass(frozen=True)
class TimerChange:
    seconds: int  # 0 = off


@dataclass(frozen=True)
class Profile:
    display_name: str
    relay_url: str  # where the sender's mailbox lives, so a stranger can be answered
    # the sender's newest device list revision (0: none): a hint to fetch it (docs/devices.md)
    device_list_revision: int = 0


@dataclass(frozen=True)
class KeyChange:
    """The sender's account moves to `identity_key` (mailbox on `relay_url`); `signature` is the
    sender's current (old) key's signature of the move (app/crypto/identity.py)."""

    identity_key: bytes
    relay_url: str
    at_ms: int
    signature: bytes


@dataclass(frozen=True)
class Unsupported:
    kind: str


Body = (
    Text
    | Reply
    | Receipt
    | Typing
    | Reaction
    | AttachmentPointer
    | TimerChange
    | Profile
    | KeyChange
    | GroupUpdate
)
AnyBody = Body | Unsupported


@dataclass(frozen=True)
class Content:
    """One decoded record: its id, send time and body."""

    message_id: str
    sent_at_ms: int
    body: AnyBody
    group_id: str | None = None  # `g`: the group the record belongs to (32 hex chars)


def receipts(receipt_type: ReceiptType, message_ids: Sequence[str]) -> list[Receipt]:
    """Receipts for `message_ids`, split so that none names more than MAX_RECEIPT_IDS."""
    return [
        Receipt(receipt_type, tuple(message_ids[start : start + MAX_RECEIPT_IDS]))
        for start in range(0, len(message_ids), MAX_RECEIPT_IDS)
    ]


def encode(content: Content) -> bytes:
    """The wire bytes of a record; raises InvalidContent for an `Unsupported` body."""
    return encode_fields(record_fields(content))


def encode_fields(fields: dict[str, Any]) -> bytes:
    """The version byte and the compact JSON of a record's fields (also sync records')."""
    data = (
        bytes([SCHEMA_VERSION])
        + json.dumps(fields, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    )
    if len(data) > MAX_CONTENT_BYTES:
        raise InvalidContent("the message is too large: send it as a file")
    return data


def record_fields(content: Content) -> dict[str, Any]:
    """A record as its JSON object (a sync transcript nests one; app/service/sync_content.py)."""
    fields: dict[str, Any] = {"id": content.message_id, "ts": content.sent_at_ms}
    if content.group_id is not None:
        fields["g"] = content.group_id
    fields.update(_body_fields(content.body))
    return fields


def _body_fields(body: AnyBody) -> dict[str, Any]:
    match body:
        case Text(text, expire):
            return {"k": "text", "b": text, "exp": expire}
        case Reply(text, quoted, expire):
            return {"k": "reply", "b": text, "re": quoted, "exp": expire}
        case Receipt(receipt_type, ids):
            return {"k": "receipt", "rt": receipt_type, "ids": list(ids)}
        case Typing(typing):
            return {"k": "typing", "on": typing}
        case Reaction(target, emoji):
            return {"k": "reaction", "re": target, "e": emoji}
        case AttachmentPointer():
            relay = {"relay": body.relay_url} if body.relay_url else {}
            return relay | {
                "k": "attachment",
                "parts": [[p.blob_id, p.length, p.delete_token] for p in body.parts],
                "key": body.key.hex(),
                "digest": body.digest,
                "size": body.size,
                "name": body.name,
                "mime": body.mime_type,
                "exp": body.expire_seconds,
            }
        case TimerChange(seconds):
            return {"k": "timer", "s": seconds}
        case Profile(name, relay, revision):
            listed = {"dl": revision} if revision else {}
            return listed | {"k": "profile", "name": name, "relay": relay}
        case KeyChange(key, relay, at_ms, signature):
            return {
                "k": "keychange",
                "ik": key.hex(),
                "relay": relay,
                "at": at_ms,
                "sig": signature.hex(),
            }
        case GroupUpdate():
            return update_fields(body)
        case Unsupported():
            raise InvalidContent("an unsupported record cannot be sent")


def decode(data: bytes) -> Content:
    """Parse wire bytes; unknown kinds and versions become `Unsupported`, garbage InvalidContent."""
    version, fields = decode_fields(data)
    return record_from_fields(fields, known_version=version == SCHEMA_VERSION)


def decode_fields(data: bytes) -> tuple[int, dict[str, Any]]:
    """The version byte and the JSON object of a record's wire bytes (InvalidContent if not)."""
    if not data or len(data) > MAX_CONTENT_BYTES:
        raise InvalidContent("content is empty or too large")
    try:
        fields = json.loads(data[1:].decode())
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidContent("content is not valid JSON") from exc
    if not isinstance(fields, dict):
        raise InvalidContent("content is not a JSON object")
    return data[0], fields


def record_from_fields(fields: dict[str, Any], *, known_version: bool = True) -> Content:
    """A record from its JSON object (see `decode`)."""
    reader = _Reader(fields)
    message_id = reader.hex_id("id")
    sent_at = reader.integer("ts", 0, 2**53)
    kind = reader.text("k", 32)
    group_id = parse_group_id(reader)
    parse = _PARSERS.get(kind) if known_version else None
    if parse is not None and group_id is not None and kind not in _IN_GROUPS:
        raise InvalidContent(f"a {kind} record has no place in a group")
    body = parse(reader) if parse else Unsupported(kind)
    return Content(message_id, sent_at, body, group_id)


def _is_blob_id(value: object) -> bool:
    return (
        isinstance(value, str)
        and 1 <= len(value) <= 128
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in value)
    )


def _text(r: _Reader) -> Text:
    return Text(r.text("b", MAX_BODY_CHARS), _expire(r))


def _reply(r: _Reader) -> Reply:
    return Reply(r.text("b", MAX_BODY_CHARS), r.hex_id("re"), _expire(r))


def _expire(r: _Reader) -> int:
    return r.integer("exp", 0, MAX_TIMER_SECONDS, default=0)


def _receipt(r: _Reader) -> Receipt:
    receipt_type = r.text("rt", 16)
    if receipt_type not in ("delivered", "read"):
        raise InvalidContent("unknown receipt type")
    ids = tuple(r.hex_id("ids", item) for item in r.items("ids", MAX_RECEIPT_IDS))
    return Receipt("read" if receipt_type == "read" else "delivered", ids)


def _typing(r: _Reader) -> Typing:
    return Typing(r.boolean("on"))


def _reaction(r: _Reader) -> Reaction:
    return Reaction(r.hex_id("re"), r.text("e", 32))


def _attachment(r: _Reader) -> AttachmentPointer:
    parts = []
    for item in r.items("parts", MAX_PARTS):
        if not (
            isinstance(item, list)
            and len(item) == 3
            and _is_blob_id(item[0])
            and (item[2] == "" or _is_blob_id(item[2]))
        ):
            raise InvalidContent("attachment part is malformed")
        length = _Reader({"n": item[1]}).integer("n", 1, MAX_ATTACHMENT_SIZE * 2)
        parts.append(BlobPart(item[0], length, item[2]))
    if not parts:
        raise InvalidContent("attachment has no parts")
    key_hex = r.hex_id("key")
    digest = r.hex_id("digest")
    if len(key_hex) != 64 or len(digest) != 64:
        raise InvalidContent("attachment key or digest has the wrong length")
    return AttachmentPointer(
        parts=tuple(parts),
        key=bytes.fromhex(key_hex),
        digest=digest,
        size=r.integer("size", 0, MAX_ATTACHMENT_SIZE),
        name=safe_file_name(r.text("name", MAX_NAME_CHARS)),
        mime_type=r.text("mime", 128),
        expire_seconds=_expire(r),
        relay_url=_blob_relay(r),
    )


def _blob_relay(r: _Reader) -> str:
    relay = r.text("relay", 2048, default="")
    if relay and not is_relay_url(relay):
        raise InvalidContent("attachment relay is not an http(s) URL")
    return relay


def _timer(r: _Reader) -> TimerChange:
    return TimerChange(r.integer("s", 0, MAX_TIMER_SECONDS))


def _profile(r: _Reader) -> Profile:
    relay = r.text("relay", 2048)
    if relay and not is_relay_url(relay):
        raise InvalidContent("profile relay is not an http(s) URL")
    return Profile(r.text("name", MAX_NAME_CHARS), relay, r.integer("dl", 0, 2**63 - 1, default=0))


def _key_change(r: _Reader) -> KeyChange:
    key_hex, signature_hex = r.hex_id("ik"), r.text("sig", 128)
    if len(key_hex) != 64 or len(signature_hex) != 128 or not is_hex(signature_hex):
        raise InvalidContent("key change has a malformed key or signature")
    relay = r.text("relay", 2048)
    if not is_relay_url(relay):
        raise InvalidContent("key change relay is not an http(s) URL")
    return KeyChange(
        bytes.fromhex(key_hex), relay, r.integer("at", 0, 2**53), bytes.fromhex(signature_hex)
    )


def safe_file_name(name: str) -> str:
    """A sender's file name made harmless as a default for saving: no folders, no controls."""
    cleaned = "".join("_" if c in "/\\:" or ord(c) < 32 or ord(c) == 127 else c for c in name)
    return cleaned.strip(". ") or "attachment"


_PARSERS: dict[str, Callable[[_Reader], Body]] = {
    "text": _text,
    "reply": _reply,
    "receipt": _receipt,
    "typing": _typing,
    "reaction": _reaction,
    "attachment": _attachment,
    "timer": _timer,
    "profile": _profile,
    "keychange": _key_change,
    "group_update": parse_update,
}
# The kinds that may carry a group context `g` (a group's timer is part of its state).
_IN_GROUPS = frozenset(
    {"text", "reply", "receipt", "typing", "reaction", "attachment", "group_update"}
)
