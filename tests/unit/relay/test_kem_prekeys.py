"""PQXDH's ML-KEM-768 prekeys over HTTP (docs/relay-api.md, "KEM prekeys"): publish, count and
claim order, the signature check, the caps, the linked-device path and strict bodies. Against a
real relay process on SQLite and on PostgreSQL (the store-level rules, and concurrent claims on
each backend, are in test_storage_contract.py)."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from nacl.signing import SigningKey, VerifyKey

from app.net.client import RelayClient
from app.net.errors import RelayError
from app.relay.cli import main
from app.relay.server import JSON_BODY_MAX
from app.wire import (
    KEM_ONE_TIME_PREKEYS_MAX,
    KEM_PREKEY_BATCH_MAX,
    KEM_PUBLIC_KEY_LEN,
    PREKEY_BATCH_MAX,
    KemPreKey,
    kem_prekey_signing_message,
    prekey_signing_message,
)
from tests.postgres_cluster import PostgresCluster
from tests.relay_process import RelayProcess, relay_process
from tests.unit.relay.test_linked_prekeys import linked_device
from tests.unit.relay.test_server import assert_error, new_client, signed, signed_prekey

KEY_ID_MAX = 2**32 - 1


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def relay(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RelayProcess]:
    """A relay process on SQLite, or on a fresh PostgreSQL database."""
    db = None
    if request.param == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        db = cluster.new_database()
    with relay_process(tmp_path_factory.mktemp("kem"), db=db) as process:
        yield process


def kem_prekey(signer: SigningKey, key_id: int, last_resort: bool = False) -> KemPreKey:
    """A KEM prekey signed as a client signs it (the relay does not parse ML-KEM keys, so random
    bytes of the right length stand in for one)."""
    public = os.urandom(KEM_PUBLIC_KEY_LEN)
    signature = signer.sign(kem_prekey_signing_message(public)).signature
    return KemPreKey(key_id, public, signature, last_resort)


def kem_json(kem: KemPreKey) -> dict[str, Any]:
    return {
        "key_id": kem.key_id,
        "public_key": kem.public_key.hex(),
        "signature": kem.signature.hex(),
        "last_resort": kem.last_resort,
    }


def put_prekeys(relay: RelayProcess, key: SigningKey, body: bytes) -> requests.Response:
    path = f"/v1/mailboxes/{bytes(key.verify_key).hex()}/prekeys"
    headers = {**signed(key, "PUT", path, body=body), "Content-Type": "application/json"}
    return requests.put(relay.url + path, data=body, headers=headers, timeout=10)


def owner_of(relay: RelayProcess) -> tuple[RelayClient, SigningKey]:
    seed = os.urandom(32)
    return RelayClient(relay.url, seed), SigningKey(seed)


def test_one_time_kem_prekeys_go_first_then_the_last_resort_one_again_and_again(
    relay: RelayProcess,
) -> None:
    owner, signer = owner_of(relay)
    one_time = [kem_prekey(signer, n) for n in range(1, 26)]  # two requests of them
    last_resort = kem_prekey(signer, 100, last_resort=True)
    owner.publish_prekeys(signed_prekey(signer), [(1, os.urandom(32))], kem_prekeys=one_time)
    owner.publish_prekeys(None, [], kem_prekeys=[last_resort])
    assert (owner.prekey_count(), owner.kem_prekey_count()) == (1, 25)
    fetcher = new_client(relay)
    handed_out = [fetcher.fetch_bundle(owner.mailbox).kem_prekey for _ in range(25)]
    assert handed_out == one_time  # the lowest id first, each once
    assert (owner.prekey_count(), owner.kem_prekey_count()) == (0, 0)
    for _ in range(3):
        bundle = fetcher.fetch_bundle(owner.mailbox)
        assert bundle.kem_prekey == last_resort and bundle.one_time_prekey is None
    assert owner.kem_prekey_count() == 0
    verify = VerifyKey(fetcher.fetch_bundle(owner.mailbox).identity_key)
    verify.verify(kem_prekey_signing_message(last_resort.public_key), last_resort.signature)


def test_a_mailbox_without_kem_prekeys_answers_null(relay: RelayProcess) -> None:
    owner, signer = owner_of(relay)
    owner.publish_prekeys(signed_prekey(signer), [])
    path = f"/v1/mailboxes/{owner.mailbox.hex()}/bundle"
    answer = requests.post(relay.url + path, timeout=5).json()
    assert answer["kem_prekey"] is None
    assert new_client(relay).fetch_bundle(owner.mailbox).kem_prekey is None
    count_path = f"/v1/mailboxes/{owner.mailbox.hex()}/prekeys/count"
    counts = requests.get(relay.url + count_path, headers=signed(signer, "GET", count_path))
    assert counts.json() == {"count": 0, "kem_count": 0}


@pytest.mark.parametrize("forgery", ["another key", "the X25519 message", "another KEM key"])
def test_a_forged_kem_prekey_signature_is_refused_and_nothing_is_stored(
    relay: RelayProcess, forgery: str
) -> None:
    owner, signer = owner_of(relay)
    kept = signed_prekey(signer, key_id=1)
    owner.publish_prekeys(kept, [], kem_prekeys=[kem_prekey(signer, 1)])
    good = kem_prekey(signer, 2)
    public = os.urandom(KEM_PUBLIC_KEY_LEN)
    forged = {
        "another key": kem_prekey(SigningKey.generate(), 3),
        "the X25519 message": KemPreKey(3, public, signer.sign(b"\x05" + public).signature, True),
        "another KEM key": KemPreKey(3, public, good.signature, False),
    }[forgery]
    newer = signed_prekey(signer, key_id=2)
    body = {
        "signed_prekey": {
            "key_id": newer.key_id,
            "public_key": newer.public_key.hex(),
            "signature": newer.signature.hex(),
        },
        "one_time_prekeys": [{"key_id": 5, "public_key": os.urandom(32).hex()}],
        "kem_prekeys": [kem_json(good), kem_json(forged)],
    }
    refused = assert_error(put_prekeys(relay, signer, json.dumps(body).encode()), 400)
    assert "signature" in refused["detail"]
    assert (owner.prekey_count(), owner.kem_prekey_count()) == (0, 1)
    with pytest.raises(RelayError) as by_client:
        owner.publish_prekeys(None, [], kem_prekeys=[forged])
    assert by_client.value.status == 400
    bundle = new_client(relay).fetch_bundle(owner.mailbox)
    assert bundle.signed_prekey == kept.public_key and bundle.kem_prekey is not None
    assert bundle.kem_prekey.key_id == 1
    assert new_client(relay).fetch_bundle(owner.mailbox).kem_prekey is None  # no last resort


def test_the_signed_prekeys_message_is_not_a_kem_prekeys() -> None:
    key = os.urandom(KEM_PUBLIC_KEY_LEN)
    assert kem_prekey_signing_message(key) == b"Bisik_KEMPreKey_v1" + key
    assert kem_prekey_signing_message(key) != prekey_signing_message(key)


def test_two_last_resort_kem_prekeys_in_one_request_are_refused(relay: RelayProcess) -> None:
    owner, signer = owner_of(relay)
    pair = [kem_prekey(signer, 1, last_resort=True), kem_prekey(signer, 2, last_resort=True)]
    with pytest.raises(ValueError):  # the client does not even send them
        owner.publish_prekeys(None, [], kem_prekeys=pair)
    body = json.dumps({"kem_prekeys": [kem_json(kem) for kem in pair]}).encode()
    assert "last-resort" in assert_error(put_prekeys(relay, signer, body), 400)["detail"]
    assert owner.kem_prekey_count() == 0


def test_a_mailbox_holds_at_most_200_one_time_kem_prekeys(relay: RelayProcess) -> None:
    owner, signer = owner_of(relay)
    full = [kem_prekey(signer, n) for n in range(KEM_ONE_TIME_PREKEYS_MAX)]
    owner.publish_prekeys(None, [], kem_prekeys=full)  # ten requests
    assert owner.kem_prekey_count() == KEM_ONE_TIME_PREKEYS_MAX
    with pytest.raises(RelayError) as refused:
        owner.publish_prekeys(None, [], kem_prekeys=[kem_prekey(signer, 501)])
    assert (refused.value.status, refused.value.error) == (400, "too_many_prekeys")
    assert "KEM" in refused.value.detail
    body = {  # in one request with other prekeys: none of them is stored either
        "one_time_prekeys": [{"key_id": 1, "public_key": os.urandom(32).hex()}],
        "kem_prekeys": [kem_json(kem_prekey(signer, 500, True)), kem_json(kem_prekey(signer, 501))],
    }
    over = assert_error(put_prekeys(relay, signer, json.dumps(body).encode()), 400)
    assert over["error"] == "too_many_prekeys"
    assert (owner.prekey_count(), owner.kem_prekey_count()) == (0, KEM_ONE_TIME_PREKEYS_MAX)
    again = kem_prekey(signer, 0)  # a known id replaces its key: the count stays
    owner.publish_prekeys(None, [], kem_prekeys=[again, kem_prekey(signer, 500, True)])
    assert owner.kem_prekey_count() == KEM_ONE_TIME_PREKEYS_MAX
    owner.publish_prekeys(signed_prekey(signer), [])
    assert new_client(relay).fetch_bundle(owner.mailbox).kem_prekey == again


def test_more_than_a_batch_of_kem_prekeys_in_one_request_is_refused(relay: RelayProcess) -> None:
    signer = SigningKey.generate()
    batch = [kem_json(kem_prekey(signer, n)) for n in range(KEM_PREKEY_BATCH_MAX + 1)]
    assert_error(put_prekeys(relay, signer, json.dumps({"kem_prekeys": batch}).encode()), 400)
    at_most = json.dumps({"kem_prekeys": batch[:KEM_PREKEY_BATCH_MAX]}).encode()
    assert put_prekeys(relay, signer, at_most).status_code == 204


def test_the_largest_publish_fits_the_body_limit_with_room(relay: RelayProcess) -> None:
    """KEM_PREKEY_BATCH_MAX KEM prekeys with the longest key ids, beside a full batch of one-time
    prekeys, a signed prekey and an identity key, in json.dumps' roomier default form."""
    owner, signer = owner_of(relay)
    spk = signed_prekey(signer, key_id=KEY_ID_MAX)
    kems = [kem_prekey(signer, KEY_ID_MAX - n) for n in range(KEM_PREKEY_BATCH_MAX)]
    body: dict[str, Any] = {"kem_prekeys": [kem_json(kem) for kem in kems]}
    alone = len(json.dumps(body).encode())
    assert alone <= JSON_BODY_MAX * 0.8  # the client sends them in requests of their own
    body.update(
        signed_prekey={
            "key_id": spk.key_id,
            "public_key": spk.public_key.hex(),
            "signature": spk.signature.hex(),
        },
        identity_key=owner.mailbox.hex(),
        one_time_prekeys=[
            {"key_id": KEY_ID_MAX - n, "public_key": os.urandom(32).hex()}
            for n in range(PREKEY_BATCH_MAX)
        ],
    )
    whole = json.dumps(body).encode()
    assert alone < len(whole) < JSON_BODY_MAX
    assert put_prekeys(relay, signer, whole).status_code == 204
    assert (owner.prekey_count(), owner.kem_prekey_count()) == (100, 20)


