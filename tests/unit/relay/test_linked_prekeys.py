"""Prekeys of a linked device's mailbox (docs/devices.md, "Prekeys of a linked device"): the signed
prekey is signed by the account's identity key, the account's device list must name the mailbox,
and the bundle answers the identity key. Against a real relay process."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
import requests
from nacl.signing import SigningKey

from app.crypto.devices import Device, DeviceList, seal_device_name, sign_device_list
from app.crypto.keys import IdentityKeyPair
from app.net.client import RelayClient
from app.net.errors import RelayError
from app.relay.sqlite_schema import SCHEMA_VERSION
from app.relay.sqlite_store import SqliteRelayStore
from app.wire import BadStatement, statement_mailboxes
from tests.relay_process import RelayProcess
from tests.unit.relay.test_server import assert_error, new_client, signed, signed_prekey


def device_list(account: IdentityKeyPair, mailboxes: list[bytes], revision: int = 1) -> bytes:
    devices = tuple(
        Device(
            bytes([n + 1]) * 16,
            mailbox,
            "http://127.0.0.1:1",
            seal_device_name(account, bytes([n + 1]) * 16, f"device {n}"),
        )
        for n, mailbox in enumerate(mailboxes)
    )
    listed = DeviceList(account.public, revision, int(time.time() * 1000), devices)
    return sign_device_list(account, listed)


def linked_device(relay: RelayProcess) -> tuple[IdentityKeyPair, RelayClient, SigningKey]:
    """An account whose published list names its first device and a second mailbox."""
    seed = os.urandom(32)
    account, device_seed = IdentityKeyPair.from_seed(seed), os.urandom(32)
    device = RelayClient(relay.url, device_seed)
    statement = device_list(account, [account.public, device.mailbox])
    RelayClient(relay.url, seed).publish_devices(statement)
    return account, device, SigningKey(seed)


def test_a_linked_devices_bundle_answers_the_identity_key(relay: RelayProcess) -> None:
    account, device, identity_signer = linked_device(relay)
    spk = signed_prekey(identity_signer)
    device.publish_prekeys(spk, [(1, os.urandom(32))], identity_key=account.public)
    bundle = new_client(relay).fetch_bundle(device.mailbox)
    assert bundle.identity_key == account.public != device.mailbox
    assert bundle.signed_prekey == spk.public_key and bundle.one_time_prekey_id == 1
    device.publish_prekeys(None, [(2, os.urandom(32))])  # one-time prekeys alone, as before
    assert new_client(relay).fetch_bundle(device.mailbox).identity_key == account.public


def test_a_first_device_is_unchanged(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    owner = RelayClient(relay.url, seed)
    owner.publish_prekeys(signed_prekey(SigningKey(seed)), [], identity_key=owner.mailbox)
    assert new_client(relay).fetch_bundle(owner.mailbox).identity_key == owner.mailbox


def test_a_signed_prekey_signed_by_the_mailbox_key_is_refused_with_an_identity_key(
    relay: RelayProcess,
) -> None:
    account, device, _ = linked_device(relay)
    wrong = signed_prekey(SigningKey(os.urandom(32)))
    with pytest.raises(RelayError) as refused:
        device.publish_prekeys(wrong, [], identity_key=account.public)
    assert refused.value.status == 400


def test_a_mailbox_the_list_does_not_name_is_refused(relay: RelayProcess) -> None:
    account, _, identity_signer = linked_device(relay)
    stranger = new_client(relay)
    with pytest.raises(RelayError) as refused:
        stranger.publish_prekeys(signed_prekey(identity_signer), [], identity_key=account.public)
    assert refused.value.status == 400
    with pytest.raises(RelayError) as missing:  # nothing to claim: nothing was stored
        new_client(relay).fetch_bundle(stranger.mailbox)
    assert missing.value.status == 404


def test_an_account_without_a_list_cannot_claim_a_mailbox(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    device = new_client(relay)
    with pytest.raises(RelayError) as refused:
        device.publish_prekeys(
            signed_prekey(SigningKey(seed)), [], identity_key=IdentityKeyPair.from_seed(seed).public
        )
    assert refused.value.status == 400


def test_an_identity_key_without_a_signed_prekey_is_refused(relay: RelayProcess) -> None:
    account = IdentityKeyPair.from_seed(os.urandom(32))
    key = SigningKey(os.urandom(32))
    path = f"/v1/mailboxes/{bytes(key.verify_key).hex()}/prekeys"
    body = json.dumps({"identity_key": account.public.hex()}).encode()
    headers = {**signed(key, "PUT", path, body=body), "Content-Type": "application/json"}
    assert_error(requests.put(relay.url + path, data=body, headers=headers, timeout=5), 400)


def test_statement_mailboxes_reads_the_devices_and_refuses_truncation() -> None:
    account = IdentityKeyPair.from_seed(os.urandom(32))
    others = [bytes(SigningKey(os.urandom(32)).verify_key) for _ in range(3)]
    statement = device_list(account, [account.public, *others])
    assert statement_mailboxes(statement) == {account.public, *others}
    with pytest.raises(BadStatement):
        statement_mailboxes(statement[:120] + statement[-64:])


def test_a_version_2_relay_database_migrates_and_keeps_its_prekeys(tmp_path: Path) -> None:
    path = tmp_path / "relay.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE signed_prekeys (mailbox BLOB PRIMARY KEY, key_id INTEGER NOT NULL,"
        " public_key BLOB NOT NULL, signature BLOB NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE one_time_prekeys (mailbox BLOB NOT NULL, key_id INTEGER NOT NULL,"
        " public_key BLOB NOT NULL, PRIMARY KEY (mailbox, key_id)) WITHOUT ROWID;"
        "INSERT INTO signed_prekeys VALUES (x'01', 7, x'02', x'03');"
        "PRAGMA user_version = 2;"
    )
    db.close()
    store = SqliteRelayStore(str(path))
    try:
        bundle = store.claim_bundle(b"\x01")
        assert bundle is not None and bundle.identity_key == b"\x01"
        assert bundle.signed_prekey_id == 7
    finally:
        store.close()
    (version,) = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()
    assert version == SCHEMA_VERSION == 4
