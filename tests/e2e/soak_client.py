"""One side of the soak test, as its own process (run from the repository root):

    python -m tests.e2e.soak_client PROFILE PEER PREFIX COUNT

Sends COUNT numbered texts ("PREFIX-00000", ...) to the contact PEER a few at a time and syncs
until it holds COUNT messages from the peer and nothing is queued; then prints "done". It may be
killed (-9) at any moment and started again: it counts what it already sent from its history.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

from app.service.account import open_profile
from app.service.api import Message
from app.service.errors import RelayDown
from app.service.messenger import Messenger
from tests.e2e.support import PASSPHRASE

BATCH = 5
PAUSE = 0.1  # between batches, so that the test's crashes land while work is in flight


def main(profile: str, peer: str, prefix: str, count: int) -> int:
    messenger = open_profile(Path(profile), PASSPHRASE)
    conversation = messenger.conversation_for_contact(peer).conversation_id
    sent = sum(
        1
        for m in _all(messenger, conversation)
        if m.direction.value == "out" and m.body.startswith(prefix)
    )
    while True:
        for number in range(sent, min(sent + BATCH, count)):
            messenger.send_text(conversation, f"{prefix}-{number:05d}")
            sent += 1
        try:
            messenger.sync_once(wait=0.5)
        except RelayDown:
            time.sleep(0.2)
        received = messenger.message_count(conversation) - sent
        if sent == count and received >= count and messenger.outbox_size() == 0:
            break
        time.sleep(PAUSE)
    print("done", flush=True)
    messenger.lock()
    return 0


def _all(messenger: Messenger, conversation: int) -> Iterator[Message]:
    after = 0
    while page := messenger.messages_after(conversation, after, 500):
        yield from page
        after = page[-1].message_id


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
