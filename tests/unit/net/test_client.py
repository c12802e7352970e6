"""RelayClient against a real relay process."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from nacl.signing import SigningKey

from app.net import NotFound, RateLimited, RelayClient, RelayError, RelayUnavailable
from app.wire import (
    BLOB_CHUNK_MAX,
    KEM_PUBLIC_KEY_LEN,
    KemPreKey,
    SignedPreKey,
    blob_bucket,
    kem_prekey_signing_message,
)
from tests.e2e.support import waiting_call
from tests.relay_process import RelayProcess, relay_process

ENVELOPE = b"\x17" * 1024
LIVENESS = 5.0  # generous: without close() the long-poll below would wait out its 20 s


def client(relay: RelayProcess, seed: bytes | None = None) -> RelayClient:
    return RelayClient(relay.url, seed or os.urandom(32))


def test_the_mailbox_is_the_identity_public_key_and_repr_hides_the_seed() -> None:
    seed = os.urandom(32)
    relay_client = RelayClient("http://127.0.0.1:1", seed)
    assert relay_client.mailbox == bytes(SigningKey(seed).verify_key)
    assert seed.hex() not in repr(relay_client) and repr(seed) not in repr(relay_client)
    with pytest.raises(ValueError):
        RelayClient("http://127.0.0.1:1", b"short")


def test_prekeys_are_published_in_batches_and_claimed(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    owner = client(relay, seed)
    public = os.urandom(32)
    spk = SignedPreKey(9, public, SigningKey(seed).sign(b"\x05" + public).signature)
    one_time = [(n, os.urandom(32)) for n in range(1, 251)]  # three requests
    owner.publish_prekeys(spk, one_time)
    assert owner.prekey_count() == 250
    bundle = client(relay).fetch_bundle(owner.mailbox)
    assert (bundle.identity_key, bundle.signed_prekey_id) == (owner.mailbox, 9)
    assert (bundle.one_time_prekey_id, bundle.one_time_prekey) == one_time[0]
    owner.publish_prekeys(None, [(1000, os.urandom(32))])
    assert owner.prekey_count() == 250


def kem_prekey(signer: SigningKey, key_id: int, last_resort: bool = False) -> KemPreKey:
    public = os.urandom(KEM_PUBLIC_KEY_LEN)  # the relay does not parse ML-KEM keys
    return KemPreKey(
        key_id, public, signer.sign(kem_prekey_signing_message(public)).signature, last_resort
    )


def test_kem_prekeys_are_published_in_batches_and_claimed(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    owner, signer = client(relay, seed), SigningKey(seed)
    public = os.urandom(32)
    spk = SignedPreKey(9, public, signer.sign(b"\x05" + public).signature)
    one_time = [(n, os.urandom(32)) for n in range(1, 151)]
    kems = [kem_prekey(signer, n) for n in range(1, 46)]  # three requests of them
    last_resort = kem_prekey(signer, 500, last_resort=True)
    owner.publish_prekeys(spk, one_time, kem_prekeys=[*kems, last_resort])
    assert (owner.prekey_count(), owner.kem_prekey_count()) == (150, 45)
    bundle = client(relay).fetch_bundle(owner.mailbox)
    assert (bundle.signed_prekey_id, bundle.one_time_prekey_id) == (9, 1)
    assert bundle.kem_prekey == kems[0]
    assert (owner.prekey_count(), owner.kem_prekey_count()) == (149, 44)
    owner.publish_prekeys(None, [], kem_prekeys=[kem_prekey(signer, 46)])  # KEM prekeys alone
    assert (owner.prekey_count(), owner.kem_prekey_count()) == (149, 45)
    with pytest.raises(ValueError):
        owner.publish_prekeys(None, [], kem_prekeys=[last_resort, kem_prekey(signer, 501, True)])
    assert owner.kem_prekey_count() == 45


def test_fetching_an_unknown_bundle_is_not_found(relay: RelayProcess) -> None:
    with pytest.raises(NotFound) as missing:
        client(relay).fetch_bundle(os.urandom(32))
    assert missing.value.status == 404 and missing.value.error == "not_found"


def test_send_poll_ack_round_trip(relay: RelayProcess) -> None:
    receiver, sender = client(relay), client(relay)
    first = sender.send(receiver.mailbox, ENVELOPE, "one")
    assert sender.send(receiver.mailbox, ENVELOPE, "one") == first
    second = sender.send(receiver.mailbox, b"\x01" * 4096, "two")
    deliveries = receiver.poll()
    assert [(d.envelope_id, len(d.envelope)) for d in deliveries] == [(first, 1024), (second, 4096)]
    assert deliveries[0].envelope == ENVELOPE and deliveries[0].received_at > 0
    receiver.ack([first])
    assert [d.envelope_id for d in receiver.poll(limit=5)] == [second]
    receiver.ack([second])
    receiver.ack([])
    assert receiver.poll(wait=0.1) == []
    assert receiver.poll(wait=-1, limit=1000) == []  # clamped to what the relay accepts


def test_a_wrong_size_envelope_is_a_relay_error(relay: RelayProcess) -> None:
    with pytest.raises(RelayError) as refused:
        client(relay).send(os.urandom(32), b"x" * 1000, "bad")
    assert refused.value.status == 400 and "length" in refused.value.detail


def test_one_client_is_safe_from_several_threads(relay: RelayProcess) -> None:
    receiver, sender = client(relay), client(relay)
    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(lambda n: sender.send(receiver.mailbox, ENVELOPE, f"t{n}"), range(80)))
        counts = list(pool.map(lambda _: receiver.prekey_count(), range(16)))  # signed, in parallel
    assert counts == [0] * 16
    assert {d.envelope_id for d in receiver.poll()} == ids


def test_an_unreachable_relay_is_unavailable() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    unreachable = RelayClient(f"http://127.0.0.1:{port}", os.urandom(32), timeout=2)
    with pytest.raises(RelayUnavailable):
        unreachable.poll()
    with pytest.raises(RelayUnavailable):
        unreachable.send(os.urandom(32), ENVELOPE, "x")


def test_rate_limits_surface_with_retry_after(tmp_path: Path) -> None:
    with relay_process(tmp_path, "--rate-limit-scale", "0.01") as relay:  # bursts of 2
        sender = client(relay)
        with pytest.raises(RateLimited) as limited:
            for n in range(10):
                sender.send(os.urandom(32), ENVELOPE, f"r{n}")
        assert limited.value.status == 429 and limited.value.retry_after >= 1


def test_blob_upload_pads_to_the_bucket_and_downloads_back(relay: RelayProcess) -> None:
    data = os.urandom(BLOB_CHUNK_MAX + 12345)  # two chunks and a padded third
    seen: list[tuple[int, int]] = []
    uploader = client(relay)
    ref = uploader.upload_blob(
        io.BytesIO(data), len(data), lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (len(data), len(data)) and len(seen) == 2
    assert ref.delete_token not in repr(ref)
    bucket = blob_bucket(len(data))
    assert bucket is not None
    status = requests.get(f"{relay.url}/v1/blobs/{ref.blob_id}/status").json()
    assert status == {"size": bucket, "received": bucket}

    whole = io.BytesIO()
    client(relay).download_blob(ref.blob_id, whole)
    assert whole.getvalue() == data + bytes(bucket - len(data))  # zero padding

    exact = io.BytesIO()
    client(relay).download_blob(ref.blob_id, exact, size=len(data))
    assert exact.getvalue() == data

    uploader.delete_blob(ref.blob_id, ref.delete_token)
    with pytest.raises(NotFound):
        client(relay).download_blob(ref.blob_id, io.BytesIO())


def test_a_download_resumes_from_what_dest_already_holds(relay: RelayProcess) -> None:
    data = os.urandom(200_000)
    ref = client(relay).upload_blob(io.BytesIO(data), len(data))
    partial = io.BytesIO(data[:70_000])
    progress: list[tuple[int, int]] = []
    client(relay).download_blob(
        ref.blob_id, partial, lambda done, total: progress.append((done, total)), size=len(data)
    )
    assert partial.getvalue() == data
    assert progress[0][0] > 70_000 and progress[-1] == (200_000, 200_000)
    client(relay).download_blob(ref.blob_id, partial, size=len(data))  # complete: nothing to do
    assert partial.getvalue() == data


def test_an_interrupted_upload_resumes_after_the_relay_comes_back(tmp_path: Path) -> None:
    data = os.urandom(3 * BLOB_CHUNK_MAX)
    with relay_process(tmp_path) as relay:

        class RelayDiesAtChunkThree(io.BytesIO):
            """Stands in for a dropped connection: the relay is killed as chunk 3 is read."""

            reads = 0

            def read(self, size: int | None = -1) -> bytes:
                self.reads += 1
                if self.reads == 3:
                    relay.kill()
                return super().read(size)

        uploader = client(relay)
        ref = uploader.create_blob(len(data))
        with pytest.raises(RelayUnavailable):
            uploader.resume_upload(ref, RelayDiesAtChunkThree(data), len(data))
        relay.start()  # same port: the same client carries on
        seen: list[int] = []
        uploader.resume_upload(ref, io.BytesIO(data), len(data), lambda done, _: seen.append(done))
        assert seen == [len(data), len(data)]  # chunk 3 and the padding up to 4 MiB, no more
        out = io.BytesIO()
        uploader.download_blob(ref.blob_id, out, size=len(data))
        assert out.getvalue() == data


def test_resume_upload_sends_only_the_missing_part(relay: RelayProcess) -> None:
    data = os.urandom(2 * BLOB_CHUNK_MAX + 10)
    uploader = client(relay)
    ref = uploader.create_blob(len(data))
    headers = {"X-Bisik-Blob-Token": ref.delete_token, "Upload-Offset": "0"}
    first = data[:BLOB_CHUNK_MAX]
    requests.patch(f"{relay.url}/v1/blobs/{ref.blob_id}", data=first, headers=headers)
    seen: list[int] = []
    uploader.resume_upload(ref, io.BytesIO(data), len(data), lambda done, _total: seen.append(done))
    assert seen[0] == 2 * BLOB_CHUNK_MAX  # started after the first chunk
    out = io.BytesIO()
    uploader.download_blob(ref.blob_id, out, size=len(data))
    assert out.getvalue() == data


def test_a_blob_over_the_cap_is_refused_before_any_request() -> None:
    with pytest.raises(ValueError):
        RelayClient("http://127.0.0.1:1", os.urandom(32)).upload_blob(io.BytesIO(), 101 * 2**20)


def test_a_long_poll_returns_when_another_thread_sends(relay: RelayProcess) -> None:
    receiver, sender = client(relay), client(relay)
    timer = threading.Timer(0.3, lambda: sender.send(receiver.mailbox, ENVELOPE, "later"))
    timer.start()
    try:
        deliveries = receiver.poll(wait=20)
    finally:
        timer.join()
    assert [d.envelope for d in deliveries] == [ENVELOPE]


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_close_ends_a_long_poll_in_flight_and_every_later_call(
    scheme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args: tuple[str, ...] = ()
    if scheme == "https":
        if shutil.which("openssl") is None:
            pytest.skip("needs openssl to make a certificate")
        cert, key = _self_signed_certificate(tmp_path)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # requests trusts it from here on
        args = ("--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
    with relay_process(tmp_path, *args) as relay:
        assert relay.url.startswith(f"{scheme}://")
        poller = client(relay)
        poller.poll()  # a connection to reuse, as the receive loop has
        errors: list[Exception] = []
        thread = waiting_call(lambda: poller.poll(wait=20), errors, LIVENESS)
        poller.close()
        thread.join(LIVENESS)
        assert not thread.is_alive()
        assert len(errors) == 1 and isinstance(errors[0], RelayUnavailable)
        for call in (poller.poll, poller.prekey_count, lambda: poller.create_blob(10)):
            with pytest.raises(RelayUnavailable, match="closed"):
                call()
        poller.close()  # idempotent
        other = client(relay)  # the relay itself serves on
        other.send(other.mailbox, ENVELOPE, "after")
        assert [d.envelope for d in other.poll()] == [ENVELOPE]


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
            *("-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key
