"""Shared test settings: Qt runs offscreen, hypothesis is bounded, and a real relay per module.

`BISIK_LONG=1` switches soak and fuzz runs to their long sizes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.postgres_cluster import PostgresCluster, postgres_cluster
from tests.relay_process import RelayProcess, relay_process

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LONG = os.environ.get("BISIK_LONG") == "1"
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile("long" if LONG else "default")


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RelayProcess]:
    """A real relay process on a free loopback port, shared by the tests of one module."""
    with relay_process(tmp_path_factory.mktemp("relay")) as process:
        yield process


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL server for the whole run (skips without one, fails under CI)."""
    folder = Path(tempfile.mkdtemp(prefix="bisik-pg-"))  # outside pytest's root-only basetemp
    try:
        with postgres_cluster(folder) as cluster:
            yield cluster
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres: PostgresCluster) -> str:
    """A fresh, empty database on the throwaway server."""
    return postgres.new_database()
