"""Render the application icon from its SVG source into the PNG sizes, the Windows .ico and the
macOS .icns that the installers use.

The outputs are committed next to the source (resources/icons/app/), so a build never needs this
script; run it after editing bisik.svg:  .venv/bin/python -B build/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Mapping
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons" / "app"
SOURCE = ICON_DIR / "bisik.svg"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 256)
# ICNS element type -> pixel size. Each element holds a PNG (macOS 10.7+ reads PNG in all of them);
# the "@2x" types are the Retina variants of the next smaller point size.
ICNS_TYPES: dict[bytes, int] = {
    b"icp4": 16,
    b"icp5": 32,
    b"ic11": 32,  # 16@2x
    b"ic12": 64,  # 32@2x
    b"ic07": 128,
    b"ic13": 256,  # 128@2x
    b"ic08": 256,
    b"ic14": 512,  # 256@2x
    b"ic09": 512,
    b"ic10": 1024,  # 512@2x
}


def render_png(svg: bytes, size: int) -> bytes:
    """Rasterise the SVG to a square PNG of `size` pixels with a transparent background."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # A QApplication, not a QGuiApplication: in one test process with widget tests, the first
    # application object made decides the type every later caller gets.
    _app = QApplication.instance() or QApplication([])
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the icon source is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes, Qt wants str
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (read by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory = b""
    for size in sizes:
        if not 1 <= size <= 256:
            raise ValueError(f"an .ico entry must be 1..256 pixels, not {size}")
        side = size % 256  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(pngs[size]), offset)
        offset += len(pngs[size])
    return header + directory + b"".join(pngs[size] for size in sizes)


def icns_bytes(elements: Mapping[bytes, bytes]) -> bytes:
    """A macOS .icns made of the given (type, PNG) elements."""
    body = b""
    for kind, png in elements.items():
        if len(kind) != 4:
            raise ValueError(f"an .icns element type is four bytes, not {kind!r}")
        body += kind + struct.pack(">I", 8 + len(png)) + png
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build_all(svg: bytes) -> dict[str, bytes]:
    """Every generated file, by name, from the SVG source."""
    wanted = set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES.values())
    pngs = {size: render_png(svg, size) for size in sorted(wanted)}
    files = {f"bisik-{size}.png": pngs[size] for size in PNG_SIZES}
    files["bisik.ico"] = ico_bytes({size: pngs[size] for size in ICO_SIZES})
    files["bisik.icns"] = icns_bytes({kind: pngs[size] for kind, size in ICNS_TYPES.items()})
    return files


def main() -> int:
    for name, data in build_all(SOURCE.read_bytes()).items():
        (ICON_DIR / name).write_bytes(data)
        print(f"{name:16} {len(data):>8} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
