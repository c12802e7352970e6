"""Messages each way while the relay is killed (-9) and restarted at random moments and a client
process is killed mid-sync: every message arrives exactly once, and both histories are complete
and in order. 150 each way by default; 1,000 with BISIK_LONG=1."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.service.account import open_profile
from tests.e2e.support import PASSPHRASE, ROOT, bodies, make_pair
from tests.relay_process import relay_process

LONG = os.environ.get("BISIK_LONG") == "1"
COUNT = 1000 if LONG else 150
CHAOS_ROUNDS = 12 if LONG else 4


class Client:
    """A tests/e2e/soak_client.py process that can be killed and started again."""

    def __init__(self, profile: Path, peer: str, prefix: str) -> None:
        module = "tests.e2e.soak_client"
        self.args = [sys.executable, "-m", module, str(profile), peer, prefix, str(COUNT)]
        self.process = self._spawn()

    def _spawn(self) -> subprocess.Popen[str]:
        return subprocess.Popen(self.args, stdout=subprocess.PIPE, text=True, cwd=ROOT)

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

    expected = {prefix: [f"{prefix}-{n:05d}" for n in range(COUNT)] for prefix in "AB"}
    for folder, own, other, peer in (
        (tmp_path / "a", "A", "B", b_id),
        (tmp_path / "b", "B", "A", a_id),
    ):
        messenger = open_profile(folder, PASSPHRASE)
        try:
            conversation = messenger.conversation_for_contact(peer).conversation_id
            assert bodies(messenger, conversation, "out") == expected[own]
            assert bodies(messenger, conversation, "in") == expected[other]
            assert messenger.outbox_size() == 0
        finally:
            messenger.lock()
