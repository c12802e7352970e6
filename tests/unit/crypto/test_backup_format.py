"""The encrypted backup file (app/crypto/backup.py): layout byte by byte, the key derived with
libsodium's own crypto_pwhash, and every way a file can be wrong. Cheap Argon2id limits
throughout (BackupLimits.cheap()); the product's default is MODERATE."""

from __future__ import annotations

import io
import struct

import pytest
from nacl import bindings as sodium
from nacl import pwhash

from app.crypto import backup as bk
from app.crypto.errors import (
    BackupDamaged,
    BackupError,
    BackupFromNewerVersion,
    BackupTruncated,
    InvalidBackupCode,
    NotABackup,
    WrongBackupCode,
)

CODE = "12345 67890 13579 24680 11223 34455"
OTHER = "12345 67890 13579 24680 11223 34456"
CHEAP = bk.BackupLimits.cheap()
HEADER_BYTES = 8 + 2 + 4 + 8 + 16 + 24


def make(plain: bytes, code: str = CODE, limits: bk.BackupLimits = CHEAP, pieces: int = 1) -> bytes:
    out = io.BytesIO()
    writer = bk.BackupWriter(out, code, limits=limits)
    step = max(1, -(-len(plain) // pieces))
    for at in range(0, len(plain), step):
        writer.write(plain[at : at + step])
    assert writer.close() == len(out.getvalue())
    return out.getvalue()


def read_all(data: bytes, code: str = CODE) -> bytes:
    reader = bk.BackupReader(io.BytesIO(data), code)
    parts = []
    while chunk := reader.read(10_000):
        parts.append(chunk)
    assert reader.at_end
    return b"".join(parts)


def frame_bounds(data: bytes) -> list[int]:
    """Offsets where each frame starts, and the end."""
    bounds, at = [], HEADER_BYTES
    while at < len(data):
        bounds.append(at)
        (length,) = struct.unpack_from(">I", data, at)
        at += 4 + length
    return [*bounds, at]


PLAIN = bytes(range(256)) * 1200  # 300 KiB: five frames (four full, one shorter)
DATA = make(PLAIN, pieces=7)
BOUNDS = frame_bounds(DATA)


def test_round_trip_in_any_pieces() -> None:
    assert read_all(DATA) == PLAIN
    assert read_all(make(PLAIN, pieces=1000)) == PLAIN
    assert read_all(make(b"")) == b""
    exact = bytes(bk.CHUNK_BYTES * 2)  # on a frame boundary: the last frame still carries data
    assert read_all(make(exact)) == exact


def test_the_header_layout_byte_by_byte() -> None:
    magic, version, ops, mem, salt, stream = struct.unpack_from(">8sHIQ16s24s", DATA)
    assert (magic, version) == (b"BISIKBAK", 1)
    assert (ops, mem) == (CHEAP.opslimit, CHEAP.memlimit)
    assert DATA[8:10] == b"\x00\x01"
    assert DATA[10:14] == struct.pack(">I", CHEAP.opslimit)
    assert DATA[14:22] == struct.pack(">Q", CHEAP.memlimit)
    assert (DATA[22:38], DATA[38:62]) == (salt, stream)
    assert len(BOUNDS) == 6 and BOUNDS[-1] == len(DATA)
    lengths = [struct.unpack_from(">I", DATA, at)[0] for at in BOUNDS[:-1]]
    assert lengths[:4] == [bk.CHUNK_BYTES + 17] * 4
    assert lengths[4] == len(PLAIN) - 4 * bk.CHUNK_BYTES + 17
    fresh = make(PLAIN)
    assert fresh[22:38] != salt  # a fresh salt (and stream header) per backup
    assert fresh[38:62] != stream


def test_the_first_frame_opens_with_the_key_from_crypto_pwhash_directly() -> None:
    header = DATA[:HEADER_BYTES]
    salt, stream_header = header[22:38], header[38:62]
    key = sodium.crypto_pwhash_alg(
        32,
        b"123456789013579246801122334455",  # the digits only, as ASCII
        salt,
        CHEAP.opslimit,
        CHEAP.memlimit,
        sodium.crypto_pwhash_ALG_ARGON2ID13,
    )
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, key)
    (length,) = struct.unpack_from(">I", DATA, HEADER_BYTES)
    first = DATA[HEADER_BYTES + 4 : HEADER_BYTES + 4 + length]
    plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, first, header)
    assert plain == PLAIN[: bk.CHUNK_BYTES]
    assert tag == sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
    with pytest.raises(Exception):  # noqa: B017 - the header is the first frame's AD
        state2 = sodium.crypto_secretstream_xchacha20poly1305_state()
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state2, stream_header, key)
        sodium.crypto_secretstream_xchacha20poly1305_pull(state2, first, None)


