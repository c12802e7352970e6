"""macOS release build: freeze the app into dist/Bisik.app, smoke-test it, make the dmg with
make_dmg.sh (signed and notarized when the secrets are set), and smoke-test the app inside the
mounted dmg.

Artifact (VERSION from pyproject.toml, ARCH the machine's: arm64 or x86_64):
  dist/bisik-VERSION-macos-ARCH.dmg
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # nothing may be written into build/, not even __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bisik_dist as dist  # noqa: E402

MAKE_DMG = Path(__file__).resolve().parent / "make_dmg.sh"
APP_BINARY = Path("Contents") / "MacOS" / dist.APP_NAME


def check_dmg(dmg: Path) -> None:
    """Mount the dmg read-only, smoke-test the app inside, unmount."""
    with tempfile.TemporaryDirectory(prefix="bisik-dmg-") as mountpoint:
        dist.run(["hdiutil", "attach", "-nobrowse", "-readonly", "-mountpoint", mountpoint, dmg])
        try:
            dist.smoke_test(Path(mountpoint) / "Bisik.app" / APP_BINARY)
        finally:
            subprocess.run(["hdiutil", "detach", mountpoint], check=False)


def build() -> None:
    version = dist.version()
    onedir = dist.freeze()
    app = dist.DIST / "Bisik.app"
    dist.smoke_test(app / APP_BINARY)
    dmg = dist.DIST / f"bisik-{version}-{dist.platform_tag()}.dmg"
    dist.run(["bash", MAKE_DMG, app, dmg])
    check_dmg(dmg)
    dist.report_sizes([onedir, app, dmg], {app: 150})


if __name__ == "__main__":
    sys.exit(dist.run_build(build))
