"""Linking a new device: the link it shows and the one encrypted message that provisions it
(docs/devices.md).

The new device makes an ephemeral X25519 key pair E_n and a random 32-byte channel id, and shows

    link = "bisik-link:" || base64url(u8 version (1) || channel id (32) || E_n public (32)
                                      || relay URL (UTF-8, 1..2048 bytes))

(unpadded base64url; the URL is the rest). The linking device answers with one message on the
relay's provisioning channel, encrypted to E_n with a fresh ephemeral key E_p of its own:

    okm     = HKDF(ikm = X25519(E_p, E_n), salt = channel id,
                   info = "Bisik_Provisioning_v1" || E_n public || E_p public, 64)
    message = u8 version (1) || E_p public (32)
              || XChaCha20-Poly1305(okm[0:32], nonce = 0, pad(payload),
                                    ad = version || E_p public || channel id)
    code    = u64(okm[32:40]) mod 10^6, as 6 digits

The key is used once (E_p is fresh), so the zero nonce is safe. The message is padded (0x80 then
zeros) to exactly one of the envelope sizes, so the relay learns only a bucket. Both screens show
`code`: it depends on the shared secret and both public keys, so a link that was swapped on its way
(someone else's E_n) gives the two devices different codes, or the real new device none at all.
The payload is opaque here; the service defines it (identity seed, profile, device list, ...).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass, field

from app.crypto import aead
from app.crypto.errors import InvalidMessage
from app.crypto.identity import MAX_RELAY_URL_BYTES
from app.crypto.kdf import hkdf
from app.crypto.keys import KEY_LEN, KeyPair, dh
from app.crypto.sealed import pad, unpad

LINK_PREFIX = "bisik-link:"
LINK_VERSION = 1
MESSAGE_VERSION = 1
CHANNEL_BYTES = 32
PROVISIONING_INFO = b"Bisik_Provisioning_v1"
PROVISIONING_BUCKETS = (1024, 4096, 16384, 65536)  # = app.wire.PROVISIONING_BUCKETS
_HEADER_LEN = 1 + KEY_LEN
OVERHEAD = _HEADER_LEN + aead.TAG_LEN + 1  # the +1 is the padding marker
MAX_PAYLOAD = PROVISIONING_BUCKETS[-1] - OVERHEAD
_LINK_MIN = 1 + CHANNEL_BYTES + KEY_LEN + 1
_LINK_MAX = _LINK_MIN - 1 + MAX_RELAY_URL_BYTES
MAX_LINK_CHARS = len(LINK_PREFIX) + -(-_LINK_MAX * 4 // 3)
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_FIELD_PRIME = 2**255 - 19
CODE_DIGITS = 6


class InvalidLink(InvalidMessage, ValueError):
    """Text that is not a well-formed device link (prefix, base64url, version, lengths, URL)."""


@dataclass(frozen=True)
class LinkRequest:
    """What a device link carries: where to answer and the key to encrypt to."""

    channel: bytes  # 32 random bytes naming the relay's provisioning channel
    ephemeral_public: bytes  # E_n, X25519
    relay_url: str


@dataclass(frozen=True)
class PendingLink:
    """The new device's side of a link it shows: the request and E_n's private key."""

    request: LinkRequest
    ephemeral: KeyPair = field(repr=False)


@dataclass(frozen=True)
class Provisioning:
    """A provisioning message as sent (by the linking device) or opened (by the new device), with
    the code both screens show."""

    message: bytes
    payload: bytes = field(repr=False)
    code: str = ""


def new_link(relay_url: str) -> PendingLink:
    """A fresh channel and ephemeral key on `relay_url`, for the new device to show."""
    ephemeral = KeyPair.generate()
    request = LinkRequest(os.urandom(CHANNEL_BYTES), ephemeral.public, relay_url)
    encode_link(request)  # checks the URL's bounds
    return PendingLink(request, ephemeral)


def _check_url(relay_url: str) -> bytes:
    encoded = relay_url.encode("utf-8")
    if not 1 <= len(encoded) <= MAX_RELAY_URL_BYTES or any(
        ch.isspace() or not ch.isprintable() for ch in relay_url
    ):
        raise InvalidLink(f"a relay URL is 1 to {MAX_RELAY_URL_BYTES} bytes, printable, no spaces")
    return encoded


def encode_link(request: LinkRequest) -> str:
    if len(request.channel) != CHANNEL_BYTES or len(request.ephemeral_public) != KEY_LEN:
        raise InvalidLink("a link's channel and key are 32 bytes each")
    data = (bytes((LINK_VERSION,)) + request.channel + request.ephemeral_public) + _check_url(
        request.relay_url
    )
    return LINK_PREFIX + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def parse_link(text: str) -> LinkRequest:
    """The request a link carries; InvalidLink for anything else (the only error it raises)."""
    if not isinstance(text, str) or not text.startswith(LINK_PREFIX):
        raise InvalidLink("a device link starts with bisik-link:")
    if len(text) > MAX_LINK_CHARS:
        raise InvalidLink("the device link is too long")
    encoded = text[len(LINK_PREFIX) :]
    if not _BASE64URL.fullmatch(encoded) or len(encoded) % 4 == 1:
        raise InvalidLink("a device link is unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidLink("a device link is unpadded base64url") from exc
    if base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii") != encoded:
        raise InvalidLink("the device link is not canonical base64url")
    if not _LINK_MIN <= len(data) <= _LINK_MAX:
        raise InvalidLink("the device link has the wrong length")
    if data[0] != LINK_VERSION:
        raise InvalidLink(f"unknown device link version {data[0]}")
    channel, public = data[1 : 1 + CHANNEL_BYTES], data[1 + CHANNEL_BYTES : _LINK_MIN - 1]
    if int.from_bytes(public, "little") >= _FIELD_PRIME:
        raise InvalidLink("the device link's key is not canonical")
    try:
        relay_url = data[_LINK_MIN - 1 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidLink("the device link's relay URL is not UTF-8") from exc
    _check_url(relay_url)
    return LinkRequest(channel, public, relay_url)


def _derive(
    shared: bytes, channel: bytes, new_public: bytes, ours_public: bytes
) -> tuple[bytes, str]:
    okm = hkdf(shared, channel, PROVISIONING_INFO + new_public + ours_public, 64)
    code = int.from_bytes(okm[32:40], "big") % 10**CODE_DIGITS
    return okm[:32], f"{code:0{CODE_DIGITS}d}"


def _bucket(length: int) -> int:
    for bucket in PROVISIONING_BUCKETS:
        if length + OVERHEAD <= bucket:
            return bucket
    raise ValueError(f"a provisioning payload holds at most {MAX_PAYLOAD} bytes")


def seal_provisioning(
    request: LinkRequest, payload: bytes, ephemeral: KeyPair | None = None
) -> Provisioning:
    """The linking device's message to the new device, and the code to show. `ephemeral` is for
    known-answer tests only. InvalidLink if the link's key is unusable (low order)."""
    bucket = _bucket(len(payload))
    ephemeral = ephemeral or KeyPair.generate()
    try:
        shared = dh(ephemeral.private, request.ephemeral_public)
    except InvalidMessage as exc:
        raise InvalidLink("the device link's key is unusable") from exc
    key, code = _derive(shared, request.channel, request.ephemeral_public, ephemeral.public)
    header = bytes((MESSAGE_VERSION,)) + ephemeral.public
    padded = pad(payload, bucket - OVERHEAD + 1)
    ciphertext = aead.encrypt(key, aead.ZERO_NONCE, padded, header + request.channel)
    return Provisioning(header + ciphertext, payload, code)


def open_provisioning(pending: PendingLink, message: bytes) -> Provisioning:
    """The payload and code of a message on the pending link's channel; InvalidMessage for a
    wrong size, version, key, channel or any altered byte."""
    if len(message) not in PROVISIONING_BUCKETS:
        raise InvalidMessage("a provisioning message is exactly one of the bucket sizes")
    if message[0] != MESSAGE_VERSION:
        raise InvalidMessage("unknown provisioning message version")
    header, theirs = message[:_HEADER_LEN], message[1:_HEADER_LEN]
    request = pending.request
    shared = dh(pending.ephemeral.private, theirs)
    key, code = _derive(shared, request.channel, request.ephemeral_public, theirs)
    padded = aead.decrypt(key, aead.ZERO_NONCE, message[_HEADER_LEN:], header + request.channel)
    return Provisioning(message, unpad(padded), code)
