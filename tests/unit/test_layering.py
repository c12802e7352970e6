"""The dependency direction of DESIGN.md for every part of app/, in one table, checked twice: on
the source of every module (AST), and in a fresh interpreter per part (what importing it loads).

Arrows point from importer to imported: ui -> service -> {session, store, net}, store -> session,
session -> crypto, net -> wire, relay -> wire; cli -> service; only app/entry.py (the `bisik`
command) may import anything, and it is the only importer of ui. Only ui imports PySide6; only
net imports requests. app/ui has no import cycle inside it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
EVERYTHING = "*"

# Each part of app/ (a package, or a module at the top) and the parts it may import besides
# itself. An entry "package.module" allows that one module only.
ALLOWED_APP_IMPORTS: dict[str, set[str]] = {
    "__init__": set(),
    "crypto": set(),
    "session": {"crypto"},
    "wire": set(),
    "net": {"wire"},
    "store": {"session", "crypto.secret"},
    "relay": {"wire"},
    "service": {"session", "store", "net", "wire"},
    "ui": {"service"},
    "cli": {"service", "crypto.secret"},
    "entry": {EVERYTHING},
}
# The two edges DESIGN.md does not draw, and why they are allowed:
# - store -> crypto.secret: the store holds key material itself (the Argon2id-derived SQLCipher
#   key, its hex form for PRAGMA key) and must wipe it; crypto.secret is that wiping and nothing
#   else. Routing it through session would only launder the same dependency.
# - cli -> crypto.secret: `disable_core_dumps()`, the process hardening that an entry point does
#   first (app/entry.py does the same for `bisik`).

# Third-party top-level modules each part may import; the standard library is always allowed.
ALLOWED_THIRD_PARTY: dict[str, set[str]] = {
    "__init__": set(),
    "crypto": {"nacl", "cryptography"},  # cryptography: ML-KEM-768 (app/crypto/kem.py) only
    "session": set(),
    "wire": set(),
    "net": {"requests", "urllib3", "nacl"},  # urllib3: requests' own connection layer
    "store": {"sqlcipher3", "nacl", "keyring"},
    "relay": {
        "fastapi",
        "starlette",
        "pydantic",
        "uvicorn",
        "nacl",
        "platformdirs",
        "psycopg",
        "psycopg_pool",
    },
    "service": {"nacl"},
    "ui": {"PySide6", "shiboken6", "platformdirs", "segno"},
    "cli": set(),
    "entry": set(),
}
PARTS = sorted(ALLOWED_APP_IMPORTS)


def sources() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def part_of(module: str) -> str:
    """ "app.store.database" -> "store", "app.cli" -> "cli", "app" -> "__init__"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path) -> set[str]:
    """Absolute names of everything a module imports anywhere in it (also inside functions and
    `if TYPE_CHECKING:`), relative imports resolved; `from app import session` names
    `app.session`, since that is the module it loads."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                name = f"{base}.{alias.name}"
                names.add(name if base.split(".")[0] == "app" and is_module(name) else base)
    return names


def app_imports(path: Path) -> Iterator[str]:
    """The app modules `path` imports from other parts, as "part" or "part.module..."."""
    own = part_of(module_name(path))
    for name in imported_modules(path):
        parts = name.split(".")
        if parts[0] == "app" and part_of(name) != own:
            yield ".".join(parts[1:]) or "__init__"


def allows(allowed: set[str], target: str) -> bool:
    return EVERYTHING in allowed or any(
        target == entry or target.startswith(f"{entry}.") for entry in allowed
    )


def closure(part: str) -> set[str]:
    """Every part that importing `part` may load: what it may import, and what those may."""
    seen: set[str] = set()
    stack = [part]
    while stack:
        allowed = ALLOWED_APP_IMPORTS[stack.pop()]
        for entry in set(PARTS) if EVERYTHING in allowed else allowed:
            name = entry.split(".")[0]
            if name not in seen:
                seen.add(name)
                stack.append(name)
    return seen | {part, "__init__"}


def test_the_table_names_every_part_of_app_and_is_a_dag() -> None:
    found = {part_of(module_name(path)) for path in sources()}
    assert found == set(ALLOWED_APP_IMPORTS) == set(ALLOWED_THIRD_PARTY)
    for part in PARTS:
        for entry in ALLOWED_APP_IMPORTS[part] - {EVERYTHING}:
            assert is_module(f"app.{entry}"), f"{part}: no module app.{entry}"
            assert part not in closure(entry.split(".")[0]), f"a cycle: {part} <-> {entry}"


def test_every_module_imports_only_the_parts_its_row_allows() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: app.{target}"
        for path in sources()
        for target in app_imports(path)
        if not allows(ALLOWED_APP_IMPORTS[part_of(module_name(path))], target)
    ]
    assert offenders == []


def test_every_module_imports_only_its_rows_third_party_modules() -> None:
    offenders = []
    for path in sources():
        allowed = ALLOWED_THIRD_PARTY[part_of(module_name(path))]
        for name in imported_modules(path):
            top = name.split(".")[0]
            if top in {"app", "__future__"} or top in sys.stdlib_module_names:
                continue
            if top not in allowed:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_only_ui_imports_pyside6_and_only_net_imports_requests() -> None:
    offenders = []
    for path in sources():
        part = part_of(module_name(path))
        for name in imported_modules(path):
            top = name.split(".")[0]
            if (top == "PySide6" and part != "ui") or (top == "requests" and part != "net"):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_only_the_entry_imports_the_ui() -> None:
    importers = {
        part_of(module_name(path))
        for path in sources()
        for target in app_imports(path)
        if target.split(".")[0] == "ui"
    }
    assert importers <= {"entry"}


def test_app_ui_has_no_import_cycle() -> None:
    """Every import between app.ui modules counts, lazy and TYPE_CHECKING ones too."""
    graph = {
        module_name(path): {name for name in imported_modules(path) if name.startswith("app.ui.")}
        for path in sorted((APP / "ui").rglob("*.py"))
    }
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return []
        for imported in sorted(graph.get(module, set())):
            if cycle := visit(imported, [*path, module]):
                return cycle
        done.add(module)
        return []

    cycles = [" -> ".join(cycle) for module in graph if (cycle := visit(module, []))]
    assert cycles == []


@pytest.mark.parametrize("part", PARTS)
def test_importing_a_part_loads_only_what_its_arrows_reach(part: str) -> None:
    """Import every module of `part` in a fresh interpreter and look at what got loaded: no app
    part beyond its arrows, no PySide6 unless they reach ui, no requests unless they reach net."""
    modules = [
        module_name(path)
        for path in sources()
        if part_of(module_name(path)) == part and path.name != "__main__.py"
    ]
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules} | "
        "{'app.' + name.split('.')[1] for name in sys.modules "
        "if name.startswith('app.') and name.count('.') >= 1})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    reach = closure(part)
    app_parts = {name.removeprefix("app.") for name in loaded if name.startswith("app.")}
    assert app_parts - reach == set()
    if "ui" not in reach:
        assert "PySide6" not in loaded
    if "net" not in reach:
        assert "requests" not in loaded
