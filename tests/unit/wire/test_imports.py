"""The dependency rules of DESIGN.md for wire, net and relay, checked on their source."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[3] / "app"

# package -> the top-level modules it may import besides the standard library
ALLOWED = {
    "wire": {"app"},
    "net": {"app", "requests", "urllib3", "nacl"},  # urllib3: requests' own connection layer
    "relay": {"app", "fastapi", "starlette", "pydantic", "uvicorn", "nacl", "platformdirs"},
}
ALLOWED_APP = {
    "wire": {"app.wire"},
    "net": {"app.net", "app.wire"},
    "relay": {"app.relay", "app.wire"},
}


def imported_modules(package: str) -> set[str]:
    names = set()
    for path in (APP / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_the_design_allows(package: str) -> None:
    modules = imported_modules(package)
    third_party = {name.split(".")[0] for name in modules} - set(sys.stdlib_module_names)
    assert third_party <= ALLOWED[package]
    own = {".".join(name.split(".")[:2]) for name in modules if name.startswith("app.")}
    assert own <= ALLOWED_APP[package]
