"""`make dist` on Linux: freeze the app, pack the portable archives and the .deb into dist/, then
smoke-test the .deb and the archives after extraction and print each artifact's size.

Artifacts (VERSION from pyproject.toml):
  dist/bisik/                              the PyInstaller onedir
  dist/bisik-VERSION-linux-x86_64.tar.gz   portable (bisik-portable.txt next to the executable)
  dist/bisik-VERSION-linux-x86_64.zip      the same as a zip
  dist/bisik_VERSION_amd64.deb             /opt/bisik, /usr/bin/bisik, desktop entry, icons
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # nothing may be written into build/, not even __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bisik_dist as dist  # noqa: E402

HERE = Path(__file__).resolve().parent
DESKTOP_ENTRY = HERE / "bisik.desktop"
QT_RUNTIME_PACKAGES = HERE / "qt-runtime-packages.txt"
MIN_GLIBC = (2, 34)  # PySide6's wheels are built for glibc 2.34 and later
GOALS_MIB = {"onedir": 150, "deb": 50}
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def qt_runtime_depends() -> list[str]:
    """The shared libraries Qt needs, from the list the README and CI install (tools left out)."""
    lines = QT_RUNTIME_PACKAGES.read_text().splitlines()
    return [line.strip() for line in lines if line.strip().startswith("lib")]


def glibc_needed(tree: Path) -> tuple[int, int]:
    """The newest GLIBC_2.x symbol version any ELF file under `tree` asks for (at least 2.34)."""
    newest = MIN_GLIBC
    for path in tree.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if not data.startswith(b"\x7fELF"):
            continue
        for minor in re.findall(rb"GLIBC_2\.(\d+)", data):
            newest = max(newest, (2, int(minor)))
    return newest


def control_file(version: str, installed_kib: int, glibc: tuple[int, int]) -> str:
    depends = [f"libc6 (>= {glibc[0]}.{glibc[1]})", *qt_runtime_depends()]
    return (
        "Package: bisik\n"
        f"Version: {version}\n"
        "Section: net\n"
        "Priority: optional\n"
        "Architecture: amd64\n"
        "Maintainer: Bisik developers <maintainers@bisik.invalid>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        "Recommends: fonts-dejavu-core\n"
        "Description: end-to-end encrypted desktop messenger\n"
        " Bisik encrypts every message on the sender's computer (X3DH, Double Ratchet and\n"
        " sealed sender). Its relay stores only padded ciphertext until delivery and never\n"
        " learns who sent what.\n"
    )


def build_deb(onedir: Path, version: str, out_dir: Path) -> Path:
    """out_dir/bisik_VERSION_amd64.deb: the onedir under /opt/bisik, a /usr/bin/bisik link, a
    desktop entry and hicolor icons, owned by root."""
    out = out_dir / f"bisik_{version}_amd64.deb"
    with tempfile.TemporaryDirectory(prefix="bisik-deb-") as tmp:
        root = Path(tmp) / "root"
        opt = root / "opt" / "bisik"
        shutil.copytree(onedir, opt, symlinks=True)
        usr = root / "usr"
        (usr / "bin").mkdir(parents=True)
        # Relative, so it also resolves in a tree unpacked with `dpkg-deb -x`.
        (usr / "bin" / "bisik").symlink_to("../../opt/bisik/bisik")
        share = usr / "share"
        (share / "applications").mkdir(parents=True)
        shutil.copy(DESKTOP_ENTRY, share / "applications" / "bisik.desktop")
        hicolor = share / "icons" / "hicolor"
        for size in ICON_SIZES:
            apps = hicolor / f"{size}x{size}" / "apps"
            apps.mkdir(parents=True)
            shutil.copy(dist.ICONS / f"bisik-{size}.png", apps / "bisik.png")
        (hicolor / "scalable" / "apps").mkdir(parents=True)
        shutil.copy(dist.ICONS / "bisik.svg", hicolor / "scalable" / "apps" / "bisik.svg")
        doc = share / "doc" / "bisik"
        doc.mkdir(parents=True)
        (doc / "copyright").write_text(
            "Bisik\nLicense: AGPL-3.0-or-later\n"
            " The full text: https://www.gnu.org/licenses/agpl-3.0.html\n"
        )
        installed_kib = (dist.size_of(root) + 1023) // 1024
        (root / "DEBIAN").mkdir()
        control = control_file(version, installed_kib, glibc_needed(opt))
        (root / "DEBIAN" / "control").write_text(control)
        for path in [root, *root.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)
        dist.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", root, out])
    return out


def check_deb(deb: Path) -> None:
    """Smoke-test the .deb's app through /usr/bin/bisik in a tree unpacked with dpkg-deb -x."""
    with tempfile.TemporaryDirectory(prefix="bisik-deb-x-") as tmp:
        dist.run(["dpkg-deb", "-x", deb, tmp])
        dist.smoke_test(Path(tmp) / "usr" / "bin" / "bisik")
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True)
    print(f"Depends: {fields.stdout.strip()}")


def check_portable(tar_gz: Path, zip_file: Path, stem: str) -> None:
    """Smoke-test the app from each portable archive, unpacked as a user would."""
    with tempfile.TemporaryDirectory(prefix="bisik-tar-x-") as tmp:
        with tarfile.open(tar_gz) as archive:
            archive.extractall(tmp, filter="tar")
        dist.smoke_test(Path(tmp) / stem / "bisik", portable=True)
    with tempfile.TemporaryDirectory(prefix="bisik-zip-x-") as tmp:
        dist.extract_zip(zip_file, Path(tmp))
        dist.smoke_test(Path(tmp) / stem / "bisik", portable=True)


def build() -> None:
    version = dist.version()
    onedir = dist.freeze()
    stem = f"bisik-{version}-{dist.platform_tag()}"
    with tempfile.TemporaryDirectory(prefix="bisik-portable-") as tmp:
        staged = dist.stage_portable(onedir, Path(tmp), stem)
        tar_gz = dist.make_tar_gz(staged, dist.DIST / f"{stem}.tar.gz")
        zip_file = dist.make_zip(staged, dist.DIST / f"{stem}.zip")
    deb = build_deb(onedir, version, dist.DIST)
    check_deb(deb)
    check_portable(tar_gz, zip_file, stem)
    dist.report_sizes(
        [onedir, tar_gz, zip_file, deb],
        {onedir: GOALS_MIB["onedir"], deb: GOALS_MIB["deb"]},
    )


if __name__ == "__main__":
    sys.exit(dist.run_build(build))
