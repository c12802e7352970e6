"""Messages each way while processes die: every message arrives exactly once, both histories are
complete and in order, and each store opens clean afterwards.

- The soak: the relay is killed (-9) and restarted at random moments and a client process is killed
  mid-sync. 150 each way by default; 1,000 with BISIK_LONG=1.
- The crashes: each client kills itself (SIGKILL) at chosen steps (tests/e2e/soak_client.py's
  CRASH_POINTS: after a send, after a poll, before an ack, mid-upload, inside a store write) and is
  started again, one step after another; the plan runs once by default, three times with
  BISIK_LONG=1.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.service.account import open_profile
from tests.e2e.soak_client import all_messages
from tests.e2e.support import PASSPHRASE, ROOT, make_pair
from tests.relay_process import relay_process

LONG = os.environ.get("BISIK_LONG") == "1"
COUNT = 1000 if LONG else 150
CHAOS_ROUNDS = 12 if LONG else 4
CRASH_COUNT = 150 if LONG else 40  # texts each way in the crash test
CRASH_REPEATS = 3 if LONG else 1
# Each side's crashes, in order (POINT:N: the N-th time it gets there). Ani sends a file, so
# her upload is cut first; the other steps come in every send and sync.
CRASH_PLANS = {
    "A": ["uploading:1", "sent:3", "store-write:4", "before-ack:1", "polled:2"],
    "B": ["before-ack:1", "store-write:3", "sent:2", "polled:1", "store-write:1"],
}


class Client:
    """A tests/e2e/soak_client.py process that can be killed and started again; `crash`
    (POINT:N) makes it kill itself at that step."""

    def __init__(
        self,
        profile: Path,
        peer: str,
        prefix: str,
        *extra: str,
        count: int = COUNT,
        crash: str = "",
    ) -> None:
        module = "tests.e2e.soak_client"
        self.args = [sys.executable, "-m", module, str(profile), peer, prefix, str(count), *extra]
        self.crash = crash
        self.process = self._spawn()

    def _spawn(self) -> subprocess.Popen[str]:
        crash = ["--crash", self.crash] if self.crash else []
        return subprocess.Popen([*self.args, *crash], stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def crashed(self) -> bool:
        """Whether it died of the SIGKILL it was told to send itself."""
        return self.process.poll() == -signal.SIGKILL

    def restart(self, crash: str) -> None:
        self.crash = crash
        self.process = self._spawn()

    def running(self) -> bool:
        return self.process.poll() is None

    def kill_and_restart(self) -> None:
        assert self.running(), "the client finished before the crash it was meant to survive"
        self.process.kill()
        self.process.wait()
        self.process = self._spawn()

    def finish(self, timeout: float) -> str:
        out, _ = self.process.communicate(timeout=timeout)
        assert self.process.returncode == 0
        return out

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


@pytest.mark.slow
def test_every_message_arrives_once_and_in_order_through_crashes(tmp_path: Path) -> None:
    clients: list[Client] = []
    with relay_process(tmp_path / "relay") as relay:
        try:
            a, b = make_pair(tmp_path, relay.url)
            a_id, b_id = a.own_account_id(), b.own_account_id()
            a.lock()
            b.lock()
            clients = [Client(tmp_path / "a", b_id, "A"), Client(tmp_path / "b", a_id, "B")]
            rng = random.Random(20261129)
            for round_number in range(CHAOS_ROUNDS):
                time.sleep(rng.uniform(0.3, 1.2))
                assert any(client.running() for client in clients), "chaos after the work was done"
                if round_number % 2 == 0:
                    relay.kill()
                    time.sleep(rng.uniform(0.2, 1.0))
                    relay.start()
                else:
                    clients[1].kill_and_restart()  # the receiving side, killed mid-sync
            outputs = [client.finish(timeout=600 if LONG else 150) for client in clients]
            assert outputs == ["done\n", "done\n"]
        finally:
            for client in clients:
                client.kill()

    assert_histories(tmp_path, COUNT, a_id, b_id)


@pytest.mark.slow
def test_clients_killed_at_every_step_lose_and_repeat_nothing(tmp_path: Path) -> None:
    data = random.Random(14).randbytes(700_000)  # three upload chunks
    (tmp_path / "peta.bin").write_bytes(data)
    plans = {side: steps * CRASH_REPEATS for side, steps in CRASH_PLANS.items()}
    crashes: list[str] = []
    with relay_process(tmp_path / "relay") as relay:
        a, b = make_pair(tmp_path, relay.url)
        a_id, b_id = a.own_account_id(), b.own_account_id()
        a.lock()
        b.lock()
        file = str(tmp_path / "peta.bin")
        clients = {
            "A": Client(
                tmp_path / "a",
                b_id,
                "A",
                "--file",
                file,
                count=CRASH_COUNT,
                crash=plans["A"].pop(0),
            ),
            "B": Client(tmp_path / "b", a_id, "B", count=CRASH_COUNT, crash=plans["B"].pop(0)),
        }
        try:
            deadline = time.monotonic() + (900 if LONG else 240)
            finished: set[str] = set()
            while len(finished) < len(clients):
                assert time.monotonic() < deadline, f"stuck; crashes so far: {crashes}"
                for side, client in clients.items():
                    if side in finished or client.running():
                        continue
                    if client.crashed():  # where it was told to: start it again
                        crashes.append(f"{side} {client.crash}")
                        client.restart(plans[side].pop(0) if plans[side] else "")
                    else:
                        assert client.finish(timeout=5) == "done\n"
                        assert not client.crash, f"{side} finished before {client.crash}"
                        finished.add(side)
                time.sleep(0.05)
        finally:
            for client in clients.values():
                client.kill()
        assert len(crashes) == sum(len(steps) for steps in CRASH_PLANS.values()) * CRASH_REPEATS

        assert_histories(tmp_path, CRASH_COUNT, a_id, b_id)
        b = open_profile(tmp_path / "b", PASSPHRASE)  # the relay still up: the file is fetched
        try:
            conversation = b.conversation_for_contact(a_id).conversation_id
            files = [m for m in all_messages(b, conversation) if m.kind == "attachment"]
            assert len(files) == 1  # the file, once, though its upload was cut
            b.save_attachment(files[0].message_id, tmp_path / "saved.bin")
            assert (tmp_path / "saved.bin").read_bytes() == data
        finally:
            b.lock()


def assert_histories(folder: Path, count: int, a_id: str, b_id: str) -> None:
    """Each profile opens clean (its quick_check passes) and holds every text of both sides
    once, in order, with nothing left to send."""
    expected = {prefix: [f"{prefix}-{n:05d}" for n in range(count)] for prefix in "AB"}
    for profile, own, other, peer in (
        (folder / "a", "A", "B", b_id),
        (folder / "b", "B", "A", a_id),
    ):
        messenger = open_profile(profile, PASSPHRASE)
        try:
            conversation = messenger.conversation_for_contact(peer).conversation_id
            texts = [m for m in all_messages(messenger, conversation) if m.kind == "text"]
            assert [m.body for m in texts if m.direction.value == "out"] == expected[own]
            assert [m.body for m in texts if m.direction.value == "in"] == expected[other]
            assert messenger.outbox_size() == 0
        finally:
            messenger.lock()
