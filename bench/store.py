"""The store's message path against bare SQLCipher (its limit) and plain sqlite3 (no encryption).

All three use the same schema (app.store.schema, FTS5 triggers included) and the same pragmas
(WAL, synchronous=FULL, secure_delete, temp_store=MEMORY), in one process, side by side:
- insert: N messages over 20 conversations, in transactions of 1,000 (the store through
  `add_message` one call per message; the baselines through one `executemany` per batch);
- newest page of 50 in one conversation, on a fresh connection (cold page cache) and warm;
- a page deep in history (fresh connection); a rare-word FTS query with snippets (fresh);
- unlock: the store's Store.open (Argon2id MODERATE, then the open checks) against opening
  the bare database with the raw key at hand.
Ratios are bare/store for times and store/bare for rates: 1.0 means no cost over bare SQLCipher.
The stdlib sqlite3 here (3.40) lacks FTS5's secure-delete option; its schema skips that one line.
Contenders run interleaved (inserts batch by batch, fresh reads query by query; reads in
rounds, best of --rounds), so that the load of a shared machine falls on all three alike.
Usage: python bench/store.py [--rows N] [--rounds R] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import sqlcipher3

from app.store import Store
from app.store.database import Database
from app.store.profile import DATABASE_FILE, FolderLock, read_profile_file
from app.store.records import Direction
from app.store.schema import MIGRATIONS, statements

BATCH = 1000
CONVERSATIONS = 20
PAGE = 50
RARE_WORD = "zamrudkatulistiwa"
PASSPHRASE = "bench passphrase"
SAMPLE_TEXT = (
    "selamat pagi siang malam apa kabar baik terima kasih sama sama saya kamu kita mereka makan"
    " minum nasi goreng kopi teh pasar kantor rumah jalan besok kemarin hari ini nanti sudah"
    " belum bisa mau pergi datang pulang kerja rapat kereta bus hujan panas senang sedih"
)
WORDS = SAMPLE_TEXT.split()
PRAGMAS = (
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",
)
# The statement the store runs, every column bound, run through one executemany per batch.
INSERT = (
    "INSERT INTO messages (conversation_id, direction, sender, sent_at, received_at, body, kind,"
    " status, reply_to, expires_at, unread, attachment_id, remote_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
NEWEST = (
    "SELECT id, conversation_id, direction, sender, sent_at, received_at, body, kind, status,"
    " reply_to, edited, deleted, expires_at, unread, attachment_id, remote_id FROM messages"
    " WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
)
SEARCH = (
    "SELECT m.conversation_id, m.id, snippet(messages_fts, 0, '[', ']', '…', 12)"
    " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
    " WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT ?"
)
BIG = 1 << 62
FRESH_REPEAT = 15


def rows(n: int) -> Iterator[list[tuple[Any, ...]]]:
    """Deterministic messages in batches of (conversation, sender, sent, received, body, uuid)."""
    rng = random.Random(7)
    batch: list[tuple[Any, ...]] = []
    for i in range(n):
        conversation = i % CONVERSATIONS + 1
        body = " ".join(rng.choices(WORDS, k=rng.randint(4, 16)))
        if i % 10_000 == 5_000:
            body += " " + RARE_WORD
        sender = f"{conversation:064x}"
        batch.append((conversation, sender, 1.7e9 + i, 1.7e9 + i + 1, body, f"{sender}:{i:032x}"))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


# --- the three contenders -------------------------------------------------------------------------


def add_contacts(conn: Any) -> None:
    conn.execute("BEGIN")
    for c in range(1, CONVERSATIONS + 1):
        conn.execute(
            "INSERT INTO contacts (account_id, display_name) VALUES (?, 'x')", (f"{c:064x}",)
        )
        conn.execute("INSERT INTO conversations (id, contact_id) VALUES (?, ?)", (c, f"{c:064x}"))
    conn.execute("COMMIT")


class Bare:
    """SQLCipher with a raw key and plain SQL: the limit the store is held to."""

    name = "sqlcipher"

    def __init__(self, folder: Path, key: bytes | None) -> None:
        self.path = folder / "bare.db"
        self.key = key

    def connect(self) -> Any:
        if self.key is None:
            conn = sqlite3.connect(self.path, isolation_level=None)
        else:
            conn = sqlcipher3.connect(str(self.path), isolation_level=None)
            conn.execute(f"PRAGMA key = \"x'{self.key.hex()}'\"")
        for pragma in PRAGMAS:
            conn.execute(pragma)
        return conn

    def create(self) -> None:
        conn = self.connect()
        conn.execute("PRAGMA journal_mode = WAL")
        for _, script, _step in MIGRATIONS:  # an empty database: the Python steps move nothing
            for statement in statements(script):
                if self.key is None and "secure-delete" in statement:
                    continue
                conn.execute(statement)
        add_contacts(conn)
        self.conn = conn

    def insert(self, batch: list[tuple[Any, ...]]) -> None:
        self.conn.execute("BEGIN")
        self.conn.executemany(
            INSERT,
            [
                (conv, "in", sender, sent, received, body, "text", "sent", None, None, 1, None, rid)
                for conv, sender, sent, received, body, rid in batch
            ],
        )
        self.conn.execute("COMMIT")

    def page(self, conn: Any, before: int) -> list[Any]:
        return list(conn.execute(NEWEST, (1, before, PAGE)).fetchall())

    def search(self, conn: Any) -> list[Any]:
        return list(conn.execute(SEARCH, (f'"{RARE_WORD}"*', PAGE)).fetchall())

    def fresh(self, call: Callable[[Any], object]) -> None:
        conn = self.connect()
        call(conn)
        conn.close()

    def unlock(self) -> None:
        self.fresh(lambda conn: conn.execute("SELECT count(*) FROM sqlite_schema").fetchone())


class Plain(Bare):
    name = "sqlite3"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, None)


class StorePath:
    """The store's own API."""

    name = "store"

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "profile"

    def create(self) -> None:
        self.store = Store.create(self.folder, PASSPHRASE)  # the product's MODERATE limits
        self.store.set_own_identity(bytes(32), "0" * 32)
        add_contacts(self.store._db.conn())
        self.key = self.store._db.key()
        self.profile = read_profile_file(self.folder)

    def insert(self, batch: list[tuple[Any, ...]]) -> None:
        add = self.store.add_message
        with self.store.transaction():
            for conversation, sender, sent_at, received_at, body, remote_id in batch:
                add(
                    conversation,
                    Direction.INCOMING,
                    sender,
                    body,
                    sent_at,
                    received_at=received_at,
                    message_uuid=remote_id.split(":", 1)[1],
                )

    def page(self, store: Store, before: int) -> list[Any]:
        return store.messages_before(1, None if before == BIG else before, PAGE)

    def search(self, store: Store) -> list[Any]:
        return store.search(RARE_WORD, PAGE)

    def fresh(self, call: Callable[[Any], object]) -> None:
        # A second Store on the same database with its key at hand: new connection, cold cache,
        # no Argon2id (that is what `unlock` measures).
        store = Store(
            self.folder,
            self.profile,
            Database(self.folder / DATABASE_FILE, self.key),
            FolderLock(self.folder),
        )
        call(store)
        store._db.close()

    def unlock(self) -> None:
        # Unlocked means usable: the first read opens this thread's connection, which then stays
        # open as the baselines' does. Without it a fresh connection in a later round would be
        # the database's only one, and its close would checkpoint and delete the WAL.
        self.store.lock()
        self.store = Store.open(self.folder, PASSPHRASE)
        self.store.has_own_identity()


