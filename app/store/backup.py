"""The rows of a backup: a profile's tables as a stream of typed records, out and back in.

The stream is what app/crypto/backup.py encrypts; this module never sees a key or a file. It is
written and read through plain callables (`write(bytes)`, `read(n) -> bytes`), so memory stays
bounded by one record whatever the profile's size.

    record = u8 kind | u32 body length | body                      (big-endian throughout)
    body   = u16 value count | value*
    value  = u8 tag | payload: 0 null | 1 int (i64) | 2 float (f64) | 3 text (u32 length, UTF-8)
                               | 4 blob (u32 length, bytes)

The first record is META (a marker, this encoding's version, the schema version, the time made,
whether attachment bytes are in, then each table's row count); then per table a TABLE record
(its name and column names) and one ROW record per row; then END (the number of rows). A reader
refuses a record over MAX_RECORD_BYTES or with more than MAX_VALUES values before reading it.

What is in and what is not (INCLUDED_TABLES, EXCLUDED_TABLES; a test pins both against
sqlite_master, and an export fails on a table in neither):
- in: the own identity (with, on a linked device, its mailbox seed and the account's device
  list: a backup restores the very device it was taken on, first or linked, since its prekeys
  were published to that device's mailbox), contacts' device lists (their revisions are the
  floor that keeps a relay from rolling a contact back), prekeys and signed prekeys (contacts
  may still hold a bundle we published), contacts with their trust, conversations, messages,
  reactions, attachments and their bytes (or, without them, the attachment rows marked not
  transferred), settings, and the AUTOINCREMENT counter, so that message ids are never reused;
- out: sessions (a restored ratchet would reuse message keys the old device already used; after
  a restore the next send starts a fresh X3DH session, and the identity key is the same, so
  contacts see no key change), the outbox (its envelopes were sealed by those sessions; pending
  messages come back as failed, for the user to retry), and the FTS5 index (the insert trigger
  rebuilds it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import sqlcipher3

# The record format (backup_records.py), re-exported: callers and tests read it from here.
from app.store.backup_records import END as END
from app.store.backup_records import MAX_RECORD_BYTES as MAX_RECORD_BYTES
from app.store.backup_records import MAX_VALUES as MAX_VALUES
from app.store.backup_records import META as META
from app.store.backup_records import ROW as ROW
from app.store.backup_records import ROWS_MARKER as ROWS_MARKER
from app.store.backup_records import ROWS_VERSION as ROWS_VERSION
from app.store.backup_records import TABLE as TABLE
from app.store.backup_records import Read as Read
from app.store.backup_records import Value as Value
from app.store.backup_records import Write as Write
from app.store.backup_records import encode_record as encode_record
from app.store.backup_records import read_record as read_record
from app.store.base import StoreBase
from app.store.errors import (
    BackupColumnUnknown,
    BackupFromNewerSchema,
    BackupRowsError,
    StoreError,
)
from app.store.schema import CURRENT, UserVersion, read_version

# The oldest schema whose rows import into the current one by column name: 3.0 only added tables
# and columns that may be left at their defaults (a 2.x backup simply holds no groups).
OLDEST_RESTORABLE = UserVersion(2, 0)

# In the order they are written and read back: a table after every table its foreign keys name.
INCLUDED_TABLES = (
    "own",
    "prekeys",
    "signed_prekeys",
    "kem_prekeys",
    "prekey_counter",
    "contacts",
    "contact_devices",
    "groups",
    "group_states",
    "group_members",
    "conversations",
    "attachments",
    "attachment_chunks",
    "messages",
    "reactions",
    "group_receipts",
    "settings",
    "sqlite_sequence",
)
EXCLUDED_TABLES = {
    "sessions": "never restored: the next send after a restore starts a fresh X3DH session",
    "outbox": "envelopes sealed by the sessions left out; pending messages become failed",
    "messages_fts": "rebuilt by the messages insert trigger",
    "messages_fts_data": "FTS5's own (rebuilt)",
    "messages_fts_idx": "FTS5's own (rebuilt)",
    "messages_fts_docsize": "FTS5's own (rebuilt)",
    "messages_fts_config": "FTS5's own (set by the schema)",
}
ATTACHMENT_BYTES_TABLE = "attachment_chunks"


Progress = Callable[[int, int], None]  # (rows done, rows in all)


@dataclass(frozen=True)
class BackupContents:
    """What a backup's META record says (and an import checked against the rows)."""

    schema: UserVersion
    created_at: float  # unix seconds
    attachments: bool  # whether attachment bytes are in
    counts: dict[str, int]  # rows per table

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# --- export and import --------------------------------------------------------------------------


