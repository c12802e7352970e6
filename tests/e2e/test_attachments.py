"""A 10 MB attachment round trip: digest checked, a download interrupted halfway and resumed,
tampering refused, and no plaintext of the file on disk on either side; an upload cut off by a
killed relay resumes the same blob after the app and the relay restart."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from app.service.account import open_profile
from app.service.api import MessageStatus
from app.service.errors import AttachmentError
from app.service.messenger import Messenger
from tests.e2e.support import (
    PASSPHRASE,
    conversation_id,
    files_containing,
    make_pair,
    relay_inspect,
)
from tests.relay_process import RelayProcess, relay_process

SIZE = 10 * 1024 * 1024


class Interrupted(Exception):
    pass


def _send(a: Messenger, b: Messenger, path: Path) -> int:
    """Send `path` from a to b; returns b's local message id of the attachment."""
    progress: list[tuple[int, int]] = []
    sent = a.send_file(
        conversation_id(a, b), path, lambda done, total: progress.append((done, total))
    )
    assert a.outbox_size() == 1  # uploaded, the pointer queued
    a.flush_outbox()
    assert a.message(sent.message_id).status is MessageStatus.SENT
    assert sent.attachment is not None and sent.attachment.size == path.stat().st_size
    assert progress and progress[-1][0] == progress[-1][1]
    b.sync_once()
    incoming = b.messages_before(conversation_id(b, a), None, 1)[0]
    assert incoming.kind == "attachment" and incoming.attachment is not None
    assert (incoming.attachment.name, incoming.attachment.size) == (path.name, path.stat().st_size)
    assert not incoming.attachment.complete
    return incoming.message_id


