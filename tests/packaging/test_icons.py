"""The committed application icons: every size present, and the .ico/.icns writers' formats."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons" / "app"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data.startswith(PNG_SIGNATURE), "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def read_ico(data: bytes) -> dict[int, bytes]:
    """Entries of an .ico by pixel size, checking the directory against the data."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    entries = {}
    for index in range(count):
        fields = struct.unpack("<BBBBHHII", data[6 + 16 * index : 22 + 16 * index])
        width, height, _, _, _, _, length, offset = fields
        assert offset + length <= len(data)
        entries[width or 256] = data[offset : offset + length]
        assert (height or 256) == (width or 256)
    return entries


def read_icns(data: bytes) -> dict[bytes, bytes]:
    """Elements of an .icns by type, checking every length."""
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    elements, at = {}, 8
    while at < len(data):
        kind, length = data[at : at + 4], struct.unpack(">I", data[at + 4 : at + 8])[0]
        assert length >= 8 and at + length <= len(data)
        elements[kind] = data[at + 8 : at + length]
        at += length
    return elements


@pytest.fixture(scope="module")
def icons(build_module: Callable[[str], ModuleType]) -> ModuleType:
    return build_module("make_icons.py")


def test_every_png_size_is_committed_at_its_size(icons: ModuleType) -> None:
    for size in icons.PNG_SIZES:
        assert png_size((ICON_DIR / f"bisik-{size}.png").read_bytes()) == (size, size)


def test_committed_ico_holds_each_windows_size_as_png(icons: ModuleType) -> None:
    entries = read_ico((ICON_DIR / "bisik.ico").read_bytes())
    assert sorted(entries) == sorted(icons.ICO_SIZES)
    for size, png in entries.items():
        assert png_size(png) == (size, size)


def test_committed_icns_holds_each_macos_type_at_its_size(icons: ModuleType) -> None:
    elements = read_icns((ICON_DIR / "bisik.icns").read_bytes())
    assert elements.keys() == icons.ICNS_TYPES.keys()
    for kind, png in elements.items():
        side = icons.ICNS_TYPES[kind]
        assert png_size(png) == (side, side)


def test_writers_round_trip_and_reject_what_the_formats_cannot_hold(icons: ModuleType) -> None:
    fake = {16: b"sixteen", 256: b"two-five-six"}
    assert read_ico(icons.ico_bytes(fake)) == fake
    assert read_icns(icons.icns_bytes({b"ic07": b"png"})) == {b"ic07": b"png"}
    with pytest.raises(ValueError, match=r"1\.\.256"):
        icons.ico_bytes({512: b"too big"})
    with pytest.raises(ValueError, match="four bytes"):
        icons.icns_bytes({b"ic7": b"png"})


def test_renders_the_source_at_any_size_and_refuses_broken_svg(icons: ModuleType) -> None:
    png = icons.render_png(icons.SOURCE.read_bytes(), 20)
    assert png_size(png) == (20, 20)
    with pytest.raises(ValueError, match="not a valid SVG"):
        icons.render_png(b"<svg", 20)