def measure(contenders: list[Any], n: int, rounds: int) -> dict[str, dict[str, float]]:
    """Every figure for every contender, interleaved so that load on a shared machine hits all
    alike: inserts batch by batch in turn; reads best of `rounds` rounds, each a median."""
    insert_s = dict.fromkeys((c.name for c in contenders), 0.0)
    for contender in contenders:
        contender.create()
    for batch in rows(n):
        for contender in contenders:
            start = time.perf_counter()
            contender.insert(batch)
            insert_s[contender.name] += time.perf_counter() - start
    # A deep page: 90 % of the way back in conversation 1.
    deep_before = int(n * 0.1) // CONVERSATIONS * CONVERSATIONS + 1
    figures = {c.name: {"insert_rows_per_s": n / insert_s[c.name]} for c in contenders}
    for _ in range(rounds):
        reads = {
            "page_fresh_ms": fresh_ms(contenders, lambda c: partial(c.page, before=BIG)),
            "page_warm_ms": {c.name: warm_page(c) for c in contenders},
            "deep_page_fresh_ms": fresh_ms(
                contenders, lambda c: partial(c.page, before=deep_before)
            ),
            "fts_rare_fresh_ms": fresh_ms(contenders, lambda c: c.search),
            "unlock_ms": {c.name: median_ms(c.unlock, 1) for c in contenders},
        }
        for key, by_name in reads.items():
            for name, value in by_name.items():
                best = figures[name]
                best[key] = min(value, best.get(key, value))
    return figures


