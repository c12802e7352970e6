"""The outbox sender: queued envelopes go to the relay in order, with backoff while it is away.

Rules (docs/service.md): entries leave in the order they were queued, per relay; a relay that is
unreachable (or rate-limits us) is left alone until its backoff delay (1 s .. 60 s, jittered) has
passed, and the entries stay queued, across restarts, until the relay accepts them; each carries an
idempotency key, so a retry after a lost answer is stored once.

When a message counts as failed (the UI offers "retry"): a refusal that retrying cannot fix (a
4xx, or the contact was blocked after the message was queued) drops the entry and marks its
message failed. A relay that failed FAIL_AFTER attempts in a row (unreachable for roughly half a
minute, with the backoff) marks the messages queued for it failed but keeps their entries: they
are still retried in the background, and one that gets through becomes sent after all.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

from app import session
from app.net import RateLimited, RelayError, RelayUnavailable
from app.service import device_routes
from app.service.api import MessageChanged
from app.service.backoff import retry_delay
from app.service.core import Core, check_stop
from app.service.views import message_view
from app.store import MessageStatus, OutboxEntry

log = logging.getLogger(__name__)

PAGE = 100
FINISH_BATCH = 16  # handed-over entries forgotten per transaction
FAIL_AFTER = 5  # failed attempts in a row after which a relay's queued messages show as failed


class Sender:
    def __init__(self, core: Core) -> None:
        self._core = core
        self._retry_at: dict[str, float] = {}  # relay URL -> earliest next try
        self._failures: dict[str, int] = {}
        self._flushing = threading.Lock()  # one flush at a time keeps the order

    def flush(self, stop: threading.Event | None = None) -> int:
        """Send every queued envelope whose relay is not backing off; returns how many went.

        `stop` is the send loop's flag: once it is set, nothing more is sent or stored (see
        `Core.storing`); an envelope handed over meanwhile stays queued and goes again later,
        which its idempotency key makes harmless.
        """
        if self._core.unlinked:
            return 0  # another device unlinked this one: what is queued stays unsent
        with self._flushing:
            sent = 0
            while True:
                progress, waiting = self._flush_page(stop)
                sent += progress
                if not progress or not waiting:
                    return sent

    def next_attempt(self) -> float | None:
        """When queued work should be tried again (None: the outbox is empty)."""
        if self._core.store.outbox_next_attempt() is None:
            return None
        return min(self._retry_at.values(), default=time.time())

    def forget_backoff(self, url: str | None = None) -> bool:
        """Try a relay (default: every relay) again now: it answered, or its URL changed.

        Returns whether anything was backing off.
        """
        if url is None:
            waiting = bool(self._retry_at)
            self._retry_at.clear()
            self._failures.clear()
            return waiting
        self._failures.pop(url, None)
        return self._retry_at.pop(url, None) is not None

    def _flush_page(self, stop: threading.Event | None) -> tuple[int, bool]:
        store = self._core.store
        entries = store.outbox_due(float("inf"), PAGE)
        held: set[str] = set()
        finished: list[tuple[OutboxEntry, MessageStatus]] = []
        overdue: list[int] = []  # messages whose relay has failed FAIL_AFTER times in a row
        sent = 0
        for entry in entries:
            check_stop(stop)
            # read per entry, not per page: a contact blocked while the page goes out gets no more
            account = session.peer_account(entry.recipient)
            contact = store.find_contact(account)
            own = account == self._core.account_id
            if not own and (contact is None or contact.identity_key is None or contact.blocked):
                finished.append((entry, MessageStatus.FAILED))
                continue
            target = device_routes.route(self._core, entry.recipient, None if own else contact)
            if target is None:  # the device left its account's list: nothing to deliver to
                log.info("dropped an envelope for a device that was unlinked")
                finished.append((entry, MessageStatus.SENT))
                continue
            url = target.relay_url
            if url in held or time.time() < self._retry_at.get(url, 0.0):
                outcome = None
            else:
                outcome = self._send(entry, url, target.mailbox, stop)
            if outcome is None:
                held.add(url)
                if entry.message_id is not None and self._failures.get(url, 0) >= FAIL_AFTER:
                    overdue.append(entry.message_id)
                continue
            sent += 1
            finished.append((entry, outcome))
            if len(finished) >= FINISH_BATCH:
                self._finish(finished, stop)
                finished = []
        self._finish(finished, stop)
        self._mark_failed(overdue, stop)
        return sent, len(entries) == PAGE

    def _send(
        self, entry: OutboxEntry, url: str, mailbox: bytes, stop: threading.Event | None
    ) -> MessageStatus | None:
        """Hand one envelope to the relay: "sent", "failed" (refused for good) or None (later)."""
        core = self._core
        try:
            core.relay(url).send(mailbox, entry.payload, entry.idempotency_key)
        except RateLimited as exc:
            self._back_off(entry, url, "rate limited", stop, delay=max(exc.retry_after, 1.0))
            return None
        except RelayUnavailable as exc:
            self._back_off(entry, url, str(exc), stop)
            return None
        except RelayError as exc:
            log.warning("relay refused an envelope (%s %s); dropping it", exc.status, exc.error)
            return MessageStatus.FAILED
        self.forget_backoff(url)
        core.set_online(True)
        return MessageStatus.SENT

    def _mark_failed(self, message_ids: list[int], stop: threading.Event | None) -> None:
        """Show pending messages as failed; their entries stay queued and are retried."""
        if not message_ids:
            return  # the usual case: no lock, no transaction on every flush
        core = self._core
        changed: list[int] = []
        with core.storing(stop), core.store.transaction():
            for message_id in message_ids:
                with contextlib.suppress(LookupError):  # LookupError: it expired meanwhile
                    if core.store.message(message_id).status != MessageStatus.PENDING:
                        continue
                    core.store.set_status(message_id, MessageStatus.FAILED)
                    changed.append(message_id)
        self._emit_changed(changed)

    def _back_off(
        self,
        entry: OutboxEntry,
        url: str,
        detail: str,
        stop: threading.Event | None,
        *,
        delay: float | None = None,
    ) -> None:
        """Leave `url` alone for `delay` seconds (default: the backoff for its failures so far).
        Not if `stop` is set: a call cut off by stopping says nothing about the relay."""
        with self._core.storing(stop):
            failures = self._failures[url] = self._failures.get(url, 0) + 1
            self._retry_at[url] = time.time() + (retry_delay(failures) if delay is None else delay)
            self._core.store.outbox_reschedule(entry.id, self._retry_at[url])
        self._core.set_online(False, detail)

    def _finish(
        self, finished: list[tuple[OutboxEntry, MessageStatus]], stop: threading.Event | None
    ) -> None:
        """Forget handed-over entries and move their messages on, in one transaction.

        A crash before this commits sends those envelopes again: the relay's idempotency keys
        make the repeat a no-op.
        """
        if not finished:
            return
        core = self._core
        changed: list[int] = []
        with core.storing(stop), core.store.transaction():
            for entry, status in finished:
                core.store.outbox_done(entry.id)
                message_id = entry.message_id
                if message_id is None or core.store.outbox_for_message(message_id):
                    continue
                if status is MessageStatus.FAILED:
                    core.store.set_status(message_id, MessageStatus.FAILED)
                    changed.append(message_id)
                elif core.advance_status(message_id, MessageStatus.SENT):
                    changed.append(message_id)
        self._emit_changed(changed)

    def _emit_changed(self, message_ids: list[int]) -> None:
        store = self._core.store
        for message_id in message_ids:
            self._core.events.emit(MessageChanged(message_view(store, message_id)))
