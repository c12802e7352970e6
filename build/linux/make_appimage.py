"""Wrap the onedir from `make dist` into dist/bisik-VERSION-x86_64.AppImage and smoke-test it.

Runs on CI only, where appimagetool can be downloaded:
  python build/linux/make_appimage.py path/to/appimagetool
Without FUSE (as on CI runners) set APPIMAGE_EXTRACT_AND_RUN=1 for the tool and the smoke test.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # nothing may be written into build/, not even __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bisik_dist as dist  # noqa: E402

DESKTOP_ENTRY = Path(__file__).resolve().parent / "bisik.desktop"
APP_RUN = (
    '#!/bin/sh\nHERE="$(dirname "$(readlink -f "$0")")"\nexec "$HERE/usr/lib/bisik/bisik" "$@"\n'
)


def stage_appdir(onedir: Path, appdir: Path) -> Path:
    """The AppDir layout: the onedir under usr/lib/bisik, AppRun, desktop entry and icon on top."""
    shutil.copytree(onedir, appdir / "usr" / "lib" / "bisik", symlinks=True)
    app_run = appdir / "AppRun"
    app_run.write_text(APP_RUN)
    app_run.chmod(0o755)
    shutil.copy(DESKTOP_ENTRY, appdir / "bisik.desktop")
    shutil.copy(dist.ICONS / "bisik-256.png", appdir / "bisik.png")
    (appdir / ".DirIcon").symlink_to("bisik.png")
    return appdir


def build() -> None:
    if len(sys.argv) != 2:
        raise dist.BuildError("usage: make_appimage.py APPIMAGETOOL")
    onedir = dist.DIST / dist.APP_NAME
    if not (onedir / dist.APP_NAME).is_file():
        raise dist.BuildError(f"{onedir} is missing: run `make dist` first")
    out = dist.DIST / f"bisik-{dist.version()}-x86_64.AppImage"
    with tempfile.TemporaryDirectory(prefix="bisik-appdir-") as tmp:
        appdir = stage_appdir(onedir, Path(tmp) / "Bisik.AppDir")
        dist.run([sys.argv[1], appdir, out], env={**os.environ, "ARCH": "x86_64"})
    dist.smoke_test(out)
    dist.report_sizes([out], {})


if __name__ == "__main__":
    sys.exit(dist.run_build(build))
