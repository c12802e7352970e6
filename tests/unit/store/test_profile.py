"""Opening, locking and the typed errors: a failed open leaves every file byte-identical."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.session.stores import TrustState
from app.store import (
    CorruptProfile,
    KdfParams,
    NotAProfile,
    ProfileExists,
    ProfileFromNewerVersion,
    ProfileInUse,
    Store,
    StoreError,
    StoreLocked,
    WrongPassphrase,
)
from app.store.database import connect
from app.store.profile import DATABASE_FILE, PROFILE_FILE, ProfileFile, read_profile_file
from app.store.records import Direction
from app.store.schema import CURRENT, UserVersion

MARKERS = ["PENANDA-PESAN-7f3a", "PENANDA-KONTAK-91c2", "PENANDA-KUNCI-55d0", "PENANDA-LAMPIRAN-e1"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_create_open_roundtrip(filled_folder: Path, passphrase: str) -> None:
    folder = filled_folder
    store = Store.open(folder, passphrase)
    assert store.message_count(1) == 300
    assert store.own_device_id() == "d" * 32
    store.lock()
    with pytest.raises(StoreLocked):
        store.message_count(1)


def test_create_refuses_an_existing_profile(filled_folder: Path) -> None:
    folder = filled_folder
    before = snapshot(folder)
    with pytest.raises(ProfileExists):
        Store.create(folder, "other", kdf=KdfParams.interactive())
    assert snapshot(folder) == before


def test_no_marker_reaches_any_file_and_sqlite3_cannot_read(folder: Path, passphrase: str) -> None:
    store = Store.create(folder, passphrase, kdf=KdfParams.interactive())
    store.set_own_identity((MARKERS[2].encode() * 2)[:32], "a" * 32)
    store.add_contact("c" * 64, MARKERS[1], identity_key=MARKERS[2].encode())
    conversation = store.conversation_for_contact("c" * 64).id
    for i in range(50):
        store.add_message(conversation, Direction.OUTGOING, "a" * 64, f"{MARKERS[0]} {i}", float(i))
    store.store_session("c" * 64, MARKERS[2].encode() * 10)
    store.store_prekey(7, MARKERS[2].encode())
    attachment = store.create_attachment("f.txt", "text/plain", 1000 * len(MARKERS[3]))
    store.append_attachment(attachment, MARKERS[3].encode() * 1000)
    store.set_setting("note", MARKERS[0])
    # Check while open (the -wal and -shm exist now) and again after locking.
    for _ in range(2):
        files = list(folder.iterdir())
        assert {p.name for p in files} >= {DATABASE_FILE, PROFILE_FILE, "lock"}
        for path in files:
            data = path.read_bytes()
            for marker in MARKERS:
                assert marker.encode() not in data, (path.name, marker)
                assert marker.encode("utf-16-le") not in data, (path.name, marker)
        store.lock()
    plain = sqlite3.connect(folder / DATABASE_FILE)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
    plain.close()


def test_wrong_passphrase_changes_nothing(filled_folder: Path, passphrase: str) -> None:
    folder = filled_folder
    before = snapshot(folder)
    with pytest.raises(WrongPassphrase):
        Store.open(folder, passphrase + "x")
    assert snapshot(folder) == before
    Store.open(folder, passphrase).lock()  # the lock was released


@pytest.mark.parametrize("where", [0.0, 0.5, 0.999])
def test_flipped_bytes_are_corrupt_profile(
    filled_folder: Path, where: float, passphrase: str
) -> None:
    folder = filled_folder
    db = folder / DATABASE_FILE
    data = bytearray(db.read_bytes())
    at = int(len(data) * where)
    data[at : at + 4] = bytes(b ^ 0x5A for b in data[at : at + 4])
    db.write_bytes(bytes(data))
    before = snapshot(folder)
    with pytest.raises(CorruptProfile):
        Store.open(folder, passphrase)
    assert snapshot(folder) == before


@pytest.mark.parametrize("keep", [0.5, 0.75])
@pytest.mark.parametrize("aligned", [True, False])
def test_truncated_database_is_corrupt_profile(
    filled_folder: Path, keep: float, aligned: bool, passphrase: str
) -> None:
    folder = filled_folder
    db = folder / DATABASE_FILE
    data = db.read_bytes()
    cut = int(len(data) * keep)
    cut = cut - cut % 4096 if aligned else cut + 17
    db.write_bytes(data[:cut])
    before = snapshot(folder)
    with pytest.raises(CorruptProfile):
        Store.open(folder, passphrase)
    assert snapshot(folder) == before


def test_empty_database_is_corrupt_profile(filled_folder: Path, passphrase: str) -> None:
    folder = filled_folder
    (folder / DATABASE_FILE).write_bytes(b"")
    with pytest.raises(CorruptProfile):
        Store.open(folder, passphrase)


def test_newer_profile_format_is_refused(filled_folder: Path, passphrase: str) -> None:
    folder = filled_folder
    path = folder / PROFILE_FILE
    path.write_bytes(path.read_bytes().replace(b'"version": 1', b'"version": 2'))
    before = snapshot(folder)
    with pytest.raises(ProfileFromNewerVersion):
        Store.open(folder, passphrase)
    assert snapshot(folder) == before


def test_newer_schema_major_is_refused_and_minor_is_accepted(
    filled_folder: Path, passphrase: str
) -> None:
    folder = filled_folder
    key = read_profile_file(folder).key.derive_key(passphrase)

    def set_version(version: UserVersion) -> None:
        conn = connect(folder / DATABASE_FILE, key)
        conn.execute(f"PRAGMA user_version = {version.to_int()}")
        conn.close()

    set_version(UserVersion(CURRENT.major + 1, 0))
    before = snapshot(folder)
    with pytest.raises(ProfileFromNewerVersion):
        Store.open(folder, passphrase)
    assert snapshot(folder) == before
    set_version(UserVersion(CURRENT.major, CURRENT.minor + 1))
    store = Store.open(folder, passphrase)
    assert store.message_count(1) == 300
    store.lock()


def test_missing_pieces_are_not_a_profile(
    tmp_path: Path, filled_folder: Path, passphrase: str
) -> None:
    with pytest.raises(NotAProfile):
        Store.open(tmp_path / "nothing-here", passphrase)
    folder = filled_folder
    (folder / PROFILE_FILE).unlink()
    with pytest.raises(NotAProfile):
        Store.open(folder, passphrase)


def test_foreign_sqlite_file_is_not_opened(filled_folder: Path, passphrase: str) -> None:
    folder = filled_folder
    db = folder / DATABASE_FILE
    db.unlink()
    plain = sqlite3.connect(db)
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    before = snapshot(folder)
    with pytest.raises(CorruptProfile):
        Store.open(folder, passphrase)
    assert snapshot(folder) == before


def test_second_open_in_this_process_is_in_use(store: Store, folder: Path, passphrase: str) -> None:
    with pytest.raises(ProfileInUse):
        Store.open(folder, passphrase)
    store.lock()
    Store.open(folder, passphrase).lock()


@contextlib.contextmanager
def profile_held_by_child(folder: Path, passphrase: str, body: str = "") -> Iterator[None]:
    """A child process opens the profile and runs `body` (with `store` bound); at the end of the
    context it is killed with SIGKILL, leaving the profile as a crashed process would."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom app.store import Direction, Store\n"
        f"store = Store.open(Path({str(folder)!r}), {passphrase!r})\n"
        f"{textwrap.dedent(body)}\nprint('ready', flush=True)\nsys.stdin.read()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        yield
    finally:
        child.kill()
        child.wait()


