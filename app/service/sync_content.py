"""Sync records: what one device of the account tells its other devices (docs/devices.md, "Sync
messages between own devices").

They travel like any record (a version byte, then compact JSON, inside the ratchet of the session
with the other device) but are parsed only by `decode_sync`, and only for an envelope whose sealed
sender is the own account: nothing a contact sends can ever be taken as one, and a contact's
client that meets one shows it as an unsupported record.

- `sync_sent`: a record this device sent (text, reply, attachment, timer, reaction, group
  update), nested, and who it went to (a contact's identity key and relay; none for a group's);
- `sync_read`: the newest message this device read in a conversation, by its sender and id;
- `sync_unlinked`: "you were unlinked", with the device id it is meant for;
- `sync_contact`: a contact as this device has it now (key, name, relay, accepted, blocked,
  verified) with its conversation's mute and archive flags, or that a request was deleted;
- `sync_group_settings`: a group conversation's mute and archive flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.service import content as c
from app.service.errors import InvalidContent
from app.service.fields import Reader, is_hex, is_relay_url
from app.service.group_content import parse_group_id

# The records a transcript may carry: stored messages and group changes, never control records.
TRANSCRIBED = (c.Text, c.Reply, c.AttachmentPointer, c.TimerChange, c.Reaction, c.GroupUpdate)


@dataclass(frozen=True)
class SentTranscript:
    """A record this account sent from another device; `to_key` None for a group's record."""

    to_key: bytes | None
    relay_url: str  # the contact's relay ("" for a group's)
    record: c.Content


@dataclass(frozen=True)
class ReadUpTo:
    """The other device read the conversation up to this message (its sender and id)."""

    sender: str  # account id
    message_id: str


@dataclass(frozen=True)
class Unlinked:
    """The account's list no longer names `device_id`: that device is to stop."""

    device_id: str  # hex


@dataclass(frozen=True)
class ContactState:
    """A contact as the other device has it after the user changed something."""

    identity_key: bytes
    name: str
    relay_url: str
    accepted: bool
    blocked: bool
    verified: bool
    muted: bool
    archived: bool
    deleted: bool = False  # a message request the user deleted there


@dataclass(frozen=True)
class GroupSettings:
    group_id: str
    muted: bool
    archived: bool


SyncBody = SentTranscript | ReadUpTo | Unlinked | ContactState | GroupSettings


def encode_sync(body: SyncBody) -> bytes:
    """The wire bytes of a sync record (InvalidContent if too large, or not transcribable)."""
    fields: dict[str, Any] = {"ts": c.now_ms()}
    match body:
        case SentTranscript(to_key, relay_url, record):
            if not isinstance(record.body, TRANSCRIBED):
                raise InvalidContent(f"a {type(record.body).__name__} is not transcribed")
            fields |= {
                "k": "sync_sent",
                "to": "" if to_key is None else to_key.hex(),
                "relay": relay_url,
                "rec": c.record_fields(record),
            }
        case ReadUpTo(sender, message_id):
            fields |= {"k": "sync_read", "from": sender, "id": message_id}
        case Unlinked(device_id):
            fields |= {"k": "sync_unlinked", "device": device_id}
        case ContactState():
            fields |= {
                "k": "sync_contact",
                "ik": body.identity_key.hex(),
                "name": body.name,
                "relay": body.relay_url,
                "flags": [
                    body.accepted,
                    body.blocked,
                    body.verified,
                    body.muted,
                    body.archived,
                    body.deleted,
                ],
            }
        case GroupSettings(group_id, muted, archived):
            fields |= {"k": "sync_group_settings", "g": group_id, "flags": [muted, archived]}
    return c.encode_fields(fields)


def decode_sync(data: bytes) -> SyncBody | None:
    """Parse a sync record; None for one of a kind or version this client does not know (a newer
    device's), InvalidContent for garbage."""
    version, fields = c.decode_fields(data)
    reader = Reader(fields)
    kind = reader.text("k", 32)
    reader.integer("ts", 0, 2**53)
    if version != c.SCHEMA_VERSION:
        return None
    if kind == "sync_sent":
        return _sent(reader)
    if kind == "sync_read":
        return ReadUpTo(_account(reader, "from"), reader.hex_id("id"))
    if kind == "sync_contact":
        return _contact(reader)
    if kind == "sync_group_settings":
        group_id = parse_group_id(reader)
        if group_id is None:
            raise InvalidContent("group settings name no group")
        return GroupSettings(group_id, *_flags(reader, 2))
    if kind == "sync_unlinked":
        device = reader.hex_id("device")
        if len(device) != 32:
            raise InvalidContent("a device id has 32 hex digits")
        return Unlinked(device)
    return None


def _sent(reader: Reader) -> SentTranscript:
    nested = reader.fields.get("rec")
    if not isinstance(nested, dict):
        raise InvalidContent("a transcript holds no record")
    record = c.record_from_fields(nested)
    if not isinstance(record.body, TRANSCRIBED):
        raise InvalidContent("a transcript holds a record that is not transcribed")
    to = reader.text("to", 64)
    relay = reader.text("relay", 2048)
    if (record.group_id is None) == (to == ""):
        raise InvalidContent("a transcript names a contact, or is a group's, not both")
    if to and (len(to) != 64 or not is_hex(to) or not is_relay_url(relay)):
        raise InvalidContent("a transcript's contact key or relay is malformed")
    return SentTranscript(bytes.fromhex(to) if to else None, relay if to else "", record)


def _contact(reader: Reader) -> ContactState:
    key = reader.hex_id("ik")
    relay = reader.text("relay", 2048)
    if len(key) != 64 or (relay and not is_relay_url(relay)):
        raise InvalidContent("a contact's key or relay is malformed")
    name = reader.text("name", c.MAX_NAME_CHARS)
    return ContactState(bytes.fromhex(key), name, relay, *_flags(reader, 6))


def _flags(reader: Reader, count: int) -> list[bool]:
    flags = reader.items("flags", count)
    if len(flags) != count or not all(isinstance(f, bool) for f in flags):
        raise InvalidContent(f"a sync record's flags are not {count} booleans")
    return flags


def _account(reader: Reader, key: str) -> str:
    account = reader.hex_id(key)
    if len(account) != 32:
        raise InvalidContent("an account id has 32 hex digits")
    return account
