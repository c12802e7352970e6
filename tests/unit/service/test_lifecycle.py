"""Starting, stopping and locking a messenger: prompt while the network hangs (the calls in flight
are hung up), safe when the calls race each other, and nothing queued is lost by a lock in the
middle of a send."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.crypto.keys import IdentityKeyPair
from app.service.account import open_profile
from app.service.api import MessageStatus
from app.service.messenger import Messenger
from tests.e2e.support import (
    PASSPHRASE,
    conversation_id,
    make_pair,
    make_profile,
    reading_an_answer,
    wait_for,
)
from tests.relay_process import RelayProcess

LIVENESS = 5.0  # generous: the unfixed lock waited out a 10 s network timeout here


def _start_loops(m: Messenger) -> dict[str, threading.Thread]:
    """Start the background loops; their threads by name (bisik-receive, bisik-send)."""
    before = set(threading.enumerate())
    m.start()
    return {thread.name: thread for thread in set(threading.enumerate()) - before}


def _ends(thread: threading.Thread) -> bool:
    thread.join(LIVENESS)
    return not thread.is_alive()


@contextmanager
def silent_relay() -> Iterator[tuple[str, threading.Event]]:
    """A relay address that accepts connections and never answers: a hung relay.

    Yields its URL and an event set once a client has connected."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    connected, over = threading.Event(), threading.Event()
    accepted: list[socket.socket] = []

    def accept() -> None:
        while not over.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(conn)
            connected.set()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", connected
    finally:
        over.set()
        thread.join()
        listener.close()
        for conn in accepted:
            conn.close()


def _in_background(call: object) -> threading.Event:
    done = threading.Event()

    def run() -> None:
        assert callable(call)
        call()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done


def test_lock_returns_while_a_send_hangs_and_the_message_stays_queued(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    b.lock()
    with silent_relay() as (silent_url, connected):
        contact = a._store.contact(b.own_account_id())
        a._store.add_contact(contact.account_id, contact.display_name, relay_url=silent_url)
        sender = _start_loops(a)["bisik-send"]
        message = a.send_text(conversation_id(a, b), "tertahan")
        assert connected.wait(LIVENESS)  # the send thread is inside its request now
        assert _in_background(a.lock).wait(LIVENESS)
        assert _ends(sender)  # its request was hung up; it stored nothing on its way out
        reopened = open_profile(tmp_path / "a", PASSPHRASE)  # the profile was released
    assert reopened.message(message.message_id).status is MessageStatus.PENDING
    assert reopened.outbox_size() == 1
    reopened.lock()


def test_lock_hangs_up_the_long_poll_in_flight(relay: RelayProcess, tmp_path: Path) -> None:
    m = make_profile(tmp_path / "p", "Sari", relay.url)
    receiver = _start_loops(m)["bisik-receive"]
    wait_for(lambda: reading_an_answer(receiver), LIVENESS)  # inside its 20 s long-poll
    assert _in_background(m.lock).wait(LIVENESS)
    assert _ends(receiver)  # hung up, not waited out
    events: list[object] = []
    m.subscribe(events.append)  # a locked messenger tells nobody anything
    open_profile(tmp_path / "p", PASSPHRASE).lock()
    assert events == []


def test_start_stop_and_lock_racing_leave_no_error_and_free_the_profile(
    relay: RelayProcess, tmp_path: Path
) -> None:
    m = make_profile(tmp_path / "p", "Sari", relay.url)
    errors: list[BaseException] = []
    begin = threading.Barrier(5)

    def churn() -> None:
        begin.wait()
        try:
            for _ in range(40):
                m.start()
                m.stop()
        except BaseException as exc:  # collected: the test fails on any
            errors.append(exc)

    def lock_midway() -> None:
        begin.wait()
        try:
            for _ in range(20):
                m.start()
                m.stop()
            m.lock()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=churn) for _ in range(4)]
    threads.append(threading.Thread(target=lock_midway))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    m.start()  # a locked messenger does not start again
    m.lock()  # and locking twice is fine
    open_profile(tmp_path / "p", PASSPHRASE).lock()  # not left "in use"


def test_stop_hangs_up_the_long_poll_and_a_new_start_receives(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    arrived = threading.Event()
    b.subscribe(lambda e: arrived.set() if _is_message(e) else None)
    receiver = _start_loops(b)["bisik-receive"]
    wait_for(lambda: reading_an_answer(receiver), LIVENESS)
    b.stop()
    assert _ends(receiver)
    b.start()  # on fresh relay clients: stop closed the old ones
    a.send_text(conversation_id(a, b), "masih ada?")
    a.flush_outbox()
    assert arrived.wait(30)
    _lock_all(a, b)


def _is_message(event: object) -> bool:
    return type(event).__name__ == "MessageAdded"


def _lock_all(*messengers: Messenger) -> None:
    for m in messengers:
        m.lock()


def test_lock_forgets_the_derived_identity_keys(relay: RelayProcess, tmp_path: Path) -> None:
    """The session layer caches identity key pairs derived from the seed; none may outlive lock."""
    m = make_profile(tmp_path / "p", "Sari", relay.url)
    m.invite_link()  # signs with the identity key, so the derived pair is cached
    assert IdentityKeyPair.from_seed.cache_info().currsize > 0
    m.lock()
    assert IdentityKeyPair.from_seed.cache_info().currsize == 0
