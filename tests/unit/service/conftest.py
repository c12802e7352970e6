"""A real relay process shared by the messenger tests of a module."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:  # tests/ is not an installed package
    sys.path.insert(0, str(ROOT))

from tests.relay_process import RelayProcess, relay_process  # noqa: E402


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RelayProcess]:
    with relay_process(tmp_path_factory.mktemp("relay")) as process:
        yield process