def test_the_default_limits_are_moderate() -> None:
    assert bk.BackupLimits.moderate() == bk.BackupLimits(3, 256 * 1024 * 1024)
    assert bk.BackupLimits.moderate() == bk.DEFAULT_LIMITS


def test_a_wrong_code_is_its_own_error() -> None:
    with pytest.raises(WrongBackupCode):
        bk.BackupReader(io.BytesIO(DATA), OTHER)


@pytest.mark.parametrize(
    "cut",
    sorted(
        {*BOUNDS[:-1], BOUNDS[-2] + 4, HEADER_BYTES + 1, HEADER_BYTES + 3, BOUNDS[1] - 1}
        | {BOUNDS[2] + 100, BOUNDS[3] + 5000, len(DATA) - 1, 9, 20, 61}
    ),
)
def test_truncation_anywhere_is_truncated(cut: int) -> None:
    with pytest.raises(BackupTruncated):
        read_all(DATA[:cut])


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, NotABackup),  # magic
        (7, NotABackup),
        (9, BackupFromNewerVersion),  # version 1 -> 254
        (13, BackupDamaged),  # opslimit 1 -> 254: absurd
        (16, BackupDamaged),  # memlimit far beyond 1 GiB: absurd, refused before Argon2id
        (25, WrongBackupCode),  # salt: another key
        (50, WrongBackupCode),  # stream header: another nonce
        (HEADER_BYTES + 2, BackupDamaged),  # first frame's length: oversize
        (HEADER_BYTES + 3, BackupDamaged),  # first frame's length: oversize too
        (HEADER_BYTES + 10, WrongBackupCode),  # first frame: looks like a wrong code
        (HEADER_BYTES + 40_000, WrongBackupCode),
        (BOUNDS[2] + 4, BackupDamaged),  # a middle frame's first byte
        (BOUNDS[3] + 30_000, BackupDamaged),
        (BOUNDS[4] + 5, BackupDamaged),  # the last frame
        (len(DATA) - 1, BackupDamaged),  # its tag
    ],
)
def test_a_flipped_byte_is_refused(offset: int, expected: type[BackupError]) -> None:
    bad = bytearray(DATA)
    bad[offset] ^= 0xFF
    with pytest.raises(expected):
        read_all(bytes(bad))


def test_every_flipped_byte_in_a_small_backup_is_refused() -> None:
    small = make(b"halo" * 50)
    for offset in range(len(small)):
        bad = bytearray(small)
        bad[offset] ^= 0x01
        with pytest.raises(BackupError):
            read_all(bytes(bad))


def test_data_after_the_final_frame_is_refused() -> None:
    with pytest.raises(BackupDamaged, match="follow"):
        read_all(DATA + b"\x00")
    with pytest.raises(BackupDamaged):
        read_all(DATA + DATA[BOUNDS[1] : BOUNDS[2]])


def test_frames_out_of_order_or_dropped_are_refused() -> None:
    dropped = DATA[: BOUNDS[2]] + DATA[BOUNDS[3] :]
    with pytest.raises(BackupDamaged):
        read_all(dropped)
    swapped = DATA[: BOUNDS[1]] + DATA[BOUNDS[2] : BOUNDS[3]] + DATA[BOUNDS[1] : BOUNDS[2]]
    with pytest.raises(BackupDamaged):
        read_all(swapped + DATA[BOUNDS[3] :])


def test_a_newer_version_is_its_own_error() -> None:
    newer = DATA[:8] + struct.pack(">H", 2) + b"whatever follows in format 2"
    with pytest.raises(BackupFromNewerVersion, match="newer Bisik"):
        bk.BackupReader(io.BytesIO(newer), CODE)
    with pytest.raises(BackupDamaged):
        bk.BackupReader(io.BytesIO(DATA[:8] + b"\x00\x00" + DATA[10:]), CODE)


@pytest.mark.parametrize(
    ("ops", "mem"),
    [
        (21, CHEAP.memlimit),
        (2**32 - 1, CHEAP.memlimit),
        (1, 1024**3 + 1),
        (1, 2**64 - 1),
        (0, 8192),
        (1, 1024),
    ],
)
def test_absurd_limits_are_refused_before_any_derivation(ops: int, mem: int) -> None:
    crafted = DATA[:10] + struct.pack(">IQ", ops, mem) + DATA[22:]
    with pytest.raises(BackupDamaged, match="absurd"):
        bk.BackupReader(io.BytesIO(crafted), CODE)


