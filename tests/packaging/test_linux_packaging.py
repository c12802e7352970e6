"""The Linux artifacts, built around a stand-in onedir (a shell script plays the app): the .deb's
layout and fields, the portable archives and their marker, and the smoke test's verdicts."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PASSING_APP = '#!/bin/sh\n[ "$1" = --smoke-test ] && echo "smoke test ok" && exit 0\nexit 2\n'

pytestmark = pytest.mark.skipif(
    sys.platform == "win32",
    reason="POSIX shell stand-ins; build/windows/make_dist.py checks Windows",
)
needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is absent")


@pytest.fixture(scope="module")
def make_dist(build_module: Callable[[str], ModuleType]) -> ModuleType:
    return build_module("linux/make_dist.py")


def fake_onedir(parent: Path, script: str = PASSING_APP) -> Path:
    """A folder shaped like PyInstaller's onedir, whose `bisik` is a shell script."""
    onedir = parent / "bisik"
    (onedir / "_internal" / "lib").mkdir(parents=True)
    (onedir / "_internal" / "lib" / "libfake.so.1").write_bytes(b"\x7fELF GLIBC_2.17 GLIBC_2.38")
    (onedir / "_internal" / "lib" / "libfake.so").symlink_to("libfake.so.1")
    app = onedir / "bisik"
    app.write_text(script)
    app.chmod(0o755)
    return onedir


def test_glibc_floor_comes_from_elf_files_only(make_dist: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(b"GLIBC_2.99")
    assert make_dist.glibc_needed(tmp_path) == (2, 34)
    (tmp_path / "lib.so").write_bytes(b"\x7fELF....GLIBC_2.17\x00GLIBC_2.38\x00")
    assert make_dist.glibc_needed(tmp_path) == (2, 38)


def test_depends_lists_qt_libraries_but_not_test_tools(make_dist: ModuleType) -> None:
    depends = make_dist.qt_runtime_depends()
    assert "libxcb-cursor0" in depends and "libegl1" in depends
    assert "xvfb" not in depends and "nsis" not in depends


@needs_dpkg
def test_deb_installs_under_opt_with_link_desktop_entry_and_icons(
    make_dist: ModuleType, tmp_path: Path
) -> None:
    deb = make_dist.build_deb(fake_onedir(tmp_path), "1.2.3", tmp_path)
    assert deb.name == "bisik_1.2.3_amd64.deb"

    def field(name: str) -> str:
        result = subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True, text=True)
        return result.stdout.strip()

    assert field("Package") == "bisik" and field("Version") == "1.2.3"
    assert field("Architecture") == "amd64"
    assert field("Depends").startswith("libc6 (>= 2.38), libegl1")
    listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True).stdout
    assert "root/root" in listing and "-rwxr-xr-x root/root" in listing
    for path in (
        "./opt/bisik/bisik",
        "./usr/bin/bisik -> ../../opt/bisik/bisik",
        "./usr/share/applications/bisik.desktop",
        "./usr/share/icons/hicolor/256x256/apps/bisik.png",
        "./usr/share/icons/hicolor/scalable/apps/bisik.svg",
    ):
        assert path in listing
    make_dist.check_deb(deb)  # runs the stand-in through /usr/bin/bisik after dpkg-deb -x


def test_portable_archives_carry_the_marker_and_run_after_unpacking(
    make_dist: ModuleType, tmp_path: Path
) -> None:
    dist = make_dist.dist
    staged = dist.stage_portable(fake_onedir(tmp_path / "in"), tmp_path / "stage", "bisik-1-x")
    tar_gz = dist.make_tar_gz(staged, tmp_path / "p.tar.gz")
    zip_file = dist.make_zip(staged, tmp_path / "p.zip")
    with tarfile.open(tar_gz) as archive:
        names = archive.getnames()
        assert {member.uid for member in archive.getmembers()} == {0}
    assert names[0] == "bisik-1-x" and f"bisik-1-x/{dist.PORTABLE_MARKER}" in names
    make_dist.check_portable(tar_gz, zip_file, "bisik-1-x")
    unpacked = tmp_path / "unzipped"
    dist.extract_zip(zip_file, unpacked)
    assert (unpacked / "bisik-1-x" / "_internal" / "lib" / "libfake.so").is_symlink()
    assert "portable" in (unpacked / "bisik-1-x" / dist.PORTABLE_MARKER).read_text()
    assert not (fake_onedir(tmp_path / "again") / dist.PORTABLE_MARKER).exists()


@pytest.mark.parametrize(
    ("script", "complaint"),
    [
        ("#!/bin/sh\nexit 3\n", "exited with 3"),
        ("#!/bin/sh\necho 'Traceback (most recent call last):' >&2\n", "printed a traceback"),
        ('#!/bin/sh\nmkdir -p "$XDG_DATA_HOME/bisik"\n', "wrote outside its folder"),
        ("#!/bin/sh\nsleep 30\n", "hung"),
    ],
)
def test_smoke_test_fails_a_broken_or_leaky_build(
    make_dist: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    script: str,
    complaint: str,
) -> None:
    dist = make_dist.dist
    monkeypatch.setattr(dist, "SMOKE_TEST_TIMEOUT_S", 1)
    app = fake_onedir(tmp_path, script) / "bisik"
    with pytest.raises(dist.BuildError, match=complaint):
        dist.smoke_test(app, portable=True)


def test_desktop_entry_launches_bisik_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "build" / "linux" / "bisik.desktop")
    fields = entry["Desktop Entry"]
    assert fields["Type"] == "Application" and fields["Exec"] == "bisik"
    assert fields["Icon"] == "bisik" and fields["Terminal"] == "false"
    assert fields["Categories"].endswith(";") and "InstantMessaging" in fields["Categories"]


def test_appdir_runs_the_app_through_apprun(
    build_module: Callable[[str], ModuleType], tmp_path: Path
) -> None:
    appimage = build_module("linux/make_appimage.py")
    appdir = appimage.stage_appdir(fake_onedir(tmp_path), tmp_path / "Bisik.AppDir")
    assert (appdir / "bisik.desktop").is_file() and (appdir / ".DirIcon").resolve().is_file()
    result = subprocess.run([appdir / "AppRun", "--smoke-test"], capture_output=True, text=True)
    assert result.returncode == 0 and "smoke test ok" in result.stdout


def test_loading_the_build_scripts_writes_nothing_into_build(make_dist: ModuleType) -> None:
    assert make_dist.dist.WORK.parent == ROOT / "dist"
    assert not list((ROOT / "build").rglob("__pycache__"))