def check_tables(names: Sequence[str]) -> None:
    """BackupRowsError for a table in neither INCLUDED_TABLES nor EXCLUDED_TABLES (a new table
    nobody decided about must not be silently left out of backups)."""
    unknown = sorted(set(names) - set(INCLUDED_TABLES) - set(EXCLUDED_TABLES))
    if unknown:
        raise BackupRowsError(
            f"table(s) {', '.join(unknown)} neither backed up nor excluded: app/store/backup.py"
        )


class _Ticker:
    """Calls `progress(done, total)` at the start, about every 1 % of the rows, and at the end."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self.total = total
        self.done = 0
        self._step = max(1, total // 100)
        self._reported = 0
        if progress is not None:
            progress(0, total)

    def add(self) -> None:
        self.done += 1
        if self._progress is not None and self.done - self._reported >= self._step:
            self._reported = self.done
            self._progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self._progress is not None and self._reported != self.done:
            self._reported = self.done
            self._progress(self.done, self.total)


def _columns(conn: sqlcipher3.Connection, table: str) -> list[str]:
    if table == "sqlite_sequence":  # no declared types, and PRAGMA table_info is fine with it
        return ["name", "seq"]
    return [str(row[1]) for row in conn.execute(f'PRAGMA table_info("{table}")')]


class BackupMixin(StoreBase):
    """`export_backup` and `import_backup`: the profile's rows as a record stream and back."""

    def export_backup(
        self, write: Write, *, include_attachments: bool = True, progress: Progress | None = None
    ) -> BackupContents:
        """Write every included table's rows to `write`, from one consistent snapshot.

        The rows are read on a connection of their own in a deferred read transaction, so the
        other threads' writers go on meanwhile (WAL) and nothing they commit shows half-way.
        Without `include_attachments` the attachment bytes stay out and each attachment row is
        written as not transferred. BackupRowsError for a table nobody decided about.
        """
        conn = self._db.new_connection()
        try:
            conn.execute("BEGIN")  # deferred: the first read below takes the snapshot
            try:
                return _export(conn, write, include_attachments, progress)
            finally:
                conn.execute("ROLLBACK")  # it only read
        finally:
            conn.close()

    def import_backup(self, read: Read, *, progress: Progress | None = None) -> BackupContents:
        """Insert a backup's rows (read from `read`) into this profile, which must be empty, in
        one transaction, by column name. Messages that were pending become failed (their
        envelopes are not in a backup). BackupFromNewerSchema, BackupColumnUnknown or
        BackupRowsError; on any failure nothing is stored."""
        kind, values = read_record(read)
        if kind != META:
            raise BackupRowsError("the backup's rows do not start with their description")
        contents = _parse_meta(values)
        if contents.schema > CURRENT:
            raise BackupFromNewerSchema(
                f"the backup holds data of a newer Bisik (schema {contents.schema}; this one"
                f" knows {CURRENT}): update Bisik to restore it"
            )
        if contents.schema < OLDEST_RESTORABLE:
            raise BackupRowsError(
                f"the backup holds data of schema {contents.schema}, which this Bisik cannot"
                " restore"
            )
        ticker = _Ticker(progress, contents.rows)
        with self.transaction() as conn:
            (own,) = conn.execute("SELECT count(*) FROM own").fetchone()
            if own:
                raise StoreError("a backup is restored only into a new, empty profile")
            try:
                counts = _import_tables(conn, read, ticker)
            except sqlcipher3.IntegrityError as exc:
                raise BackupRowsError(f"the backup's rows do not fit the schema: {exc}") from exc
            if counts != contents.counts:
                raise BackupRowsError("the backup's rows do not match its own row counts")
            conn.execute("UPDATE messages SET status = 'failed' WHERE status = 'pending'")
            if read(1):
                raise BackupRowsError("bytes after the end of the backup's rows")
        ticker.finish()
        return contents