def test_the_bounds_themselves_are_accepted_on_write() -> None:
    assert bk.MAX_OPSLIMIT == 20 and bk.MAX_MEMLIMIT == 1024**3
    with pytest.raises(BackupDamaged):
        make(b"x", limits=bk.BackupLimits(21, CHEAP.memlimit))
    assert read_all(make(b"x", limits=bk.BackupLimits(2, 64 * 1024))) == b"x"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", NotABackup),
        (b"PK\x03\x04 a zip file, say" * 4, NotABackup),
        (b"BISIK", BackupTruncated),
        (b"BISIKBAK\x00", BackupTruncated),
        (b"BISIKBAK\x00\x01", BackupTruncated),
        (DATA[:HEADER_BYTES], BackupTruncated),
        (DATA[:HEADER_BYTES] + struct.pack(">I", bk.MAX_FRAME_BYTES + 1), BackupDamaged),
        (DATA[:HEADER_BYTES] + struct.pack(">I", 2**32 - 1) + bytes(100), BackupDamaged),
        (DATA[:HEADER_BYTES] + struct.pack(">I", 16) + bytes(16), BackupDamaged),  # < ABYTES
        (DATA[:HEADER_BYTES] + struct.pack(">I", 17) + bytes(17), WrongBackupCode),
    ],
)
def test_garbage_empty_and_oversize_frames(data: bytes, expected: type[BackupError]) -> None:
    with pytest.raises(expected):
        read_all(data)


def test_the_reader_holds_one_frame_at_a_time() -> None:
    class Counting(io.BytesIO):
        largest = 0

        def read(self, size: int | None = -1, /) -> bytes:
            assert size is not None and 0 <= size <= bk.MAX_FRAME_BYTES
            self.largest = max(self.largest, size)
            return super().read(size)

    source = Counting(DATA)
    reader = bk.BackupReader(source, CODE)
    assert reader.read(1) == PLAIN[:1]
    assert source.tell() == BOUNDS[1]  # only the header and the first frame were read
    while reader.read(4096):
        pass
    assert source.largest == bk.MAX_FRAME_BYTES


# --- the code -----------------------------------------------------------------------------------


def test_new_codes_are_30_random_digits_in_6_groups() -> None:
    codes = {bk.new_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        groups = code.split(" ")
        assert [len(g) for g in groups] == [5] * 6
        assert all(g.isascii() and g.isdigit() for g in groups)


@pytest.mark.parametrize(
    "typed",
    [
        "123456789013579246801122334455",
        "12345 67890 13579 24680 11223 34455",
        "12345-67890-13579-24680-11223-34455",
        "  12345 67890\t13579 - 24680 11223 34455\n",
        "1 2 3 4 5 6 7 8 9 0 1 3 5 7 9 2 4 6 8 0 1 1 2 2 3 3 4 4 5 5",
    ],
)
def test_codes_are_read_with_spaces_and_dashes(typed: str) -> None:
    assert bk.parse_code(typed) == "123456789013579246801122334455"
    assert bk.format_code(typed) == CODE


@pytest.mark.parametrize(
    ("typed", "match"),
    [
        ("", "30 digits"),
        ("12345 67890", "30 digits; this has 10"),
        ("1234567890135792468011223344556", "this has 31"),
        ("12345 67890 13579 24680 11223 3445O", "only digits"),  # a letter O
        ("12345_67890_13579_24680_11223_34455", "only digits"),
        ("12345.67890.13579.24680.11223.34455", "only digits"),
        ("١٢٣٤٥ 67890 13579 24680 11223 34455", "only digits"),  # Arabic-Indic digits
    ],
)
def test_bad_codes_are_refused_clearly(typed: str, match: str) -> None:
    with pytest.raises(InvalidBackupCode, match=match):
        bk.parse_code(typed)
    with pytest.raises(InvalidBackupCode):
        bk.BackupReader(io.BytesIO(DATA), typed)


def test_the_code_is_read_the_same_however_it_was_typed() -> None:
    assert read_all(DATA, "123456789013579246801122334455") == PLAIN
    assert read_all(DATA, "12345-67890-13579-24680-11223-34455") == PLAIN


def test_the_moderate_limits_are_the_profiles() -> None:
    assert bk.BackupLimits.moderate().opslimit == pwhash.argon2id.OPSLIMIT_MODERATE
    assert bk.BackupLimits.moderate().memlimit == pwhash.argon2id.MEMLIMIT_MODERATE
