"""The linked-device routes over HTTP (docs/relay-api.md, "Linked devices"): device lists and
provisioning channels, against a real relay process and, where a test needs a config the command
line does not offer, the app on in-process uvicorn."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from nacl.signing import SigningKey

from app.crypto.devices import Device, DeviceList, seal_device_name, sign_device_list
from app.crypto.keys import IdentityKeyPair
from app.relay.config import RelayConfig
from app.relay.ratelimit import RateLimit, RateLimits
from app.relay.server import create_app
from app.relay.sqlite_store import SqliteRelayStore
from app.wire import DEVICE_LIST_MAX
from tests.relay_process import RelayProcess, relay_process
from tests.unit.relay.test_server import assert_error, served, signed

MESSAGE = b"\x5a" * 1024


def statement(seed: bytes, revision: int, devices: int = 1, signer: bytes | None = None) -> bytes:
    """A device list of `seed`'s account, signed by `signer` (default: the account's key)."""
    identity = IdentityKeyPair.from_seed(seed)
    entries = []
    for number in range(devices):
        device_id = bytes([number + 1]) * 16
        mailbox = identity.public if number == 0 else bytes(SigningKey(os.urandom(32)).verify_key)
        name = seal_device_name(identity, device_id, f"device {number}")
        entries.append(Device(device_id, mailbox, "http://127.0.0.1:1", name))
    listed = DeviceList(identity.public, revision, int(time.time() * 1000), tuple(entries))
    if signer is None:
        return sign_device_list(identity, listed)
    body = sign_device_list(identity, listed)[:-64]
    forged = IdentityKeyPair.from_seed(signer).sign(b"Bisik_DeviceList_v1" + body)
    return body + forged


def publish(url: str, seed: bytes, body: bytes, account: str | None = None) -> requests.Response:
    key = SigningKey(seed)
    path = f"/v1/accounts/{account or bytes(key.verify_key).hex()}/devices"
    headers = {**signed(key, "PUT", path, body=body), "Content-Type": "application/octet-stream"}
    return requests.put(url + path, data=body, headers=headers, timeout=5)


def fetch(url: str, seed: bytes) -> requests.Response:
    account = bytes(SigningKey(seed).verify_key).hex()
    return requests.get(f"{url}/v1/accounts/{account}/devices", timeout=5)


def channel_url(url: str, channel: bytes | None = None) -> str:
    return f"{url}/v1/provisioning/{(channel or os.urandom(32)).hex()}"


# --- device lists -------------------------------------------------------------------------------
def test_a_device_list_is_published_signed_and_fetched_by_anyone(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    assert_error(fetch(relay.url, seed), 404)
    first = statement(seed, 1, devices=2)
    assert publish(relay.url, seed, first).status_code == 204
    answer = fetch(relay.url, seed)
    assert answer.status_code == 200
    assert answer.json() == {"revision": 1, "statement": base64.b64encode(first).decode()}
    assert publish(relay.url, seed, first).status_code == 204  # a retry changes nothing
    newer = statement(seed, 7, devices=3)
    assert publish(relay.url, seed, newer).status_code == 204
    assert base64.b64decode(fetch(relay.url, seed).json()["statement"]) == newer


def test_an_older_or_conflicting_revision_is_refused_with_409(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    assert publish(relay.url, seed, statement(seed, 5)).status_code == 204
    for stale in (statement(seed, 4), statement(seed, 5, devices=2)):
        body = assert_error(publish(relay.url, seed, stale), 409)
        assert body["error"] == "conflict" and "revision 5" in body["detail"]
    assert fetch(relay.url, seed).json()["revision"] == 5


def test_only_the_identity_key_can_publish_its_own_list(relay: RelayProcess) -> None:
    seed, other = os.urandom(32), os.urandom(32)
    account = bytes(SigningKey(seed).verify_key).hex()
    # the request signed by another key
    assert_error(publish(relay.url, other, statement(seed, 1), account=account), 401)
    # signed by the account, but the statement's signature is another key's
    forged = assert_error(publish(relay.url, seed, statement(seed, 1, signer=other)), 400)
    assert "not signed" in forged["detail"]
    # another account's valid statement under this account
    assert_error(publish(relay.url, seed, statement(other, 1)), 400)
    assert_error(fetch(relay.url, seed), 404)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x01" * 10,  # truncated header
        os.urandom(500),  # garbage
        b"\x02" + statement(b"\x03" * 32, 1)[1:],  # another version
        statement(b"\x03" * 32, 1)[:-1],  # a cut signature
    ],
)
def test_malformed_statements_are_400(relay: RelayProcess, body: bytes) -> None:
    assert_error(publish(relay.url, b"\x03" * 32, body), 400)


def test_oversize_statements_are_413(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    assert_error(publish(relay.url, seed, bytes(DEVICE_LIST_MAX + 1)), 413)
    assert_error(publish(relay.url, seed, bytes(70_000)), 413)  # past every body limit


@pytest.mark.parametrize("account", ["abc", "AB" * 32, "zz" * 32])
def test_bad_account_paths_are_400(relay: RelayProcess, account: str) -> None:
    assert_error(requests.get(f"{relay.url}/v1/accounts/{account}/devices", timeout=5), 400)


# --- provisioning -------------------------------------------------------------------------------
def test_a_channel_takes_one_message_and_hands_it_out_once(relay: RelayProcess) -> None:
    url = channel_url(relay.url)
    assert requests.get(url, timeout=5).json() == {"message": None}
    assert requests.put(url, data=MESSAGE, timeout=5).status_code == 204
    second = assert_error(requests.put(url, data=b"\x00" * 1024, timeout=5), 409)
    assert second["error"] == "conflict"
    answer = requests.get(url, timeout=5).json()
    assert base64.b64decode(answer["message"]) == MESSAGE
    assert requests.get(url, timeout=5).json() == {"message": None}  # erased when fetched
    assert_error(requests.put(url, data=MESSAGE, timeout=5), 409)  # still used


def test_a_waiting_fetch_wakes_when_the_message_arrives(relay: RelayProcess) -> None:
    url = channel_url(relay.url)
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        waiting = pool.submit(requests.get, url + "?wait=20", timeout=30)
        time.sleep(0.3)
        assert not waiting.done()
        assert requests.put(url, data=MESSAGE, timeout=5).status_code == 204
        answer = waiting.result(timeout=10)
    assert time.monotonic() - started < 5  # well before the 20 s wait ends
    assert base64.b64decode(answer.json()["message"]) == MESSAGE


def test_a_fetch_answers_null_when_its_wait_passes(relay: RelayProcess) -> None:
    started = time.monotonic()
    assert requests.get(channel_url(relay.url) + "?wait=0.3", timeout=5).json() == {"message": None}
    assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("PUT", "/v1/provisioning/" + "cd" * 32, b"x" * 1000, 400),  # not a bucket size
        ("PUT", "/v1/provisioning/" + "cd" * 32, b"", 400),
        ("PUT", "/v1/provisioning/short", MESSAGE, 400),
        ("PUT", "/v1/provisioning/" + "CD" * 32, MESSAGE, 400),
        ("PUT", "/v1/provisioning/" + "cd" * 32, b"x" * 70_000, 413),
        ("GET", "/v1/provisioning/" + "cd" * 32 + "?wait=31", b"", 400),
        ("GET", "/v1/provisioning/" + "cd" * 32 + "?wait=soon", b"", 400),
        ("POST", "/v1/provisioning/" + "cd" * 32, MESSAGE, 405),
    ],
)
def test_bad_provisioning_requests_are_typed_4xx(
    relay: RelayProcess, method: str, path: str, body: bytes, status: int
) -> None:
    response = requests.request(method, relay.url + path, data=body, timeout=5)
    assert_error(response, status)


def test_a_provisioning_message_expires_after_its_ttl() -> None:
    config = RelayConfig(rate_limits=None, provisioning_ttl=0.5, sweep_interval=0.2)
    app = create_app(config, SqliteRelayStore(":memory:"))
    with served(app) as (host, port):
        url = channel_url(f"http://{host}:{port}")
        assert requests.put(url, data=MESSAGE, timeout=5).status_code == 204
        time.sleep(0.8)
        assert requests.get(url, timeout=5).json() == {"message": None}
        assert requests.put(url, data=MESSAGE, timeout=5).status_code == 204  # free again


def test_lookups_and_provisioning_are_rate_limited_per_ip() -> None:
    limits = RateLimits(
        per_ip=RateLimit(1000, 1000),
        lookups_per_ip=RateLimit(0.001, 2),
        provisioning_per_ip=RateLimit(0.001, 3),
    )
    app = create_app(RelayConfig(rate_limits=limits), SqliteRelayStore(":memory:"))
    with served(app) as (host, port):
        base = f"http://{host}:{port}"
        lookups = [fetch(base, os.urandom(32)).status_code for _ in range(3)]
        assert lookups == [404, 404, 429]
        url = channel_url(base)
        calls = [
            requests.put(url, data=MESSAGE, timeout=5).status_code,
            requests.get(url, timeout=5).status_code,
            requests.get(url, timeout=5).status_code,
        ]
        assert calls == [204, 200, 200]
        limited = requests.get(url, timeout=5)
        assert_error(limited, 429)
        assert int(limited.headers["Retry-After"]) >= 1


# --- what the relay holds -----------------------------------------------------------------------
def test_inspect_prints_device_lists_and_provisioning_sizes_only(tmp_path: Path) -> None:
    seed = os.urandom(32)
    with relay_process(tmp_path) as relay:
        listed = statement(seed, 2)
        assert publish(relay.url, seed, listed).status_code == 204
        channel = os.urandom(32)
        assert requests.put(channel_url(relay.url, channel), data=MESSAGE).status_code == 204
        inventory = subprocess.run(
            [sys.executable, "-m", "app.relay", "inspect", "--db", str(relay.db), "--json"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    tables = json.loads(inventory)
    assert tables["device_lists"]["rows"][0][:2] == [bytes(SigningKey(seed).verify_key).hex(), "2"]
    assert listed.hex() in inventory
    assert tables["provisioning"]["rows"][0][:2] == ["1024 bytes", "waiting"]
    assert MESSAGE.hex() not in inventory and channel.hex() not in inventory
    assert base64.b64encode(MESSAGE).decode() not in inventory


def test_the_schema_documents_the_new_routes(relay: RelayProcess) -> None:
    schema = requests.get(f"{relay.url}/openapi.json", timeout=5).json()
    devices = schema["paths"]["/v1/accounts/{account}/devices"]
    assert {"get", "put"} <= set(devices) and "409" in devices["put"]["responses"]
    assert "application/octet-stream" in devices["put"]["requestBody"]["content"]
    channel = schema["paths"]["/v1/provisioning/{channel}"]
    assert {"get", "put"} <= set(channel) and "409" in channel["put"]["responses"]