def test_open_in_another_process_is_in_use(filled_folder: Path, passphrase: str) -> None:
    folder = filled_folder
    with profile_held_by_child(folder, passphrase):
        before = snapshot(folder)
        with pytest.raises(ProfileInUse):
            Store.open(folder, passphrase)
        assert {k: v for k, v in snapshot(folder).items() if k in before} == before
    Store.open(folder, passphrase).lock()  # the dead holder's lock went with it


def test_every_error_is_a_store_error() -> None:
    for error in (WrongPassphrase, NotAProfile, CorruptProfile, ProfileFromNewerVersion):
        assert issubclass(error, StoreError)


def test_repr_holds_no_secret(store: Store, conversation: int) -> None:
    message_id = store.add_message(
        conversation, Direction.INCOMING, "b" * 64, "rahasia sekali", 1.0
    )
    assert message_id is not None
    texts = [repr(store), repr(store._db), repr(store.message(message_id))]
    texts += [repr(hit) for hit in store.search("rahasia")]
    key_hex = store._db.key().hex()
    for text in texts:
        assert "rahasia" not in text
        assert key_hex not in text


# --- profile.json parsing ------------------------------------------------------------------------


def valid_profile_json() -> bytes:
    return (
        b'{"format": "bisik-profile", "version": 1, "profile_id": "' + b"ab" * 16 + b'",'
        b' "key": {"name": "argon2id13", "salt": "' + b"00" * 16 + b'", "opslimit": 2,'
        b' "memlimit": 67108864, "key_check": "' + b"11" * 32 + b'"}}'
    )


