"""Make fixtures/profile-1.0: a profile as Bisik schema 1.0 wrote it, for the migration test.

Run once, from the repository root, when a new fixture is needed (the committed binary is the
point: it must not change when today's schema does):
    .venv/bin/python tests/unit/store/make_fixture.py
Uses only pieces that schema 1.0 had: the 1.0 migration step and plain SQL.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.store.database import connect
from app.store.profile import (
    DATABASE_FILE,
    LOCK_FILE,
    KdfParams,
    KeySlot,
    ProfileFile,
    write_profile_file,
)
from app.store.schema import UserVersion, migrate

PASSPHRASE = "fixture satu koma nol"  # also in test_schema.py
TARGET = Path(__file__).parent / "fixtures" / "profile-1.0"


def main() -> None:
    shutil.rmtree(TARGET, ignore_errors=True)
    TARGET.mkdir(parents=True)
    slot, key = KeySlot.create(PASSPHRASE, KdfParams.interactive())
    conn = connect(TARGET / DATABASE_FILE, key)
    conn.execute("PRAGMA journal_mode = WAL")
    migrate(conn, upto=UserVersion(1, 0))
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO own (id, account_id, identity_seed, display_name, relay_url)"
        " VALUES (1, ?, ?, 'Ani', 'http://127.0.0.1:8080')",
        ("a" * 64, bytes(range(32))),
    )
    conn.execute(
        "INSERT INTO contacts (account_id, display_name, identity_key, accepted)"
        " VALUES (?, 'Budi', ?, 1)",
        ("b" * 64, b"\x02" * 32),
    )
    conn.execute("INSERT INTO conversations (id, contact_id) VALUES (1, ?)", ("b" * 64,))
    conn.execute("INSERT INTO sessions (peer, record) VALUES (?, ?)", ("b" * 64, b"session-v1"))
    for i, body in enumerate(
        ["Halo Budi, apa kabar?", "Baik, terima kasih!", "Sampai jumpa di pasar malam."]
    ):
        conn.execute(
            "INSERT INTO messages (conversation_id, direction, sender, sent_at, body, status,"
            " unread, remote_id) VALUES (1, ?, ?, ?, ?, 'sent', ?, ?)",
            (
                "out" if i % 2 == 0 else "in",
                "a" * 64 if i % 2 == 0 else "b" * 64,
                1_700_000_000.0 + i,
                body,
                i % 2,
                f"{'a' * 64 if i % 2 == 0 else 'b' * 64}:{os.urandom(8).hex()}",
            ),
        )
    conn.execute("COMMIT")
    conn.close()  # the last close checkpoints the WAL into the database file
    write_profile_file(TARGET, ProfileFile(os.urandom(16).hex(), slot))
    (TARGET / LOCK_FILE).touch()


if __name__ == "__main__":
    main()
