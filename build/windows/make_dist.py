"""Windows release build: freeze the app, pack the portable zip and the NSIS installer into dist/,
then smoke-test the app from the unpacked zip and from a silent per-user install, and uninstall.

Artifacts (VERSION from pyproject.toml):
  dist/bisik/                                  the PyInstaller onedir
  dist/bisik-VERSION-windows-x86_64.zip        portable (bisik-portable.txt next to bisik.exe)
  dist/bisik-VERSION-windows-x86_64-setup.exe  per-user installer, no administrator rights
Needs NSIS's makensis on PATH (CI: `choco install nsis`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # nothing may be written into build/, not even __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bisik_dist as dist  # noqa: E402

NSIS_SCRIPT = Path(__file__).resolve().parent / "bisik.nsi"


def makensis() -> str:
    """The makensis on PATH, or NSIS's default install folder on Windows."""
    found = shutil.which("makensis") or shutil.which(r"C:\Program Files (x86)\NSIS\makensis.exe")
    if found is None:
        raise dist.BuildError("makensis not found: install NSIS (choco install nsis)")
    return found


def compile_installer(payload: Path, version: str, out: Path) -> Path:
    """Compile bisik.nsi around the onedir `payload`; NSIS warnings count as errors."""
    defines = {
        "VERSION": version,
        "SRCDIR": payload,
        "OUTFILE": out,
        "ICON": dist.ICONS / "bisik.ico",
    }
    dist.run([makensis(), "-V2", "-WX", *(f"-D{k}={v}" for k, v in defines.items()), NSIS_SCRIPT])
    return out


def check_installer(setup: Path) -> None:
    """Install silently into a temporary folder, smoke-test, then uninstall silently."""
    with tempfile.TemporaryDirectory(prefix="bisik-install-") as tmp:
        target = Path(tmp) / "Bisik"
        # NSIS wants /D last and unquoted; `_?=` makes the uninstaller run in place and wait.
        subprocess.run([str(setup), "/S", f"/D={target}"], check=True)
        dist.smoke_test(target / dist.executable_name())
        subprocess.run([str(target / "uninstall.exe"), "/S", f"_?={target}"], check=True)
        if (target / dist.executable_name()).exists():
            raise dist.BuildError("the uninstaller left bisik.exe behind")


def build() -> None:
    version = dist.version()
    onedir = dist.freeze()
    stem = f"bisik-{version}-{dist.platform_tag()}"
    with tempfile.TemporaryDirectory(prefix="bisik-portable-") as tmp:
        staged = dist.stage_portable(onedir, Path(tmp), stem)
        zip_file = dist.make_zip(staged, dist.DIST / f"{stem}.zip")
    with tempfile.TemporaryDirectory(prefix="bisik-zip-x-") as tmp:
        dist.extract_zip(zip_file, Path(tmp))
        dist.smoke_test(Path(tmp) / stem / dist.executable_name(), portable=True)
    setup = compile_installer(onedir, version, dist.DIST / f"{stem}-setup.exe")
    check_installer(setup)
    dist.report_sizes([onedir, zip_file, setup], {onedir: 150})


if __name__ == "__main__":
    sys.exit(dist.run_build(build))
