"""Load the packaging scripts under build/ as modules, without writing bytecode into build/."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"


@pytest.fixture(scope="module")
def build_module() -> Iterator[Callable[[str], ModuleType]]:
    """A loader: build_module("linux/make_dist.py") returns that script as a module."""
    saved_path, saved_flag = list(sys.path), sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    sys.path.insert(0, str(BUILD))
    loaded: dict[str, ModuleType] = {}

    def load(relative: str) -> ModuleType:
        if relative not in loaded:
            name = "bisik_build_" + relative.replace("/", "_").removesuffix(".py")
            spec = importlib.util.spec_from_file_location(name, BUILD / relative)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            loaded[relative] = module
        return loaded[relative]

    yield load
    sys.path[:] = saved_path
    sys.dont_write_bytecode = saved_flag
