"""Backup create and restore against their limit: a bare SQLCipher dump or load plus raw
secretstream over the same bytes.

A profile with N messages over 20 conversations (bulk-inserted through the store's own
connection, FTS5 triggers and all) is backed up with `app.service.backup.write_backup` and
restored with `restore_folder` into a new folder, in one process. The baselines, measured beside
them on the same rows:
- create: `SELECT *` over every messages row on a fresh keyed SQLCipher connection, then
  crypto_secretstream_xchacha20poly1305 over as many bytes as the backup's plaintext, in 64 KiB
  chunks, to /dev/null-like memory;
- restore: secretstream decryption of those bytes, then `executemany` INSERT of the same rows
  into a fresh SQLCipher database with the same schema (FTS5 triggers and all).
The backup's Argon2id and the restored profile's key run with libsodium's cheap limits here
(1 pass, 8 KiB), so that the figures are the data path; the product pays one Argon2id MODERATE
run (about 0.5 s) on each side besides. Ratios are baseline time / our time: 1.0 would be no cost
over the bare path (records, typing, one transaction, the row checks).
Usage: python bench/backup.py [--rows N] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from nacl import bindings as sodium

from app import session
from app.crypto import backup as backup_format
from app.service.backup import restore_folder, write_backup
from app.store import KdfParams, Store
from app.store.database import connect
from app.store.schema import migrate

CONVERSATIONS = 20
BATCH = 10_000
PASSPHRASE = "bench passphrase"
CHEAP_KDF = KdfParams(1, 8192)
SAMPLE_TEXT = (
    "selamat pagi siang malam apa kabar baik terima kasih sama saya kamu kita mereka makan minum"
    " nasi goreng kopi teh pasar kantor rumah jalan besok kemarin hari ini nanti sudah belum"
)
WORDS = SAMPLE_TEXT.split()
INSERT = (
    "INSERT INTO messages (conversation_id, direction, sender, sent_at, received_at, body, kind,"
    " status, remote_id) VALUES (?, ?, ?, ?, ?, ?, 'text', 'read', ?)"
)


def fill(store: Store, n: int) -> None:
    rng = random.Random(7)
    with store.transaction() as conn:
        for c in range(1, CONVERSATIONS + 1):
            conn.execute(
                "INSERT INTO contacts (account_id, display_name, accepted) VALUES (?, 'x', 1)",
                (f"{c:064x}",),
            )
            conn.execute(
                "INSERT INTO conversations (id, contact_id) VALUES (?, ?)", (c, f"{c:064x}")
            )
    for start in range(0, n, BATCH):
        batch = []
        for i in range(start, min(n, start + BATCH)):
            c = i % CONVERSATIONS + 1
            body = " ".join(rng.choices(WORDS, k=rng.randint(4, 16)))
            sender = f"{c:064x}"
            direction = "in" if i % 2 else "out"
            batch.append((c, direction, sender, 1.7e9 + i, 1.7e9 + i + 1, body, f"{sender}:{i}"))
        with store.transaction() as conn:
            conn.executemany(INSERT, batch)


def secretstream(data: bytes) -> list[bytes]:
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, bytes(32))
    out = [header]
    chunk = backup_format.CHUNK_BYTES
    for at in range(0, max(1, len(data)), chunk):
        last = at + chunk >= len(data)
        tag = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL if last else 0
        out.append(
            sodium.crypto_secretstream_xchacha20poly1305_push(
                state, data[at : at + chunk], None, tag
            )
        )
    return out


def unstream(sealed: list[bytes]) -> int:
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, sealed[0], bytes(32))
    total = 0
    for part in sealed[1:]:
        plain, _ = sodium.crypto_secretstream_xchacha20poly1305_pull(state, part, None)
        total += len(plain)
    return total


def measure(root: Path, n: int) -> dict[str, float]:
    store = Store.create(root / "source", PASSPHRASE, kdf=CHEAP_KDF)
    store.set_own_identity(session.new_identity_seed(), session.new_device_id())
    started = time.perf_counter()
    fill(store, n)
    fill_s = time.perf_counter() - started
    code = backup_format.new_code()
    backup = root / "profile.bisikbackup"
    cheap = backup_format.BackupLimits.cheap()

    # ours: create
    started = time.perf_counter()
    _, size = write_backup(store, backup, code, limits=cheap)
    create_s = time.perf_counter() - started

    # baseline: dump and encrypt
    plain_bytes = _plaintext_size(store)
    started = time.perf_counter()
    conn = connect(root / "source" / "bisik.db", store._db.key())
    dumped = conn.execute("SELECT * FROM messages").fetchall()
    conn.close()
    payload = bytes(plain_bytes)
    sealed = secretstream(payload)
    dump_s = time.perf_counter() - started
    assert len(dumped) == n

    # ours: restore
    started = time.perf_counter()
    restore_folder(backup, code, root / "restored", PASSPHRASE, kdf=CHEAP_KDF)
    restore_s = time.perf_counter() - started

    # baseline: decrypt and load
    started = time.perf_counter()
    unstream(sealed)
    bare = connect(root / "bare.db", bytes(range(32)))
    migrate(bare)
    bare.execute("BEGIN")
    for c in range(1, CONVERSATIONS + 1):
        bare.execute("INSERT INTO contacts (account_id) VALUES (?)", (f"{c:064x}",))
        bare.execute("INSERT INTO conversations (id, contact_id) VALUES (?, ?)", (c, f"{c:064x}"))
    marks = ", ".join("?" * len(dumped[0]))
    bare.executemany(f"INSERT INTO messages VALUES ({marks})", dumped)
    bare.execute("COMMIT")
    bare.close()
    load_s = time.perf_counter() - started

    restored = Store.open(root / "restored", PASSPHRASE)
    with restored.transaction() as conn:
        (count,) = conn.execute("SELECT count(*) FROM messages").fetchone()
    restored.lock()
    store.lock()
    assert count == n
    rows = n + 2 * CONVERSATIONS
    return {
        "fill_s": fill_s,
        "create_s": create_s,
        "create_rows_per_s": rows / create_s,
        "create_mb_per_s": size / create_s / 1e6,
        "dump_encrypt_s": dump_s,
        "restore_s": restore_s,
        "restore_rows_per_s": rows / restore_s,
        "restore_mb_per_s": size / restore_s / 1e6,
        "decrypt_load_s": load_s,
        "file_mb": size / 1e6,
        "plaintext_mb": plain_bytes / 1e6,
        "database_mb": (root / "source" / "bisik.db").stat().st_size / 1e6,
    }


def _plaintext_size(store: Store) -> int:
    total = 0

    def count(data: bytes) -> None:
        nonlocal total
        total += len(data)

    store.export_backup(count)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bisik-bench-backup-"))
    try:
        results = measure(root, args.rows)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report(args.rows, results, args.json)


def report(n: int, results: dict[str, Any], as_json: bool) -> None:
    ratios = {
        "create_vs_dump_encrypt": results["dump_encrypt_s"] / results["create_s"],
        "restore_vs_decrypt_load": results["decrypt_load_s"] / results["restore_s"],
    }
    print(f"backup benchmark, {n:,} messages over {CONVERSATIONS} conversations (cheap Argon2id)")
    for key, value in results.items():
        print(f"{key:<24}{value:>14,.3f}")
    for key, value in ratios.items():
        print(f"{key:<24}{value:>13.2f}x")
    if as_json:
        print(json.dumps({"rows": n, "results": results, "ratios": ratios}))


if __name__ == "__main__":
    main()
