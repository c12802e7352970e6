"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.service.messenger import Messenger
from tests.e2e.support import make_pair
from tests.relay_process import RelayProcess, relay_process


@pytest.fixture
def paired(tmp_path: Path) -> Iterator[tuple[RelayProcess, Messenger, Messenger]]:
    """Ani and Budi, paired through a relay of the test's own, which the test may kill: it comes
    back on the same port, so the URL the profiles stored stays right. Both are locked at the
    end (locking is idempotent), so a failing test leaves no loop running."""
    with relay_process(tmp_path / "relay") as relay:
        a, b = make_pair(tmp_path, relay.url)
        try:
            yield relay, a, b
        finally:
            a.lock()
            b.lock()