def test_a_linked_device_publishes_kem_prekeys_signed_by_the_identity_key(
    relay: RelayProcess,
) -> None:
    account, device, identity_signer = linked_device(relay)
    device.publish_prekeys(signed_prekey(identity_signer), [], identity_key=account.public)
    kems = [kem_prekey(identity_signer, 1), kem_prekey(identity_signer, 2, last_resort=True)]
    device.publish_prekeys(None, [], identity_key=account.public, kem_prekeys=kems)  # KEM alone
    assert device.kem_prekey_count() == 1
    bundle = new_client(relay).fetch_bundle(device.mailbox)
    assert bundle.identity_key == account.public and bundle.kem_prekey == kems[0]
    VerifyKey(bundle.identity_key).verify(
        kem_prekey_signing_message(kems[0].public_key), kems[0].signature
    )
    assert new_client(relay).fetch_bundle(device.mailbox).kem_prekey == kems[1]


def test_a_linked_devices_kem_prekeys_must_be_signed_by_the_identity_key(
    relay: RelayProcess,
) -> None:
    account, device, identity_signer = linked_device(relay)
    device.publish_prekeys(signed_prekey(identity_signer), [], identity_key=account.public)
    by_mailbox = kem_prekey(SigningKey(os.urandom(32)), 1)
    with pytest.raises(RelayError) as refused:
        device.publish_prekeys(None, [], identity_key=account.public, kem_prekeys=[by_mailbox])
    assert refused.value.status == 400
    with pytest.raises(RelayError) as unnamed:  # without identity_key: the mailbox key checks
        device.publish_prekeys(None, [], kem_prekeys=[kem_prekey(identity_signer, 1)])
    assert unnamed.value.status == 400
    assert device.kem_prekey_count() == 0


