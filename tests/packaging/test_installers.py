"""The Windows installer script compiles (Debian's makensis, around a stand-in payload), the macOS
dmg script parses, and the relay's systemd unit is valid and hardened."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "build" / "linux" / "bisik-relay.service"

needs_makensis = pytest.mark.skipif(
    shutil.which("makensis") is None,
    reason="makensis is absent: apt-get install nsis (CI installs it)",
)


@pytest.fixture(scope="module")
def windows(build_module: Callable[[str], ModuleType]) -> ModuleType:
    return build_module("windows/make_dist.py")


def payload(parent: Path) -> Path:
    onedir = parent / "bisik"
    (onedir / "_internal").mkdir(parents=True)
    (onedir / "bisik.exe").write_bytes(b"MZ stand-in")
    (onedir / "_internal" / "python311.dll").write_bytes(b"MZ stand-in")
    return onedir


@needs_makensis
def test_nsis_script_compiles_to_an_installer(windows: ModuleType, tmp_path: Path) -> None:
    out = windows.compile_installer(payload(tmp_path), "1.2.3", tmp_path / "bisik-setup.exe")
    assert out.read_bytes()[:2] == b"MZ"


@needs_makensis
def test_nsis_refuses_an_empty_payload_and_a_missing_define(
    windows: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(windows.dist.BuildError, match="makensis exited"):
        windows.compile_installer(tmp_path / "empty", "1.2.3", tmp_path / "setup.exe")
    result = subprocess.run(
        ["makensis", "-V1", "-DVERSION=1.2.3", str(windows.NSIS_SCRIPT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "pass -DSRCDIR" in result.stdout + result.stderr


def test_nsis_script_installs_per_user_with_shortcut_and_uninstaller(windows: ModuleType) -> None:
    script = windows.NSIS_SCRIPT.read_text()
    for line in (
        "RequestExecutionLevel user",
        'InstallDir "$LOCALAPPDATA\\Programs\\${APPNAME}"',
        'CreateShortcut "$SMPROGRAMS\\${APPNAME}.lnk"',
        'WriteUninstaller "$INSTDIR\\${UNINSTALLER}"',
        'Section "Uninstall"',
    ):
        assert line in script
    assert "HKLM" not in script  # per-user: nothing machine-wide


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX bash")
def test_dmg_script_parses_and_skips_signing_without_secrets() -> None:
    script = ROOT / "build" / "macos" / "make_dmg.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text()
    assert "signing skipped" in text and "notarizing skipped" in text
    assert "ln -s /Applications" in text


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def test_relay_unit_runs_serve_as_its_own_confined_user() -> None:
    settings = unit_settings()
    assert " serve " in settings["ExecStart"][0] and "--host 127.0.0.1" in settings["ExecStart"][0]
    expected = {
        "DynamicUser": "yes",
        "StateDirectory": "bisik-relay",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "CapabilityBoundingSet": "",
        "MemoryDenyWriteExecute": "yes",
        "UMask": "0077",
    }
    for key, value in expected.items():
        assert settings[key] == [value], key


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is absent")
def test_relay_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    # verify insists that ExecStart exists; the relay is not installed here.
    text = UNIT.read_text().replace("/opt/bisik-relay/bin/bisik-relay", "/bin/true")
    (tmp_path / "bisik-relay.service").write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(tmp_path / "bisik-relay.service")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
