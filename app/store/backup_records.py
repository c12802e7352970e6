"""The record encoding of a backup's rows (app/store/backup.py describes the stream): records of
typed values, written and read one at a time, each bounded before it is read."""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence

from app.store.errors import BackupRowsError

ROWS_MARKER = "bisik-backup-rows"
ROWS_VERSION = 1
MAX_RECORD_BYTES = 1024 * 1024  # an attachment chunk (256 KiB) and then some
MAX_VALUES = 64

META, TABLE, ROW, END = 1, 2, 3, 4
NULL, INT, FLOAT, TEXT, BLOB = 0, 1, 2, 3, 4

_RECORD = struct.Struct(">BI")
_COUNT = struct.Struct(">H")
_TAG = struct.Struct(">B")
_INT = struct.Struct(">Bq")
_FLOAT = struct.Struct(">Bd")
_SIZED = struct.Struct(">BI")
_I64 = struct.Struct(">q")
_F64 = struct.Struct(">d")
_U32 = struct.Struct(">I")
_NULL = _TAG.pack(NULL)

Value = int | float | str | bytes | None
Progress = Callable[[int, int], None]  # (rows done, rows in all)
Write = Callable[[bytes], object]
Read = Callable[[int], bytes]


# --- the encoding -------------------------------------------------------------------------------


def encode_record(kind: int, values: Sequence[object]) -> bytes:
    """One record; BackupRowsError for a value of no known type or a record over the limit."""
    if len(values) > MAX_VALUES:
        raise BackupRowsError(f"a record of {len(values)} values (at most {MAX_VALUES})")
    parts = [b"", _COUNT.pack(len(values))]
    for value in values:
        if value is None:
            parts.append(_NULL)
        elif isinstance(value, int):  # bool too (BOOLEAN columns come back as bool)
            parts.append(_INT.pack(INT, value))
        elif isinstance(value, float):
            parts.append(_FLOAT.pack(FLOAT, value))
        elif isinstance(value, str):
            data = value.encode("utf-8")
            parts += (_SIZED.pack(TEXT, len(data)), data)
        elif isinstance(value, bytes | bytearray | memoryview):
            parts += (_SIZED.pack(BLOB, len(value)), bytes(value))
        else:
            raise BackupRowsError(f"a value of type {type(value).__name__} cannot be backed up")
    size = sum(len(part) for part in parts)
    if size > MAX_RECORD_BYTES:
        raise BackupRowsError(f"a record of {size} bytes (at most {MAX_RECORD_BYTES})")
    parts[0] = _RECORD.pack(kind, size)
    return b"".join(parts)


def decode_values(body: bytes) -> tuple[Value, ...]:
    """A record body's values; BackupRowsError for anything malformed."""
    if len(body) < _COUNT.size:
        raise BackupRowsError("a record without a value count")
    (count,) = _COUNT.unpack_from(body)
    if count > MAX_VALUES:
        raise BackupRowsError(f"a record of {count} values (at most {MAX_VALUES})")
    values: list[Value] = []
    at, end = _COUNT.size, len(body)
    try:
        for _ in range(count):
            tag = body[at]
            at += 1
            if tag == NULL:
                values.append(None)
            elif tag == INT:
                values.append(_I64.unpack_from(body, at)[0])
                at += 8
            elif tag == FLOAT:
                values.append(_F64.unpack_from(body, at)[0])
                at += 8
            elif tag in (TEXT, BLOB):
                (length,) = _U32.unpack_from(body, at)
                at += 4
                if at + length > end:
                    raise BackupRowsError("a value runs past the end of its record")
                data = body[at : at + length]
                at += length
                values.append(data.decode("utf-8") if tag == TEXT else data)
            else:
                raise BackupRowsError(f"a value of unknown type {tag}")
    except (IndexError, struct.error) as exc:
        raise BackupRowsError("a value runs past the end of its record") from exc
    except UnicodeDecodeError as exc:
        raise BackupRowsError("a text value that is not UTF-8") from exc
    if at != end:
        raise BackupRowsError("bytes after the last value of a record")
    return tuple(values)


def read_record(read: Read) -> tuple[int, tuple[Value, ...]]:
    """The next record from `read`; BackupRowsError when the stream ends inside one (or before
    it: END is always the last record), or for one over the limits."""
    head = read(_RECORD.size)
    if len(head) < _RECORD.size:
        raise BackupRowsError("the backup's rows are cut short")
    kind, size = _RECORD.unpack(head)
    if size > MAX_RECORD_BYTES:
        raise BackupRowsError(f"a record of {size} bytes (at most {MAX_RECORD_BYTES})")
    body = read(size)
    if len(body) < size:
        raise BackupRowsError("the backup's rows are cut short inside a record")
    return kind, decode_values(body)
