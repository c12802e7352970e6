"""The relay over HTTP, against a real uvicorn process on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import uvicorn
from fastapi import FastAPI
from nacl.signing import SigningKey

from app.net import RateLimited, RelayClient, RelayError
from app.relay.cli import main
from app.relay.config import RelayConfig
from app.relay.ratelimit import RateLimit, RateLimits
from app.relay.server import create_app
from app.relay.sqlite_store import SqliteRelayStore
from app.wire import SignedHeaders, SignedPreKey, signing_message
from tests.relay_process import RelayProcess, relay_process

ENVELOPE = b"\x42" * 1024


def new_client(relay: RelayProcess) -> RelayClient:
    return RelayClient(relay.url, os.urandom(32))


def signed(
    key: SigningKey,
    method: str,
    path: str,
    query: str = "",
    body: bytes = b"",
    *,
    timestamp: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    nonce = nonce or secrets.token_hex(16)
    message = signing_message(method, path, query, body, timestamp, nonce)
    return {
        SignedHeaders.TIMESTAMP: str(timestamp),
        SignedHeaders.NONCE: nonce,
        SignedHeaders.SIGNATURE: key.sign(message).signature.hex(),
    }


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def assert_error(response: requests.Response, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"} and body["error"] and body["detail"]
    return dict(body)


# --- auth ---------------------------------------------------------------------------------------
def test_a_mailbox_cannot_be_read_or_acked_by_another_key(relay: RelayProcess) -> None:
    alice, mallory = SigningKey.generate(), SigningKey.generate()
    mailbox = bytes(alice.verify_key).hex()
    new_client(relay).send(bytes(alice.verify_key), ENVELOPE, "k")
    path = f"/v1/mailboxes/{mailbox}/envelopes"
    read = requests.get(relay.url + path, headers=signed(mallory, "GET", path), timeout=5)
    assert_error(read, 401)
    body = json.dumps({"envelope_ids": ["0" * 32]}).encode()
    ack_path = f"/v1/mailboxes/{mailbox}/ack"
    ack = requests.post(
        relay.url + ack_path, data=body, headers=signed(mallory, "POST", ack_path, body=body)
    )
    assert_error(ack, 401)
    own = requests.get(relay.url + path, headers=signed(alice, "GET", path), timeout=5)
    assert own.status_code == 200 and len(own.json()["envelopes"]) == 1


def test_stale_replayed_and_altered_requests_are_refused(relay: RelayProcess) -> None:
    key = SigningKey.generate()
    mailbox = bytes(key.verify_key).hex()
    path = f"/v1/mailboxes/{mailbox}/envelopes"
    url = relay.url + path
    stale = signed(key, "GET", path, timestamp=int(time.time()) - 90)
    assert "timestamp" in assert_error(requests.get(url, headers=stale), 401)["detail"]
    future = signed(key, "GET", path, timestamp=int(time.time()) + 90)
    assert_error(requests.get(url, headers=future), 401)

    headers = signed(key, "GET", path)
    assert requests.get(url, headers=headers).status_code == 200
    assert "nonce" in assert_error(requests.get(url, headers=headers), 401)["detail"]

    query_signed = signed(key, "GET", path, query="limit=5")
    assert_error(requests.get(url + "?limit=6", headers=query_signed), 401)
    other_path = f"/v1/mailboxes/{mailbox}/prekeys/count"
    assert_error(requests.get(relay.url + other_path, headers=signed(key, "GET", path)), 401)

    ack_path = f"/v1/mailboxes/{mailbox}/ack"
    body = json.dumps({"envelope_ids": []}).encode()
    altered = json.dumps({"envelope_ids": ["1" * 32]}).encode()
    headers = signed(key, "POST", ack_path, body=body)
    assert_error(requests.post(relay.url + ack_path, data=altered, headers=headers), 401)
    assert_error(requests.get(url), 400)  # no signature headers at all


# --- prekeys ------------------------------------------------------------------------------------
def signed_prekey(key: SigningKey, key_id: int = 1) -> SignedPreKey:
    public = os.urandom(32)
    return SignedPreKey(key_id, public, key.sign(b"\x05" + public).signature)


def test_prekeys_publish_count_and_claim(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    owner = RelayClient(relay.url, seed)
    spk = signed_prekey(SigningKey(seed))
    owner.publish_prekeys(spk, [(n, os.urandom(32)) for n in range(150)])
    assert owner.prekey_count() == 150
    bundle = new_client(relay).fetch_bundle(owner.mailbox)
    assert bundle.identity_key == owner.mailbox and bundle.signed_prekey == spk.public_key
    assert bundle.signed_prekey_signature == spk.signature and bundle.one_time_prekey_id == 0
    assert owner.prekey_count() == 149


def test_a_signed_prekey_with_a_bad_signature_is_refused(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    forged = signed_prekey(SigningKey.generate())
    with pytest.raises(RelayError) as refused:
        RelayClient(relay.url, seed).publish_prekeys(forged, [])
    assert refused.value.status == 400


def test_a_mailbox_holds_at_most_1000_one_time_prekeys(relay: RelayProcess) -> None:
    owner = new_client(relay)
    owner.publish_prekeys(None, [(n, os.urandom(32)) for n in range(1000)])
    with pytest.raises(RelayError) as refused:
        owner.publish_prekeys(None, [(1000, os.urandom(32))])
    assert (refused.value.status, refused.value.error) == (400, "too_many_prekeys")
    assert owner.prekey_count() == 1000


def test_fifty_concurrent_fetchers_never_share_a_one_time_prekey(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    owner = RelayClient(relay.url, seed)
    owner.publish_prekeys(signed_prekey(SigningKey(seed)), [(n, os.urandom(32)) for n in range(40)])
    fetchers = [new_client(relay) for _ in range(50)]
    barrier = threading.Barrier(50)

    def fetch(client: RelayClient) -> int | None:
        barrier.wait()
        return client.fetch_bundle(owner.mailbox).one_time_prekey_id

    with ThreadPoolExecutor(50) as pool:
        claimed = list(pool.map(fetch, fetchers))
    handed_out = [key_id for key_id in claimed if key_id is not None]
    assert sorted(handed_out) == list(range(40))
    assert claimed.count(None) == 10
    assert owner.prekey_count() == 0


# --- messages -----------------------------------------------------------------------------------
def test_a_waiting_poll_wakes_when_an_envelope_arrives(relay: RelayProcess) -> None:
    receiver = new_client(relay)
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(receiver.poll, 20.0)
        time.sleep(0.3)  # let the poll reach the relay and start waiting
        assert not waiting.done()
        envelope_id = new_client(relay).send(receiver.mailbox, ENVELOPE, "wake")
        deliveries = waiting.result(timeout=10)  # well before the 20 s wait ends
    assert [(d.envelope_id, d.envelope) for d in deliveries] == [(envelope_id, ENVELOPE)]


def test_a_poll_without_envelopes_answers_empty_after_its_wait(relay: RelayProcess) -> None:
    assert new_client(relay).poll(wait=0.2) == []


def test_ack_deletes_and_unacked_envelopes_come_back_oldest_first(relay: RelayProcess) -> None:
    receiver, sender = new_client(relay), new_client(relay)
    sizes = [1024, 4096, 16384, 65536]
    ids = [
        sender.send(receiver.mailbox, bytes([n]) * size, f"k{n}") for n, size in enumerate(sizes)
    ]
    assert sender.send(receiver.mailbox, b"\x00" * 1024, "k0") == ids[0]  # idempotent retry
    first = receiver.poll(limit=2)
    assert [d.envelope_id for d in first] == ids[:2]
    assert [d.envelope_id for d in receiver.poll()] == ids  # nothing acked: all come back
    receiver.ack([ids[0], ids[2]])
    again = receiver.poll()
    assert [d.envelope_id for d in again] == [ids[1], ids[3]]
    assert [len(d.envelope) for d in again] == [4096, 65536]


def test_a_full_mailbox_refuses_with_429_until_acked(tmp_path: Path) -> None:
    with relay_process(tmp_path, "--mailbox-quota", "1000") as relay:
        receiver, sender = new_client(relay), new_client(relay)
        with ThreadPoolExecutor(4) as pool:
            ids = list(
                pool.map(lambda n: sender.send(receiver.mailbox, ENVELOPE, f"q{n}"), range(1000))
            )
        with pytest.raises(RateLimited) as full:
            sender.send(receiver.mailbox, ENVELOPE, "one-too-many")
        assert full.value.retry_after >= 1 and full.value.error == "mailbox_full"
        receiver.ack(ids[:1])
        sender.send(receiver.mailbox, ENVELOPE, "fits-again")


def test_envelopes_expire_after_the_ttl(tmp_path: Path) -> None:
    with relay_process(tmp_path, "--ttl-seconds", "1", "--sweep-interval", "0.2") as relay:
        receiver = new_client(relay)
        new_client(relay).send(receiver.mailbox, ENVELOPE, "ttl")
        assert len(receiver.poll()) == 1
        time.sleep(1.5)
        assert receiver.poll() == []
        inventory = subprocess.run(
            [sys.executable, "-m", "app.relay", "inspect", "--db", str(relay.db), "--json"],
            capture_output=True,
            check=True,
            text=True,
        )
        assert json.loads(inventory.stdout)["envelopes"]["rows"] == []  # swept, not just hidden


def test_all_envelopes_survive_kill_9_and_none_return_after_ack(tmp_path: Path) -> None:
    with relay_process(tmp_path) as relay:
        receiver, sender = new_client(relay), new_client(relay)
        with ThreadPoolExecutor(4) as pool:
            sent = set(
                pool.map(lambda n: sender.send(receiver.mailbox, ENVELOPE, f"d{n}"), range(500))
            )
        url = relay.url
        relay.restart()  # kill -9, then a new process on the same database and port
        assert relay.url == url
        delivered: list[str] = []
        while batch := receiver.poll():
            delivered += [d.envelope_id for d in batch]
            receiver.ack([d.envelope_id for d in batch])
        assert sorted(delivered) == sorted(sent) and len(delivered) == 500
        relay.restart()
        assert receiver.poll() == []


# --- blobs --------------------------------------------------------------------------------------
def test_blob_range_download_and_token_checks(relay: RelayProcess) -> None:
    created = requests.post(f"{relay.url}/v1/blobs", json={"size": 65536})
    assert created.status_code == 201
    blob_id, token = created.json()["blob_id"], created.json()["delete_token"]
    url = f"{relay.url}/v1/blobs/{blob_id}"
    data = os.urandom(65536)
    assert_error(requests.get(url), 404)  # not downloadable before the upload completes
    wrong = {"X-Bisik-Blob-Token": "A" * 43, "Upload-Offset": "0"}
    assert_error(requests.patch(url, data=data, headers=wrong), 403)
    good = {"X-Bisik-Blob-Token": token, "Upload-Offset": "0"}
    assert requests.patch(url, data=data[:1000], headers=good).json()["received"] == 1000
    conflict = requests.patch(url, data=data[:1000], headers=good)
    assert_error(conflict, 409)
    assert conflict.headers["Upload-Offset"] == "1000"
    rest = {"X-Bisik-Blob-Token": token, "Upload-Offset": "1000"}
    assert requests.patch(url, data=data[1000:], headers=rest).status_code == 200
    assert requests.get(url).content == data
    part = requests.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == data[100:200]
    assert part.headers["Content-Range"] == "bytes 100-199/65536"
    assert requests.get(url, headers={"Range": "bytes=-10"}).content == data[-10:]
    assert_error(requests.get(url, headers={"Range": "bytes=70000-"}), 416)
    assert_error(requests.get(url, headers={"Range": "pages=1-2"}), 400)
    assert_error(requests.delete(url, headers={"X-Bisik-Blob-Token": "B" * 43}), 403)
    assert requests.delete(url, headers={"X-Bisik-Blob-Token": token}).status_code == 204
    assert_error(requests.get(url), 404)


# --- bad input ----------------------------------------------------------------------------------
MAILBOX = "ab" * 32


@pytest.mark.parametrize(
    ("method", "path", "body", "headers"),
    [
        ("POST", f"/v1/mailboxes/{MAILBOX}/envelopes", b"x" * 1000, {}),  # not a bucket size
        ("POST", f"/v1/mailboxes/{MAILBOX}/envelopes", b"", {}),
        ("POST", "/v1/mailboxes/abc/envelopes", ENVELOPE, {}),  # short mailbox
        ("POST", f"/v1/mailboxes/{'AB' * 32}/envelopes", ENVELOPE, {}),  # not lowercase hex
        ("POST", f"/v1/mailboxes/{MAILBOX}/envelopes", ENVELOPE, {"Idempotency-Key": "a b"}),
        ("POST", f"/v1/mailboxes/{MAILBOX}/bundle", b"", {}),  # nothing published: 404
        ("POST", "/v1/blobs", b"{not json", {"Content-Type": "application/json"}),
        ("POST", "/v1/blobs", b'{"size": 1000}', {"Content-Type": "application/json"}),
        ("POST", "/v1/blobs", b'{"size": "big"}', {"Content-Type": "application/json"}),
        ("POST", "/v1/blobs", b'{"size": 65536, "x": 1}', {"Content-Type": "application/json"}),
        ("POST", "/v1/blobs", b"[]", {"Content-Type": "application/json"}),
        ("GET", "/v1/blobs/short", b"", {}),
        ("DELETE", f"/v1/mailboxes/{MAILBOX}/envelopes", b"", {}),  # wrong method
        ("PUT", "/v1/health", b"", {}),
        ("GET", "/v1/nowhere", b"", {}),
        ("GET", f"/v1/mailboxes/{MAILBOX}/envelopes?wait=31", b"", {}),
        ("GET", f"/v1/mailboxes/{MAILBOX}/envelopes?limit=0", b"", {}),
    ],
)
def test_bad_input_gets_a_4xx_json_error(
    relay: RelayProcess, method: str, path: str, body: bytes, headers: dict[str, str]
) -> None:
    response = requests.request(method, relay.url + path, data=body, headers=headers, timeout=5)
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code)


def test_prekey_bodies_with_wrong_lengths_and_encodings_are_refused(relay: RelayProcess) -> None:
    key = SigningKey.generate()
    path = f"/v1/mailboxes/{bytes(key.verify_key).hex()}/prekeys"
    for one_time in [
        [{"key_id": 1, "public_key": "00" * 31}],  # 31 bytes
        [{"key_id": 1, "public_key": "zz" * 32}],  # not hex
        [{"key_id": 1, "public_key": base64.b64encode(bytes(32)).decode()}],  # base64, not hex
        [{"key_id": 1, "public_key": "00" * 32, "extra": True}],
        [{"key_id": -1, "public_key": "00" * 32}],
        [{"key_id": 1, "public_key": "00" * 32}] * 101,  # over the batch limit
        [{"key_id": 1}],
    ]:
        body = json.dumps({"one_time_prekeys": one_time}).encode()
        headers = {**signed(key, "PUT", path, body=body), "Content-Type": "application/json"}
        assert_error(requests.put(relay.url + path, data=body, headers=headers), 400)


def test_signed_headers_in_bad_shapes_are_refused(relay: RelayProcess) -> None:
    key = SigningKey.generate()
    path = f"/v1/mailboxes/{bytes(key.verify_key).hex()}/envelopes"
    good = signed(key, "GET", path)
    for name, value in [
        (SignedHeaders.SIGNATURE, "00" * 63),
        (SignedHeaders.SIGNATURE, "zz" * 64),
        (SignedHeaders.NONCE, "short"),
        (SignedHeaders.TIMESTAMP, "yesterday"),
        (SignedHeaders.TIMESTAMP, "9" * 30),
    ]:
        assert_error(requests.get(relay.url + path, headers={**good, name: value}), 400)


def test_an_oversize_body_gets_413_before_it_is_read(relay: RelayProcess) -> None:
    host, port = relay.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(
            f"POST /v1/mailboxes/{MAILBOX}/envelopes HTTP/1.1\r\nHost: x\r\n"
            "Content-Length: 1000000000\r\n\r\n".encode()
        )  # announce a gigabyte and send none of it: the answer must come anyway
        answer = b""
        while piece := connection.recv(4096):  # the relay closes the connection after answering
            answer += piece
    answer_text = answer.decode()
    assert answer_text.startswith("HTTP/1.1 413")
    assert '"error":"payload_too_large"' in answer_text


def test_a_chunked_body_without_length_gets_411(relay: RelayProcess) -> None:
    response = requests.post(
        f"{relay.url}/v1/mailboxes/{MAILBOX}/envelopes", data=iter([ENVELOPE]), timeout=5
    )
    assert_error(response, 411)


@pytest.mark.parametrize("path", ["/v1/mailboxes/" + "ab" * 32 + "/envelopes", "/v1/blobs"])
def test_a_body_that_stops_arriving_gets_408(path: str) -> None:
    """Regression: a client that sent a Content-Length and then too few bytes held its request
    (and a relay task) open for good."""
    app = create_app(RelayConfig(rate_limits=None, body_timeout=0.2), SqliteRelayStore(":memory:"))
    with served(app) as address, socket.create_connection(address) as connection:
        head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        connection.sendall(f"{head}Content-Length: 1024\r\n\r\n{{".encode())
        connection.settimeout(10)
        answer = connection.makefile("rb").read()  # the relay answers and closes
    status_line, _, body = answer.partition(b"\r\n\r\n")
    assert status_line.startswith(b"HTTP/1.1 408")
    assert json.loads(body)["error"] == "request_timeout"


def test_the_openapi_schema_documents_400_not_422(relay: RelayProcess) -> None:
    schema = requests.get(f"{relay.url}/openapi.json").json()
    responses = [op["responses"] for path in schema["paths"].values() for op in path.values()]
    assert responses and all("422" not in codes and "400" in codes for codes in responses)
    assert "ErrorBody" in schema["components"]["schemas"]
    send = schema["paths"]["/v1/mailboxes/{mailbox}/envelopes"]["post"]
    assert "application/octet-stream" in send["requestBody"]["content"]


def test_rate_limits_answer_429_with_retry_after(tmp_path: Path) -> None:
    with relay_process(tmp_path, "--rate-limit-scale", "0.05") as relay:  # 10 requests per IP
        statuses = [requests.get(f"{relay.url}/v1/health").status_code for _ in range(20)]
        assert statuses[0] == 200 and statuses[-1] == 429
        limited = requests.get(f"{relay.url}/v1/health")
        assert_error(limited, 429)
        assert int(limited.headers["Retry-After"]) >= 1


# --- what the relay holds -----------------------------------------------------------------------
def test_inspect_and_the_raw_database_hold_no_plaintext_or_sender(tmp_path: Path) -> None:
    plaintext, sender_name = b"meet me at the old mill at noon", b"Alice Example"
    sender_seed, receiver_seed = os.urandom(32), os.urandom(32)
    sender_key = bytes(SigningKey(sender_seed).verify_key)
    with relay_process(tmp_path) as relay:
        receiver = RelayClient(relay.url, receiver_seed)
        sender = RelayClient(relay.url, sender_seed)
        # The relay only ever sees padded ciphertext; the test stands in for the crypto layer.
        from nacl.secret import SecretBox

        box = SecretBox(os.urandom(32))
        inner = sender_name + b"\n" + sender_key + b"\n" + plaintext
        sealed = box.encrypt(inner)
        sender.send(receiver.mailbox, sealed + bytes(1024 - len(sealed)), "conv-1")
        receiver.poll()
        text = subprocess.run(
            [sys.executable, "-m", "app.relay", "inspect", "--db", str(relay.db)],
            capture_output=True,
            check=True,
        ).stdout
        as_json = subprocess.run(
            [sys.executable, "-m", "app.relay", "inspect", "--db", str(relay.db), "--json"],
            capture_output=True,
            check=True,
        ).stdout
        relay.stop()
    assert b"== envelopes: 1 row ==" in text and receiver.mailbox.hex().encode() in text
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("relay.sqlite3*"))
    for haystack in (text, as_json, raw):
        for needle in (plaintext, sender_name, sender_key, sender_key.hex().encode()):
            assert needle not in haystack


def test_inspect_of_a_missing_database_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inspect", "--db", str(tmp_path / "none")]) == 1
    assert "no database" in capsys.readouterr().err


def test_serve_needs_both_tls_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--ssl-certfile", "x", "--db", str(tmp_path / "db")]) == 2
    assert "--ssl-keyfile" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_serve_over_tls(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.relay",
            "serve",
            "--port",
            "0",
            "--db",
            str(tmp_path / "db"),
            "--ssl-certfile",
            str(cert),
            "--ssl-keyfile",
            str(key),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("https://127.0.0.1:")
        assert requests.get(f"{url}/v1/health", verify=str(cert), timeout=10).json() == {
            "status": "ok"
        }
    finally:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


@contextmanager
def served(app: FastAPI) -> Iterator[tuple[str, int]]:
    """The app on in-process uvicorn (a thread) on a free loopback port, so a test can look at
    the relay's memory or give it a config the command line does not offer."""
    listener = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(
        uvicorn.Config(app, loop="uvloop", http="httptools", log_level="warning")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]})
    thread.start()
    try:
        wait_until(lambda: server.started)
        yield listener.getsockname()
    finally:
        server.should_exit = True
        thread.join()
        listener.close()


