"""Invite links: how two people who share nothing yet find each other's mailbox and key.

A link carries a small JSON record (version, relay URL, identity key, optional display name) and an
Ed25519 signature over it by that identity key, both base64url. The account id is not in it: it is
the key's hash (protocol v2), so a link cannot name someone else's account.

    bisik:invite/<record>.<signature>
    https://relay.example/invite#<record>.<signature>

The https form keeps the same token in the fragment, which browsers never send to the server. The
signature makes a tampered link fail loudly; it cannot prove whose key it is — safety numbers do.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from app import session
from app.service.content import MAX_NAME_CHARS, is_relay_url
from app.service.errors import InvalidInvite

INVITE_VERSION = 2
MAX_LINK_CHARS = 4096
SCHEME_PREFIX = "bisik:invite/"
_DOMAIN = b"Bisik_Invite_v1"


@dataclass(frozen=True)
class Invite:
    relay_url: str
    account_id: str
    identity_key: bytes
    display_name: str = ""


def make_link(invite: Invite, identity_seed: bytes, *, https: bool = False) -> str:
    """A signed link for `invite`; `https=True` gives the form a browser can open."""
    record: dict[str, object] = {
        "v": INVITE_VERSION,
        "relay": invite.relay_url,
        "ik": invite.identity_key.hex(),
    }
    if invite.display_name:
        record["name"] = invite.display_name
    data = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    signature = session.sign_as_identity(identity_seed, _DOMAIN + data)
    token = f"{_b64(data)}.{_b64(signature)}"
    if https:
        return f"{invite.relay_url.rstrip('/')}/invite#{token}"
    return SCHEME_PREFIX + token


def parse_link(link: str) -> Invite:
    """Verify and decode a link in either form; raises InvalidInvite saying what is wrong."""
    link = link.strip()
    if len(link) > MAX_LINK_CHARS:
        raise InvalidInvite("invite link is too long")
    if link.startswith(SCHEME_PREFIX):
        token = link[len(SCHEME_PREFIX) :]
    elif link.startswith(("https://", "http://")) and "/invite#" in link:
        token = link.split("#", 1)[1]
    else:
        raise InvalidInvite("not a Bisik invite link (expected bisik:invite/… or …/invite#…)")
    record_b64, _, signature_b64 = token.partition(".")
    data, signature = _unb64(record_b64), _unb64(signature_b64)
    record = _record(data)
    identity_key = _identity_key(record.get("ik"))
    try:
        VerifyKey(identity_key).verify(_DOMAIN + data, signature)
    except (BadSignatureError, ValueError) as exc:
        raise InvalidInvite("invite link was altered: its signature does not match") from exc
    return Invite(
        relay_url=_relay_url(record.get("relay")),
        account_id=_account_id(identity_key),
        identity_key=identity_key,
        display_name=_display_name(record.get("name", "")),
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidInvite("invite link is damaged (bad encoding)") from exc


def _record(data: bytes) -> dict[str, object]:
    try:
        record = json.loads(data.decode())
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInvite("invite link is damaged (bad record)") from exc
    if not isinstance(record, dict):
        raise InvalidInvite("invite link is damaged (bad record)")
    if record.get("v") == 1:
        raise InvalidInvite("invite link is from Bisik's first version: ask for a new link")
    if record.get("v") != INVITE_VERSION:
        raise InvalidInvite("invite link is from an unsupported version of Bisik")
    return record


def _identity_key(value: object) -> bytes:
    if not isinstance(value, str) or len(value) != 64:
        raise InvalidInvite("invite link has no valid identity key")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise InvalidInvite("invite link has no valid identity key") from exc


def _relay_url(value: object) -> str:
    if not isinstance(value, str) or len(value) > 2048 or not is_relay_url(value):
        raise InvalidInvite("invite link has no valid relay address")
    return value


def _account_id(identity_key: bytes) -> str:
    try:
        return session.account_id(identity_key)
    except session.InvalidMessage as exc:
        raise InvalidInvite("invite link has no valid identity key") from exc


def _display_name(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_NAME_CHARS:
        raise InvalidInvite("invite link has an invalid display name")
    return value
