"""installer.spec, run with stand-ins for PyInstaller's build steps: what it asks PyInstaller to
build on each OS, and how it trims Qt's translations and unused plugins."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer.spec"

# A fake bundle: destination -> the libraries it links against.
LINKS = {
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so": ["libgtk-3.so.0", "libfreetype.so.6"],
    "libgtk-3.so.0": ["libcairo.so.2"],
    "libcairo.so.2": ["libfreetype.so.6"],
    "libfreetype.so.6": [],
    "PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6Gui.so.6"],
    "PySide6/Qt/plugins/imageformats/libqtiff.so": ["libQt6Gui.so.6"],
    "PySide6/Qt/lib/libQt6Gui.so.6": ["libfreetype.so.6"],
}
DATAS = [
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/translations/qtbase_fr.qm",
    "resources/translations/bisik_de.qm",
    "resources/icons/app/bisik.svg",
]


class Step:
    """Records how the spec called one of PyInstaller's build steps."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries = [(dest, f"/src/{dest}", "BINARY") for dest in LINKS]
        self.datas = [(dest, f"/src/{dest}", "DATA") for dest in DATAS]
        self.pure: list[object] = []
        self.scripts: list[object] = []


def fake_pyinstaller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-ins for the PyInstaller helpers the spec imports (PyInstaller itself need not be
    installed: it comes with the dist extra, not the test extra)."""
    imports = {
        f"/src/{dest}": [(name, f"/src/{name}") for name in names] for dest, names in LINKS.items()
    }
    bindepend = ModuleType("PyInstaller.depend.bindepend")
    hooks = ModuleType("PyInstaller.utils.hooks")
    helpers: dict[ModuleType, dict[str, Callable[..., Any]]] = {
        bindepend: {"get_imports": lambda path, *_: imports[path]},
        hooks: {
            "collect_submodules": lambda package: [f"{package}.entry"],
            "copy_metadata": lambda name: [(f"/src/{name}.dist-info", f"{name}.dist-info")],
        },
    }
    for module, functions in helpers.items():
        for name, function in functions.items():
            setattr(module, name, function)
        monkeypatch.setitem(sys.modules, module.__name__, module)
    for name in ("PyInstaller", "PyInstaller.depend", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, ModuleType(name))


def run_spec(monkeypatch: pytest.MonkeyPatch, platform: str) -> dict[str, Any]:
    """Execute the spec as PyInstaller would on `platform`; return its globals."""
    fake_pyinstaller(monkeypatch)
    monkeypatch.setattr(sys, "platform", platform)
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "__file__": str(SPEC)}
    for step in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        namespace[step] = type(step, (Step,), {})
    exec(compile(SPEC.read_text(), str(SPEC), "exec"), namespace)
    return namespace


def test_builds_a_windowed_onedir_named_bisik_with_resources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = run_spec(monkeypatch, "linux")
    analysis, exe, coll = spec["a"].kwargs, spec["exe"].kwargs, spec["coll"].kwargs
    assert "_cffi_backend" in analysis["hiddenimports"]
    assert "app.entry" in analysis["hiddenimports"]
    assert (str(ROOT / "resources"), "resources") in analysis["datas"]
    assert ("/src/bisik.dist-info", "bisik.dist-info") in analysis["datas"]  # for --version
    assert exe["name"] == coll["name"] == "bisik"
    assert exe["console"] is False and exe["exclude_binaries"] is True
    assert exe["strip"] is True and coll["strip"] is True
    assert "app" not in spec  # no macOS bundle on Linux


def test_excludes_unused_qt_modules_but_not_the_ones_the_ui_needs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    excludes = run_spec(monkeypatch, "linux")["a"].kwargs["excludes"]
    assert {"PySide6.QtQuick", "PySide6.QtQml", "PySide6.QtWebEngineCore"} <= set(excludes)
    for needed in ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork", "QtDBus"):
        assert f"PySide6.{needed}" not in excludes


def test_leaves_out_qt_translations_on_every_layout_but_keeps_bisiks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    datas = [dest for dest, _, _ in run_spec(monkeypatch, "linux")["a"].datas]
    assert datas == ["resources/translations/bisik_de.qm", "resources/icons/app/bisik.svg"]


def test_drops_unused_plugins_and_the_libraries_only_they_need(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    binaries = {dest for dest, _, _ in run_spec(monkeypatch, "linux")["a"].binaries}
    assert binaries == {
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libfreetype.so.6",  # the GTK theme needed it too, but so does Qt
    }


def test_macos_gets_an_app_bundle_with_high_dpi_and_dark_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = run_spec(monkeypatch, "darwin")
    bundle = spec["app"].kwargs
    assert bundle["name"] == "Bisik.app"
    assert bundle["bundle_identifier"] == "org.bisik.Bisik"
    assert bundle["info_plist"]["NSHighResolutionCapable"] is True
    assert bundle["info_plist"]["NSRequiresAquaSystemAppearance"] is False
    assert Path(bundle["icon"]).is_file() and bundle["icon"].endswith(".icns")
    assert spec["exe"].kwargs["strip"] is False  # stripping would break code signing


def test_windows_exe_carries_the_ico(monkeypatch: pytest.MonkeyPatch) -> None:
    icon = run_spec(monkeypatch, "win32")["exe"].kwargs["icon"]
    assert icon.endswith("bisik.ico") and Path(icon).is_file()


def test_the_installed_command_and_the_frozen_launcher_run_the_same_entry() -> None:
    """`bisik` from pip (pyproject's gui-script) and from a build (launcher.py) is app/entry.py."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert scripts == {"bisik": "app.entry:main"}
    assert "from app.entry import main" in (ROOT / "build" / "launcher.py").read_text()