def test_a_waiting_poll_whose_client_hangs_up_is_forgotten() -> None:
    app = create_app(RelayConfig(rate_limits=None), SqliteRelayStore(":memory:"))
    with served(app) as address:
        key = SigningKey.generate()
        path = f"/v1/mailboxes/{bytes(key.verify_key).hex()}/envelopes"
        headers = signed(key, "GET", path, query="wait=30")
        request = f"GET {path}?wait=30 HTTP/1.1\r\nHost: x\r\n"
        request += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
        waiters = app.state.relay.waiters
        with socket.create_connection(address) as connection:
            connection.sendall(request.encode())
            wait_until(lambda: len(waiters) == 1)
        wait_until(lambda: len(waiters) == 0)  # hung up: the relay stops waiting, well before 30 s


def test_senders_cannot_spend_the_owners_rate_limit() -> None:
    """Regression: sends to a mailbox and its owner's polls shared one bucket, so anyone could
    lock an owner out of its own mailbox by sending to it."""
    limits = RateLimits(per_ip=RateLimit(1000, 1000), per_mailbox=RateLimit(0.001, 3))
    app = create_app(RelayConfig(rate_limits=limits), SqliteRelayStore(":memory:"))
    with served(app) as (host, port):
        key = SigningKey.generate()
        path = f"/v1/mailboxes/{bytes(key.verify_key).hex()}/envelopes"
        url = f"http://{host}:{port}{path}"
        sends = [requests.post(url, data=ENVELOPE, timeout=5).status_code for _ in range(4)]
        assert sends == [201, 201, 201, 429]
        poll = requests.get(url, headers=signed(key, "GET", path), timeout=5)
        assert poll.status_code == 200 and len(poll.json()["envelopes"]) == 3


