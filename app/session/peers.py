"""The `peer` string that keys a session (Sesame: sessions per peer device, docs/devices.md).

An account's first device (the one whose mailbox is the identity key, and every device of an
account that publishes no device list) is keyed by the bare account id, exactly as before linked
devices existed, so sessions made earlier keep working. Any other device is keyed by
`account id + "." + device id` (both lowercase hex, so the dot is unambiguous). The peer's identity
(trust, key changes) is per account: `peer_account` maps either form back to the account id.
"""

from __future__ import annotations

SEPARATOR = "."


def device_peer(account_id: str, device_id: str | None) -> str:
    """The session key of one device of `account_id`; None (or the first device) gives the bare
    account id."""
    return account_id if not device_id else f"{account_id}{SEPARATOR}{device_id}"


def peer_account(peer: str) -> str:
    """The account id a session key belongs to."""
    return peer.partition(SEPARATOR)[0]


def peer_device(peer: str) -> str | None:
    """The device id of a linked device's session key; None for a first device's."""
    return peer.partition(SEPARATOR)[2] or None


def device_peers_pattern(account_id: str) -> str:
    """A LIKE pattern matching every linked device's session key of `account_id` (account ids
    are hex, so they hold no LIKE wildcard)."""
    return f"{account_id}{SEPARATOR}%"