def test_valid_profile_json_parses() -> None:
    parsed = ProfileFile.parse(valid_profile_json())
    assert parsed.key.kdf.opslimit == 2
    assert ProfileFile.parse(parsed.to_json()) == parsed


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", NotAProfile),
        (b"\xff\xfe", NotAProfile),
        (b"[1, 2]", NotAProfile),
        (b'{"format": "other"}', NotAProfile),
        (b"[" * 100_000, NotAProfile),
        (b'{"format": "bisik-profile"}', CorruptProfile),
        (b'{"format": "bisik-profile", "version": true}', CorruptProfile),
        (b'{"format": "bisik-profile", "version": 1}', CorruptProfile),
        (b'{"format": "bisik-profile", "version": 99}', ProfileFromNewerVersion),
        (valid_profile_json().replace(b"67108864", b"99999999999"), CorruptProfile),
        (valid_profile_json().replace(b'"opslimit": 2', b'"opslimit": "2"'), CorruptProfile),
        (valid_profile_json().replace(b"00" * 16, b"zz" * 16), CorruptProfile),
        (valid_profile_json().replace(b"argon2id13", b"scrypt"), CorruptProfile),
        (valid_profile_json()[:-10], NotAProfile),
        (valid_profile_json() + b" " * 20_000, NotAProfile),
    ],
)
def test_bad_profile_json_gives_its_typed_error(data: bytes, error: type[StoreError]) -> None:
    with pytest.raises(error):
        ProfileFile.parse(data)


@given(st.binary(max_size=300))
def test_garbage_profile_json_gives_only_typed_errors(data: bytes) -> None:
    with contextlib.suppress(StoreError):
        ProfileFile.parse(data)


@given(st.integers(0, len(valid_profile_json()) - 1), st.integers(0, 255))
def test_mutated_profile_json_gives_only_typed_errors(at: int, value: int) -> None:
    data = bytearray(valid_profile_json())
    data[at] = value
    with contextlib.suppress(StoreError):
        ProfileFile.parse(bytes(data))


def test_garbage_profile_json_on_disk_changes_nothing(filled_folder: Path, passphrase: str) -> None:
    folder = filled_folder
    (folder / PROFILE_FILE).write_bytes(b"\x00garbage" * 10_000)
    before = snapshot(folder)
    with pytest.raises(NotAProfile):
        Store.open(folder, passphrase)
    assert snapshot(folder) == before


def test_trust_state_roundtrip(store: Store) -> None:
    store.save_peer_identity("d" * 64, b"\x09" * 32, TrustState.CHANGED)
    assert store.peer_identity("d" * 64) == (b"\x09" * 32, TrustState.CHANGED)


def test_killed_writer_leaves_committed_messages(filled_folder: Path, passphrase: str) -> None:
    """A process killed with a WAL not yet checkpointed: the next open recovers, not 'corrupt'."""
    body = """
        with store.transaction():
            for i in range(50):
                store.add_message(1, Direction.OUTGOING, "a" * 64, f"sebelum mati {i}", 1.0)
    """
    with profile_held_by_child(filled_folder, passphrase, body):
        assert (filled_folder / (DATABASE_FILE + "-wal")).stat().st_size > 0
    store = Store.open(filled_folder, passphrase)
    assert store.message_count(1) == 350
    assert len(store.search("mati")) == 50
    store.lock()