def test_serve_on_a_busy_port_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = str(busy.getsockname()[1])
        assert main(["serve", "--port", port, "--db", str(tmp_path / "db")]) == 1
    assert "cannot listen" in capsys.readouterr().err


def test_inspect_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    """`bisik-relay inspect | head -1` must not end in a traceback."""
    with relay_process(tmp_path) as relay:
        client = new_client(relay)
        for number in range(300):  # far more output than a pipe buffers
            client.send(client.mailbox, bytes(1024), f"key-{number}")
        inspect = subprocess.Popen(
            [sys.executable, "-m", "app.relay", "inspect", "--db", str(relay.db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert inspect.stdout is not None and inspect.stderr is not None
        inspect.stdout.read(10)
        inspect.stdout.close()  # like `head` after its first line
        assert inspect.wait(timeout=60) == 0
        assert b"Traceback" not in inspect.stderr.read()


def test_a_client_that_hangs_up_mid_body_is_no_server_error(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A send whose client goes away halfway through its body ends quietly: nobody is left to
    answer, and it is no fault of the relay (no "Exception in ASGI application" in the log)."""
    app = create_app(RelayConfig(rate_limits=None), SqliteRelayStore(":memory:"))
    with served(app) as address:  # uvicorn logs to stderr, past the logging module's capture
        path = f"/v1/mailboxes/{'ab' * 32}/envelopes"
        for _ in range(3):
            with socket.create_connection(address) as conn:
                conn.sendall(
                    f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n".encode()
                    + b"\x00" * 100
                )
                time.sleep(0.1)
        time.sleep(0.3)
    logged = capfd.readouterr().err
    assert "Exception in ASGI application" not in logged
    assert "ClientDisconnect" not in logged