def fresh_ms(
    contenders: list[Any], query_of: Callable[[Any], Callable[[Any], object]]
) -> dict[str, float]:
    """Each contender's median time of its query on a new connection (cold page cache),
    connecting included. They take turns query by query: a burst of load on the shared machine
    lasts longer than one query, so it falls on all of them alike, not on one contender's run."""
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(FRESH_REPEAT):
        for contender in contenders:
            query = query_of(contender)
            start = time.perf_counter()
            contender.fresh(query)
            times[contender.name].append(time.perf_counter() - start)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def warm_page(contender: Any) -> float:
    result: list[float] = []

    def run(conn: Any) -> None:
        contender.page(conn, BIG)  # warm the cache
        result.append(median_ms(lambda: contender.page(conn, BIG), 300))

    contender.fresh(run)
    return result[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bisik-bench-store-"))
    try:
        (root / "plain").mkdir()
        store = StorePath(root)
        contenders = [store, Bare(root, bytes(range(32))), Plain(root / "plain")]
        results = measure(contenders, args.rows, args.rounds)
        store.store.lock()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report(args.rows, results, args.json)


def report(n: int, results: dict[str, dict[str, float]], as_json: bool) -> None:
    store, bare, plain = results["store"], results["sqlcipher"], results["sqlite3"]
    ratios = {
        key: (store[key] / bare[key] if key.endswith("per_s") else bare[key] / store[key])
        for key in store
        if key != "unlock_ms"
    }
    print(f"store benchmark, {n:,} messages over {CONVERSATIONS} conversations")
    print(f"{'figure':<22}{'store':>12}{'sqlcipher':>12}{'sqlite3':>12}{'store vs sqlcipher':>20}")
    for key in store:
        ratio = f"{ratios[key]:.2f}x" if key in ratios else "-"
        print(f"{key:<22}{store[key]:>12.3f}{bare[key]:>12.3f}{plain[key]:>12.3f}{ratio:>20}")
    goals = {
        "insert >= 0.9x bare": ratios["insert_rows_per_s"] >= 0.9,
        "newest page fresh <= 1 ms": store["page_fresh_ms"] <= 1.0,
        "newest page warm <= 0.1 ms": store["page_warm_ms"] <= 0.1,
        "unlock <= 600 ms": store["unlock_ms"] <= 600,
    }
    for goal, met in goals.items():
        print(f"goal {goal}: {'met' if met else 'NOT met'}")
    if as_json:
        print(json.dumps({"rows": n, "results": results, "ratios": ratios, "goals": goals}))


if __name__ == "__main__":
    main()
