"""Two relay processes on one PostgreSQL database, with real profiles.

Ani long-polls her mailbox on process 1 while Budi's message to her goes in through process 2:
LISTEN/NOTIFY has to wake her poll across processes, well under a second after the send, and the
message arrives exactly once. Then process 2 dies and process 1 alone serves both profiles,
including what was written through process 2 before it died. Finally `bisik-relay inspect` on a
postgresql:// URL prints the inventory and never the URL's password.

A client sends to the relay its contact announced, so to get a send through process 2 to a mailbox
polled on process 1, both profiles pair on process 2 and Ani then moves to process 1 (the same
database, so the same mailbox): Budi keeps sending through process 2 until he reads her move.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from app.service.messenger import Messenger
from tests.e2e.support import (
    CLI_TIMEOUT,
    ROOT,
    bodies,
    conversation_id,
    make_profile,
    pair,
    reading_an_answer,
    wait_for,
)
from tests.postgres_cluster import PostgresCluster
from tests.relay_process import RelayProcess, relay_process

WAKE_LIMIT = 1.0  # seconds from Budi's send to Ani's poll returning with the message


def contact_relay(m: Messenger, peer: Messenger) -> str:
    """The relay URL `m` sends to for `peer` (the store's row: the public view hides it)."""
    return m._store.contact(peer.own_account_id()).relay_url


def incoming(m: Messenger, peer: Messenger) -> list[str]:
    return bodies(m, conversation_id(m, peer), "in")


def received_while_waiting(poller: Messenger, send: Callable[[], None]) -> tuple[int, float]:
    """Let `poller` long-poll, call `send` once its poll hangs at the relay, and return how many
    envelopes the poll brought and the seconds from `send`'s start to the poll's return."""
    result: list[tuple[int, float]] = []

    def poll() -> None:
        count = poller.sync_once(wait=10)
        result.append((count, time.perf_counter()))

    thread = threading.Thread(target=poll)
    thread.start()
    try:
        wait_for(lambda: reading_an_answer(thread) or not thread.is_alive(), timeout=10)
        assert thread.is_alive(), "the poll returned before the send: its mailbox was not empty"
        time.sleep(0.3)  # the poll has reached the relay and waits there, not in a fetch
        started = time.perf_counter()
        send()
    finally:
        thread.join(timeout=15)
    assert not thread.is_alive(), "the long-poll never returned"
    count, returned = result[0]
    return count, returned - started


@pytest.fixture
def cluster(tmp_path: Path, postgres_url: str) -> Iterator[tuple[RelayProcess, RelayProcess]]:
    with (
        relay_process(tmp_path / "r1", db=postgres_url) as first,
        relay_process(tmp_path / "r2", db=postgres_url) as second,
    ):
        yield first, second


def test_a_send_through_one_process_wakes_a_poll_on_the_other(
    tmp_path: Path, cluster: tuple[RelayProcess, RelayProcess]
) -> None:
    first, second = cluster
    a = make_profile(tmp_path / "a", "Ani", second.url)
    b = make_profile(tmp_path / "b", "Budi", second.url)
    try:
        pair(a, b)
        a.set_relay_url(first.url)  # the same database behind it: keys and mailbox stay valid
        a.flush_outbox()  # her move waits in Budi's mailbox; he has not read it yet
        assert contact_relay(b, a) == second.url

        def budi_sends() -> None:
            b.send_text(conversation_id(b, a), "halo dari proses dua")
            assert b.flush_outbox() >= 1

        count, seconds = received_while_waiting(a, budi_sends)
        assert count >= 1
        assert seconds < WAKE_LIMIT, f"woken after {seconds:.3f} s"
        assert incoming(a, b) == ["halo dari proses dua"]

        for _ in range(3):  # later polls, on either process, bring nothing twice
            a.sync_once()
            b.sync_once()
        assert incoming(a, b) == ["halo dari proses dua"]
        assert contact_relay(b, a) == first.url  # Budi read her move

        # Written through process 2, then process 2 dies: process 1 serves it all from PostgreSQL.
        a.send_text(conversation_id(a, b), "sebelum proses dua mati")
        assert a.flush_outbox() >= 1  # to Budi's relay, process 2
        second.kill()
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{second.url}/v1/health", timeout=5)
        b.set_relay_url(first.url)  # his keys again, and his move announced to Ani
        b.sync_once()
        assert incoming(b, a) == ["sebelum proses dua mati"]
        a.sync_once()  # she reads his move, so her next poll waits

        def budi_sends_again() -> None:
            b.send_text(conversation_id(b, a), "masih ada proses satu")
            assert b.flush_outbox() >= 1

        count, seconds = received_while_waiting(a, budi_sends_again)
        assert count >= 1 and seconds < WAKE_LIMIT
        for _ in range(2):
            a.sync_once()
            b.sync_once()
        assert incoming(a, b) == ["halo dari proses dua", "masih ada proses satu"]
        assert incoming(b, a) == ["sebelum proses dua mati"]
    finally:
        a.lock()
        b.lock()


def test_inspect_prints_a_postgres_inventory_without_the_password(
    tmp_path: Path, postgres: PostgresCluster
) -> None:
    password = "rahasia-" + os.urandom(6).hex()
    role = "inspector_" + os.urandom(4).hex()
    with psycopg.connect(postgres.url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        admin.execute(f'CREATE DATABASE "{role}" OWNER {role}')
    url = f"postgresql://{role}:{password}@127.0.0.1:{postgres.port}/{role}"
    with relay_process(tmp_path / "relay", db=url) as relay:
        envelope = os.urandom(1024)
        mailbox = os.urandom(32).hex()
        answer = requests.post(
            f"{relay.url}/v1/mailboxes/{mailbox}/envelopes", data=envelope, timeout=10
        )
        assert answer.status_code == 201

    def inspect(database: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.relay", "inspect", "--db", database, *args],
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            cwd=ROOT,
        )

    text = inspect(url)
    assert text.returncode == 0, text.stderr
    assert "== envelopes: 1 row ==" in text.stdout
    assert mailbox in text.stdout
    for table in ("idempotency_keys", "signed_prekeys", "one_time_prekeys", "nonces", "blobs"):
        assert f"== {table}:" in text.stdout
    as_json = inspect(url, "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert mailbox in as_json.stdout
    unreachable = inspect(f"postgresql://{role}:{password}@127.0.0.1:1/{role}")
    assert unreachable.returncode != 0
    for run in (text, as_json, unreachable):
        assert password not in run.stdout + run.stderr