def test_a_mailbox_the_list_does_not_name_cannot_publish_kem_prekeys_for_it(
    relay: RelayProcess,
) -> None:
    account, _, identity_signer = linked_device(relay)
    stranger = new_client(relay)
    with pytest.raises(RelayError) as refused:
        stranger.publish_prekeys(
            None, [], identity_key=account.public, kem_prekeys=[kem_prekey(identity_signer, 1)]
        )
    assert refused.value.status == 400 and "device list" in refused.value.detail
    assert stranger.kem_prekey_count() == 0


def test_concurrent_fetchers_never_share_a_one_time_kem_prekey(relay: RelayProcess) -> None:
    owner, signer = owner_of(relay)
    one_time = [kem_prekey(signer, n) for n in range(20)]
    last_resort = kem_prekey(signer, 99, last_resort=True)
    owner.publish_prekeys(signed_prekey(signer), [], kem_prekeys=[*one_time, last_resort])
    fetchers = [new_client(relay) for _ in range(30)]
    barrier = threading.Barrier(30)

    def fetch(client: RelayClient) -> KemPreKey | None:
        barrier.wait()
        return client.fetch_bundle(owner.mailbox).kem_prekey

    with ThreadPoolExecutor(30) as pool:
        claimed = list(pool.map(fetch, fetchers))
    handed_out = [kem.key_id for kem in claimed if kem is not None and not kem.last_resort]
    assert len(set(handed_out)) == len(handed_out)
    assert claimed.count(last_resort) == 30 - len(handed_out)
    assert len(handed_out) + owner.kem_prekey_count() == 20  # what was not handed out stays


