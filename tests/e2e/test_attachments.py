"""A 10 MB attachment round trip: digest checked, a download interrupted halfway and resumed,
tampering refused, and no plaintext of the file on disk on either side."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from app.service.api import MessageStatus
from app.service.errors import AttachmentError
from app.service.messenger import Messenger
from tests.e2e.support import conversation_id, files_containing, make_profile, pair
from tests.relay_process import RelayProcess

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
    a = make_profile(tmp_path / "a", "Ani", relay.url)
    b = make_profile(tmp_path / "b", "Budi", relay.url)
    pair(a, b)
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
    a = make_profile(tmp_path / "a", "Ani", relay.url)
    b = make_profile(tmp_path / "b", "Budi", relay.url)
    pair(a, b)
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