def _export(
    conn: sqlcipher3.Connection, write: Write, include_attachments: bool, progress: Progress | None
) -> BackupContents:
    listed = conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
    names = [str(row[0]) for row in listed]
    check_tables(names)
    tables = [t for t in INCLUDED_TABLES if t in names]
    counts = {}
    for table in tables:
        if table == ATTACHMENT_BYTES_TABLE and not include_attachments:
            counts[table] = 0
        else:
            (counts[table],) = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    contents = BackupContents(read_version(conn), time.time(), include_attachments, counts)
    meta: list[object] = [
        ROWS_MARKER,
        ROWS_VERSION,
        contents.schema.to_int(),
        contents.created_at,
        int(include_attachments),
    ]
    for table in tables:
        meta += (table, counts[table])
    write(encode_record(META, meta))
    ticker = _Ticker(progress, contents.rows)
    for table in tables:
        columns = _columns(conn, table)
        write(encode_record(TABLE, [table, *columns]))
        if not counts[table]:
            continue
        spelled = ", ".join(f'"{c}"' for c in columns)
        rows: Iterator[Sequence[object]] = conn.execute(f'SELECT {spelled} FROM "{table}"')
        if table == "attachments" and not include_attachments:
            rows = _not_transferred(rows, columns)
        written = 0
        for row in rows:
            write(encode_record(ROW, row))
            written += 1
            ticker.add()
        if written != counts[table]:  # cannot happen inside one snapshot; a guard all the same
            raise BackupRowsError(f"{table} changed while it was being read")
    write(encode_record(END, [contents.rows]))
    ticker.finish()
    return contents


def _not_transferred(
    rows: Iterator[Sequence[object]], columns: list[str]
) -> Iterator[Sequence[object]]:
    """Attachment rows as if nothing of their bytes were here (the bytes stay out)."""
    reset = [columns.index("transferred"), columns.index("complete")]
    for row in rows:
        changed = list(row)
        for index in reset:
            changed[index] = 0
        yield changed


def _parse_meta(values: tuple[Value, ...]) -> BackupContents:
    if len(values) < 5 or values[0] != ROWS_MARKER:
        raise BackupRowsError("the backup's rows have no description Bisik knows")
    _, version, schema, created, attachments, *pairs = values
    if version != ROWS_VERSION:
        raise BackupRowsError(f"the backup's rows are in an unknown encoding ({version!r})")
    if not isinstance(schema, int) or not isinstance(created, float) or attachments not in (0, 1):
        raise BackupRowsError("the backup's description is malformed")
    if len(pairs) % 2:
        raise BackupRowsError("the backup's description is malformed")
    counts: dict[str, int] = {}
    for name, count in zip(pairs[::2], pairs[1::2], strict=True):
        if not isinstance(name, str) or not isinstance(count, int) or count < 0 or name in counts:
            raise BackupRowsError("the backup's description is malformed")
        counts[name] = count
    return BackupContents(UserVersion.from_int(schema), created, bool(attachments), counts)


def _import_tables(conn: sqlcipher3.Connection, read: Read, ticker: _Ticker) -> dict[str, int]:
    counts: dict[str, int] = {}
    pending = read_record(read)
    while True:
        kind, values = pending
        if kind == END:
            if values != (sum(counts.values()),):
                raise BackupRowsError("the backup's rows do not match their count")
            return counts
        if kind != TABLE or not values:
            raise BackupRowsError(f"a record of kind {kind} where a table should start")
        table, columns = values[0], [str(c) for c in values[1:]]
        if not isinstance(table, str) or table not in INCLUDED_TABLES or table in counts:
            raise BackupRowsError(f"the backup holds an unexpected table {table!r}")
        if not all(isinstance(c, str) for c in values[1:]):
            raise BackupRowsError(f"the backup's table {table} has a column name that is no text")
        known = _columns(conn, table)
        unknown = [c for c in columns if c not in known]
        if unknown or len(set(columns)) != len(columns) or not columns:
            raise BackupColumnUnknown(
                f"the backup's table {table} has column(s) this Bisik does not know:"
                f" {', '.join(unknown) or 'a repeated or missing one'}"
            )
        rows = _RowReader(read, len(columns), ticker)
        if table == "sqlite_sequence":
            for name, seq in rows:
                cur = conn.execute(
                    "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name)
                )
                if cur.rowcount == 0:
                    conn.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq)
                    )
        else:
            spelled = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            conn.executemany(f'INSERT INTO "{table}" ({spelled}) VALUES ({marks})', rows)
        counts[table] = rows.count
        pending = rows.next_record


class _RowReader:
    """The ROW records of one table, for executemany; keeps the record that ended them."""

    def __init__(self, read: Read, width: int, ticker: _Ticker) -> None:
        self._read = read
        self._width = width
        self._ticker = ticker
        self.count = 0
        self.next_record: tuple[int, tuple[Value, ...]] = (END, ())

    def __iter__(self) -> Iterator[tuple[Value, ...]]:
        while True:
            kind, values = read_record(self._read)
            if kind != ROW:
                self.next_record = (kind, values)
                return
            if len(values) != self._width:
                raise BackupRowsError(
                    f"a row of {len(values)} values in a table of {self._width} columns"
                )
            self.count += 1
            self._ticker.add()
            yield values
