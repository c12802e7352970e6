"""Locking a store while other threads are reading (the app's workers loading a list while the
window locks): lock() waits for their calls in progress before it closes their connections.
Closing a connection under a running query crashed the process (SIGSEGV), so the race runs in a
child process, and a crash there is this test failing, not the test run dying."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

RACE = """
import sys, tempfile, threading, time
from pathlib import Path
from app.store import KdfParams, Store
from app.store import database
from app.store.errors import StoreError

database.CLOSE_WAIT = float(sys.argv[1])
surprises = []
for _ in range(int(sys.argv[2])):
    store = Store.create(Path(tempfile.mkdtemp()) / "p", "pw", kdf=KdfParams.interactive())
    store.set_own_identity(bytes([1]) * 32, "ab" * 16)
    for n in range(50):
        store.add_contact(f"{n:032x}", f"contact {n}")

    def read() -> None:
        while True:
            try:
                store.contacts()
            except StoreError:  # StoreLocked: the typed end of the loop
                return
            except Exception as exc:
                surprises.append(repr(exc))
                return

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    time.sleep(0.02)
    store.lock()
    for reader in readers:
        reader.join()
print(len(surprises), surprises[:3])
"""


def race(close_wait: float, rounds: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RACE, str(close_wait), str(rounds)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_lock_under_reading_threads_ends_each_with_a_typed_error() -> None:
    done = race(5.0, 10)
    assert done.returncode == 0, done.stderr  # -11: the crash is back
    assert done.stdout.split()[0] == "0", done.stdout