GOOD = {"key_id": 1, "public_key": "ab" * KEM_PUBLIC_KEY_LEN, "signature": "cd" * 64}


@pytest.mark.parametrize(
    "item",
    [
        {**GOOD, "public_key": "ab" * (KEM_PUBLIC_KEY_LEN - 1)},  # truncated
        {**GOOD, "public_key": "ab" * (KEM_PUBLIC_KEY_LEN + 1)},  # oversize
        {**GOOD, "public_key": "ab" * (KEM_PUBLIC_KEY_LEN - 1) + "a"},  # odd length
        {**GOOD, "public_key": "AB" * KEM_PUBLIC_KEY_LEN},  # not lowercase
        {**GOOD, "public_key": "zz" * KEM_PUBLIC_KEY_LEN},  # not hex
        {**GOOD, "public_key": base64.b64encode(bytes(KEM_PUBLIC_KEY_LEN)).decode()},
        {**GOOD, "public_key": None},
        {**GOOD, "signature": "cd" * 63},
        {**GOOD, "signature": "cd" * 65},
        {**GOOD, "key_id": -1},
        {**GOOD, "key_id": 2**32},
        {**GOOD, "key_id": "1"},
        {**GOOD, "last_resort": "yes"},
        {**GOOD, "last_resort": None},
        {**GOOD, "last_resort": False, "extra": 1},
        GOOD,  # no last_resort
        {"key_id": 1, "last_resort": False},
        "not an object",
    ],
)
def test_kem_prekey_bodies_in_bad_shapes_are_refused(relay: RelayProcess, item: object) -> None:
    signer = SigningKey.generate()
    body = json.dumps({"kem_prekeys": [item]}).encode()
    assert_error(put_prekeys(relay, signer, body), 400)
    for garbage in ({"kem_prekeys": item}, {"kem_prekeys": "none"}):
        assert_error(put_prekeys(relay, signer, json.dumps(garbage).encode()), 400)


def test_an_identity_key_with_only_one_time_prekeys_is_still_refused(relay: RelayProcess) -> None:
    signer = SigningKey.generate()
    body = json.dumps(
        {
            "identity_key": bytes(signer.verify_key).hex(),
            "one_time_prekeys": [{"key_id": 1, "public_key": "00" * 32}],
        }
    ).encode()
    assert_error(put_prekeys(relay, signer, body), 400)


def test_inspect_shows_kem_prekeys_as_counts_and_sizes(
    relay: RelayProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    owner, signer = owner_of(relay)
    kems = [kem_prekey(signer, n) for n in (3, 4)] + [kem_prekey(signer, 7, last_resort=True)]
    owner.publish_prekeys(None, [], kem_prekeys=kems)
    assert main(["inspect", "--db", relay.database]) == 0
    out = capsys.readouterr().out
    assert "== one_time_kem_prekeys:" in out and "== last_resort_kem_prekeys:" in out
    mailbox = owner.mailbox.hex()
    assert f"    mailbox: {mailbox}\n    one-time KEM prekeys: 2\n    key ids: 3 to 4\n" in out
    assert f"    mailbox: {mailbox}\n    key id: 7\n    public key: 1184 bytes\n" in out
    assert main(["inspect", "--db", relay.database, "--json"]) == 0
    as_json = capsys.readouterr().out
    for kem in kems:
        for text in (out, as_json):
            assert kem.public_key.hex()[:64] not in text and kem.signature.hex() not in text
