"""Steps every OS's build script shares: freeze the app with PyInstaller, pack a portable archive,
smoke-test a frozen build, report sizes.

The scripts import this module with bytecode writing switched off (sys.dont_write_bytecode), so that
nothing is ever written into build/; PyInstaller's own work folder lives under dist/.
"""

from __future__ import annotations

import os
import platform
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer.spec"
DIST = ROOT / "dist"
WORK = DIST / ".pyinstaller-work"
ICONS = ROOT / "resources" / "icons" / "app"
APP_NAME = "bisik"

# A file of this name next to the executable makes the app keep all its data in PORTABLE_DATA_DIR,
# also next to the executable, instead of the per-user data folder (as Electrum's portable mode).
PORTABLE_MARKER = "bisik-portable.txt"
PORTABLE_DATA_DIR = "bisik-data"
PORTABLE_MARKER_TEXT = (
    "This copy of Bisik is portable: it keeps its profiles in the folder "
    f"'{PORTABLE_DATA_DIR}' next to this file, not in your user folder.\n"
    "Delete this file to make it use your user folder instead.\n"
)

SMOKE_TEST_TIMEOUT_S = 180
MIB = 1024 * 1024


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def version() -> str:
    """The version in pyproject.toml, the one place it is set."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return str(project["version"])


def platform_tag() -> str:
    """E.g. linux-x86_64, windows-x86_64, macos-arm64: the suffix of every artifact's name."""
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}[sys.platform]
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def executable_name() -> str:
    return f"{APP_NAME}.exe" if sys.platform == "win32" else APP_NAME


def run(command: list[str | Path], env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
    """Run a tool, echoing it; a non-zero exit is a BuildError."""
    print("+", " ".join(str(part) for part in command), flush=True)
    result = subprocess.run([str(part) for part in command], env=env, cwd=cwd, check=False)
    if result.returncode != 0:
        raise BuildError(f"{Path(str(command[0])).name} exited with {result.returncode}")


def freeze() -> Path:
    """Build the onedir (dist/bisik) from installer.spec and return its path."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    pyinstaller: list[str | Path] = [sys.executable, "-m", "PyInstaller", "--noconfirm"]
    run([*pyinstaller, "--log-level=WARN", "--workpath", WORK, "--distpath", DIST, SPEC], env=env)
    onedir = DIST / APP_NAME
    if not (onedir / executable_name()).is_file():
        raise BuildError(f"PyInstaller did not produce {onedir / executable_name()}")
    return onedir


def stage_portable(onedir: Path, parent: Path, stem: str) -> Path:
    """Copy the onedir to parent/stem and add the portable marker next to the executable."""
    staged = parent / stem
    shutil.copytree(onedir, staged, symlinks=True)
    (staged / PORTABLE_MARKER).write_text(PORTABLE_MARKER_TEXT, encoding="utf-8")
    return staged


def _tree(top: Path) -> list[Path]:
    """Every path under top (top included), sorted, so archives list their members stably."""
    return [top, *sorted(top.rglob("*"))]


def make_tar_gz(top: Path, out: Path) -> Path:
    """A .tar.gz of the folder `top` (kept as the archive's single top-level folder)."""

    def anonymous(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=9) as archive:
        for path in _tree(top):
            name = path.relative_to(top.parent).as_posix()
            archive.add(path, arcname=name, recursive=False, filter=anonymous)
    return out


def make_zip(top: Path, out: Path) -> Path:
    """A .zip of the folder `top`, keeping Unix permissions and symbolic links for unzip."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in _tree(top):
            name = path.relative_to(top.parent).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3  # Unix: unzip reads the mode from external_attr
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            elif path.is_dir():
                archive.write(path, name + "/")
            else:
                archive.write(path, name)
    return out


def extract_zip(archive_path: Path, dest: Path) -> None:
    """Extract a zip as unzip would: restoring Unix permissions (the executable bit) and links."""
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            mode = info.external_attr >> 16
            target = dest / info.filename
            if stat.S_ISLNK(mode):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(archive.read(info).decode())
                continue
            archive.extract(info, dest)
            if mode and not info.is_dir():
                target.chmod(stat.S_IMODE(mode))


def isolated_home(home: Path) -> dict[str, str]:
    """An environment whose user folders all lie under `home`, with Qt drawing offscreen."""
    folders = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_CACHE_HOME": home / ".cache",
        "APPDATA": home / "AppData" / "Roaming",
        "LOCALAPPDATA": home / "AppData" / "Local",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        **{key: str(value) for key, value in folders.items()},
        "QT_QPA_PLATFORM": "offscreen",
    }


def smoke_test(executable: Path, *, portable: bool = False) -> None:
    """Run `executable --smoke-test` with an empty home; fail on a non-zero exit or a traceback.

    A portable build must also leave the home untouched by Bisik: nothing named like it may appear
    there (Windows resolves user folders without the environment, so this check is POSIX-only).
    """
    with tempfile.TemporaryDirectory(prefix="bisik-smoke-") as tmp:
        home = Path(tmp)
        print(f"+ {executable} --smoke-test", flush=True)
        try:
            result = subprocess.run(
                [str(executable), "--smoke-test"],
                env=isolated_home(home),
                cwd=home,
                capture_output=True,
                text=True,
                timeout=SMOKE_TEST_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise BuildError(f"smoke test of {executable} hung for {exc.timeout} s") from exc
        output = (result.stdout + result.stderr).strip()
        if output:
            print(output)
        if result.returncode != 0:
            raise BuildError(f"smoke test of {executable} exited with {result.returncode}")
        if "Traceback (most recent call last)" in result.stderr:
            raise BuildError(f"smoke test of {executable} printed a traceback")
        if portable and sys.platform != "win32":
            leaked = [p for p in home.rglob("*") if APP_NAME in p.name.lower()]
            if leaked:
                raise BuildError(f"portable build wrote outside its folder: {leaked}")
    print(f"smoke test passed: {executable}", flush=True)


def size_of(path: Path) -> int:
    """Bytes in a file, or in all files under a folder (links not followed)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())


def report_sizes(artifacts: Iterable[Path], goals_mib: dict[Path, int]) -> None:
    """Print each artifact's size, with its goal where one is set."""
    print("\nartifacts:")
    for path in artifacts:
        mib = size_of(path) / MIB
        goal = goals_mib.get(path)
        verdict = ""
        if goal is not None:
            verdict = f"  (goal <= {goal} MiB: {'ok' if mib <= goal else 'OVER'})"
        print(f"  {mib:8.1f} MiB  {path.relative_to(ROOT)}{verdict}")


def run_build(build: Callable[[], None]) -> int:
    """Run a build function, turning a BuildError into a one-line message and exit status 1."""
    try:
        build()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