def test_ten_megabytes_round_trip_with_an_interrupted_download(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    data = os.urandom(SIZE)
    source = tmp_path / "foto-liburan.bin"
    source.write_bytes(data)
    message_id = _send(a, b, source)

    def stop_halfway(done: int, total: int) -> None:
        if done > total // 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        b.download_attachment(message_id, stop_halfway)
    assert not b.message(message_id).attachment.complete  # type: ignore[union-attr]

    resumed: list[int] = []
    dest = tmp_path / "saved.bin"
    b.save_attachment(message_id, dest, lambda done, total: resumed.append(done))
    assert resumed[0] > SIZE // 2  # it went on from where it stopped
    assert hashlib.sha256(dest.read_bytes()).digest() == hashlib.sha256(data).digest()
    assert b.message(message_id).attachment.complete  # type: ignore[union-attr]

    source.unlink()
    dest.unlink()
    samples = [data[i : i + 48] for i in range(0, SIZE, SIZE // 8)]
    a.lock()
    b.lock()
    assert files_containing(tmp_path / "a", samples) == []
    assert files_containing(tmp_path / "b", samples) == []


def test_altered_download_is_refused_and_fetched_again(relay: RelayProcess, tmp_path: Path) -> None:
    a, b = make_pair(tmp_path, relay.url)
    data = os.urandom(300_000)
    source = tmp_path / "catatan.txt"
    source.write_bytes(data)
    message_id = _send(a, b, source)

    def stop_early(done: int, total: int) -> None:
        if done > 100_000:
            raise Interrupted

    with pytest.raises(Interrupted):
        b.download_attachment(message_id, stop_early)
    (part,) = (tmp_path / "b" / "transfers").glob("*.part")
    damaged = bytearray(part.read_bytes())
    damaged[5000] ^= 0x01
    part.write_bytes(bytes(damaged))
    with pytest.raises(AttachmentError, match="digest"):
        b.download_attachment(message_id)
    assert list((tmp_path / "b" / "transfers").glob("*.part")) == []  # the bad bytes are gone
    b.save_attachment(message_id, tmp_path / "ok.txt")
    assert (tmp_path / "ok.txt").read_bytes() == data
    a.lock()
    b.lock()


def _blobs(relay: RelayProcess) -> dict[str, int]:
    """Blob id -> bytes received, as `bisik-relay inspect --json` shows the relay's database."""
    rows = json.loads(relay_inspect(relay.db, "--json"))["blobs"]["rows"]
    return {row[0]: int(row[2].split()[0]) for row in rows}


def _cut_off_upload(relay: RelayProcess, tmp_path: Path) -> tuple[bytes, str]:
    """Ani sends Budi a 3 MB file and the relay is killed (-9) after the first 1 MiB chunk;
    Ani's app is closed. Returns the file and the blob id the relay holds part of."""
    a, b = make_pair(tmp_path, relay.url)
    b.lock()
    data = os.urandom(3 * 1024 * 1024)  # four 1 MiB chunks with the padding to 4 MiB
    source = tmp_path / "rekaman.bin"
    source.write_bytes(data)

    def kill_relay_after_the_first_chunk(done: int, total: int) -> None:
        if done < total:
            relay.kill()

    sent = a.send_file(conversation_id(a, b), source, kill_relay_after_the_first_chunk)
    assert sent.status is MessageStatus.PENDING and a.outbox_size() == 0
    a.lock()
    ((blob_id, received),) = _blobs(relay).items()
    assert 0 < received < len(data)  # cut off midway; the relay kept what had arrived
    return data, blob_id


def _restart_and_deliver(relay: RelayProcess, tmp_path: Path, data: bytes) -> dict[str, int]:
    """Restart the relay and Ani's app, let the upload finish, check that Budi gets the file;
    returns the relay's blobs as they were once Ani's message was sent."""
    relay.start()
    a = open_profile(tmp_path / "a", PASSPHRASE)
    b = open_profile(tmp_path / "b", PASSPHRASE)
    assert a.flush_outbox() == 1  # the upload finished, then the pointer went out
    (sent,) = a.messages_before(conversation_id(a, b), None, 1)
    assert sent.status is MessageStatus.SENT
    assert list((tmp_path / "a" / "transfers").iterdir()) == []
    blobs = _blobs(relay)
    b.sync_once()
    (incoming,) = b.messages_before(conversation_id(b, a), None, 1)
    dest = tmp_path / "saved.bin"
    b.save_attachment(incoming.message_id, dest)  # checks the digest before decrypting
    assert hashlib.sha256(dest.read_bytes()).digest() == hashlib.sha256(data).digest()
    a.lock()
    b.lock()
    return blobs


def test_upload_resumes_the_same_blob_after_relay_and_app_restarts(tmp_path: Path) -> None:
    with relay_process(tmp_path / "relay") as relay:
        data, blob_id = _cut_off_upload(relay, tmp_path)
        blobs = _restart_and_deliver(relay, tmp_path, data)
        assert blobs == {blob_id: 4 * 1024 * 1024}  # the same blob went on; no second one
        assert _blobs(relay) == {}  # fetched, then deleted with the pointer's token


def _lose_the_ciphertext(relay: RelayProcess, tmp_path: Path) -> None:
    (cipher,) = (tmp_path / "a" / "transfers").iterdir()
    cipher.unlink()


def _lose_the_relay_database(relay: RelayProcess, tmp_path: Path) -> None:
    for path in relay.db.parent.glob(relay.db.name + "*"):
        path.unlink()


@pytest.mark.parametrize("lose", [_lose_the_ciphertext, _lose_the_relay_database])
def test_upload_starts_a_new_blob_when_the_old_one_cannot_go_on(
    tmp_path: Path, lose: Callable[[RelayProcess, Path], None]
) -> None:
    with relay_process(tmp_path / "relay") as relay:
        data, blob_id = _cut_off_upload(relay, tmp_path)
        lose(relay, tmp_path)
        blobs = _restart_and_deliver(relay, tmp_path, data)
        assert blobs.pop(blob_id, 0) < len(data)  # the cut-off blob is left to expire
        assert list(blobs.values()) == [4 * 1024 * 1024]  # a fresh, whole one went up instead
