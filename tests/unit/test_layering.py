"""The dependency direction of DESIGN.md, checked on the source tree and in a fresh interpreter.

Arrows point from importer to imported: ui -> service -> {session, store, net}, store -> session,
session -> crypto, net -> wire, relay -> wire. Only ui imports PySide6; only net imports requests.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
NON_UI_PACKAGES = ["crypto", "session", "store", "wire", "net", "service", "relay", "cli"]

# Which app packages each package may import (itself always allowed).
ALLOWED_APP_IMPORTS = {
    "crypto": set(),
    "session": {"crypto"},
    "wire": set(),
}


def imported_modules(path: Path) -> set[str]:
    """Absolute names of everything a module imports, relative imports resolved."""
    package = ".".join(path.relative_to(APP.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names.add(".".join([*base, node.module] if node.module else base))
            else:
                names.add(node.module or "")
    return names


def sources(subdir: str = "") -> list[Path]:
    return sorted((APP / subdir).rglob("*.py"))


def area(path: Path) -> str:
    parts = path.relative_to(APP).parts
    return parts[0].removesuffix(".py") if parts else ""


def test_only_ui_imports_pyside6_and_only_net_imports_requests() -> None:
    offenders = []
    for path in sources():
        for name in imported_modules(path):
            top = name.split(".")[0]
            if top == "PySide6" and area(path) != "ui":
                offenders.append(f"{path}: {name}")
            if top == "requests" and area(path) != "net":
                offenders.append(f"{path}: {name}")
    assert offenders == []


def test_core_packages_import_only_what_their_arrows_allow() -> None:
    offenders = []
    for package, allowed in ALLOWED_APP_IMPORTS.items():
        for path in sources(package):
            for name in imported_modules(path):
                parts = name.split(".")
                if parts[0] == "app" and len(parts) > 1 and parts[1] not in {package, *allowed}:
                    offenders.append(f"{path}: {name}")
    assert offenders == []


def test_crypto_imports_no_third_party_beyond_pynacl() -> None:
    for path in sources("crypto"):
        for name in imported_modules(path):
            top = name.split(".")[0]
            assert top in {"app", "nacl", "__future__"} or top in sys.stdlib_module_names, name


def test_non_ui_packages_load_without_pyside6() -> None:
    """Import every non-UI module in a fresh interpreter and look at what got loaded."""
    modules = []
    for name in NON_UI_PACKAGES:
        target = APP / name
        if target.is_dir():
            modules += [
                ".".join(p.relative_to(APP.parent).with_suffix("").parts).removesuffix(".__init__")
                for p in sorted(target.rglob("*.py"))
                if p.name != "__main__.py"
            ]
        elif target.with_suffix(".py").exists():
            modules.append(f"app.{name}")
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=APP.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
