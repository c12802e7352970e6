"""One side of the soak and crash tests, as its own process (run from the repository root):

    python -m tests.e2e.soak_client PROFILE PEER PREFIX COUNT [--crash POINT:N] [--file PATH]

Sends COUNT numbered texts ("PREFIX-00000", ...) to the contact PEER a few at a time, and with
--file that file once, after the first batch; syncs until it holds COUNT texts from the peer and
nothing is queued; then prints "done". It may be killed (-9) at any moment and started again: it
counts what it already sent from its history.

`--crash POINT:N` makes the process kill itself (SIGKILL, as `kill -9` would) the N-th time it
reaches POINT, one of CRASH_POINTS: so a test can crash it at the exact step it means to, which a
kill from outside at a random moment rarely hits.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.net.client import RelayClient
from app.service.account import open_profile
from app.service.api import Message
from app.service.errors import RelayDown
from app.service.messenger import Messenger
from app.store import Store
from tests.e2e.support import PASSPHRASE

BATCH = 5
PAUSE = 0.1  # between batches, so that the test's crashes land while work is in flight

# point -> (what is wrapped, whether the crash comes after the real call, which calls count)
CRASH_POINTS: dict[str, tuple[str, bool, Callable[..., bool]]] = {
    # the relay has the envelope; the outbox does not know yet: resent with its idempotency key
    "sent": (
        "request",
        True,
        lambda method, path: method == "POST" and path.endswith("/envelopes"),
    ),
    # a poll's answer is in hand, nothing of it stored yet
    "polled": (
        "request",
        True,
        lambda method, path: method == "GET" and path.endswith("/envelopes"),
    ),
    # the batch is stored and committed, the relay not told: delivered again, stored once
    "before-ack": ("request", False, lambda method, path: path.endswith("/ack")),
    # an attachment half uploaded: the upload resumes on the same blob
    "uploading": ("request", True, lambda method, path: method == "PATCH"),
    # inside a store transaction (a message written, not committed): rolled back on open
    "store-write": ("add_message", True, lambda *args: True),
}


def arm(point: str, nth: int) -> None:
    """Make this process SIGKILL itself the `nth` time it reaches `point`."""
    target, after, counts = CRASH_POINTS[point]
    owner: type[Any] = RelayClient if target == "request" else Store
    attribute = "_request" if target == "request" else "add_message"
    real = getattr(owner, attribute)
    seen = 0

    @functools.wraps(real)
    def crashing(self: object, *args: Any, **kwargs: Any) -> Any:
        nonlocal seen
        hit = counts(*args[:2]) if target == "request" else True
        if hit:
            seen += 1
        if hit and seen == nth and not after:
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(self, *args, **kwargs)
        if hit and seen == nth and after:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, attribute, crashing)


def main(profile: str, peer: str, prefix: str, count: int, file: Path | None) -> int:
    messenger = open_profile(Path(profile), PASSPHRASE)
    conversation = messenger.conversation_for_contact(peer).conversation_id
    own = [m for m in all_messages(messenger, conversation) if m.direction.value == "out"]
    sent = sum(1 for m in own if m.body.startswith(prefix))
    file_sent = file is None or any(m.kind == "attachment" for m in own)
    while True:
        for number in range(sent, min(sent + BATCH, count)):
            messenger.send_text(conversation, f"{prefix}-{number:05d}")
            sent += 1
        if not file_sent and file is not None:
            with contextlib.suppress(RelayDown):  # stored, pending: the upload resumes later
                messenger.send_file(conversation, file)
            file_sent = True
        try:
            messenger.sync_once(wait=0.5)
        except RelayDown:
            time.sleep(0.2)
        received = sum(
            1
            for m in all_messages(messenger, conversation)
            if m.direction.value == "in" and m.kind == "text"
        )
        if sent == count and received >= count and messenger.outbox_size() == 0:
            break
        time.sleep(PAUSE)
    print("done", flush=True)
    messenger.lock()
    return 0


def all_messages(messenger: Messenger, conversation: int) -> Iterator[Message]:
    """Every message of a conversation, oldest first."""
    after = 0
    while page := messenger.messages_after(conversation, after, 500):
        yield from page
        after = page[-1].message_id


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    for name in ("profile", "peer", "prefix"):
        parser.add_argument(name)
    parser.add_argument("count", type=int)
    parser.add_argument("--crash", help="POINT:N")
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.crash:
        point, nth = args.crash.split(":")
        arm(point, int(nth))
    sys.exit(main(args.profile, args.peer, args.prefix, args.count, args.file))
