"""Sync rounds, a part of `Messenger` (see parts.py): what one round of sending and receiving does,
on a caller's thread (`sync_once`, bisik-cli) or on the background threads of sync.py
(`_receive_round`, `_send_round`), plus the upkeep that rides along: prekeys and expiry.

A background round gets its thread's `stop` flag and stores only through `Core.storing(stop)`, so
a locking profile stores, acks and announces nothing more (docs/service.md, "Threads").
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import defaultdict

from app.net import RelayError, RelayUnavailable
from app.service import keys
from app.service.api import ConnectionChanged, Event, MessagesRemoved
from app.service.core import check_stop
from app.service.errors import DeviceUnlinked, RelayDown, ServiceError
from app.service.parts import MessengerParts
from app.wire import Delivery

KEYS_EVERY = 3600.0  # seconds between prekey upkeep runs of a long-running messenger
REPEAT_PAUSE = 1.0  # seconds the receive loop waits after a poll that brought nothing new


class RoundsPart(MessengerParts):
    def sync_once(self, wait: float = 0.0) -> int:
        """Send what is queued, receive everything waiting (the first poll waits up to `wait`
        seconds), let expired messages go; returns the envelopes received."""
        if self._core.unlinked:
            raise DeviceUnlinked("this device was unlinked from its account: it polls no more")
        self._uploads.resume()
        self._share_groups()
        self._sender.flush()
        try:
            if self._keys_due():
                self._maintain_keys()
            received, wait_now = 0, wait
            while deliveries := self._poll(wait_now):
                repeated = self._receiver.all_seen(deliveries)
                received += self._receiver.receive(deliveries)
                if repeated:
                    break  # a relay that answers with what it gave before: not to be chased
                wait_now = 0.0
        except RelayUnavailable as exc:
            self._core.set_online(False, str(exc))
            raise RelayDown(
                f"the relay at {self._core.relay_url} cannot be reached{self._core.route()};"
                f" {self._store.outbox_count()} envelope(s) stay queued and go out later"
            ) from exc
        self._expire()
        self._sender.flush()
        return received

    def flush_outbox(self) -> int:
        """Try to send what the outbox holds now; returns how many envelopes went out."""
        self._uploads.resume()
        return self._sender.flush()

    def outbox_size(self) -> int:
        """Envelopes waiting for the relay."""
        return self._store.outbox_count()

    def dropped_count(self) -> int:
        """Envelopes dropped since unlock because they did not open, decrypt or parse."""
        return self._core.dropped

    def refused_count(self) -> int:
        """Envelopes refused since unlock: from blocked keys, or beyond the request caps."""
        return self._core.refused

    def keys_ready(self) -> bool:
        """Whether the relay holds the current signed prekey, so others can reach us."""
        return keys.keys_published(self._core)

    def publish_keys(self) -> None:
        """Rotate and top up prekeys now (raises RelayDown when the relay is away)."""
        try:
            self._maintain_keys()
        except RelayUnavailable as exc:
            raise RelayDown(
                f"the relay at {self._core.relay_url} cannot be reached{self._core.route()}"
            ) from exc

    def expire_now(self) -> list[int]:
        """Delete messages whose disappearing timer ran out; returns their ids."""
        return self._expire()

    # --- the background threads' rounds -----------------------------------------------------------

    def _receive_round(self, wait: float, stop: threading.Event) -> None:
        """One long-poll of the receive thread (`stop`: see `_poll` and `Receiver.receive`)."""
        if self._core.unlinked:
            stop.wait(wait)  # an unlinked device polls no more; its history stays readable
            return
        deliveries = self._poll(wait, stop)
        repeated = self._receiver.all_seen(deliveries)
        if deliveries and self._receiver.receive(deliveries, stop):
            self._sync.wake()  # receipts were queued
        if deliveries and repeated:
            stop.wait(REPEAT_PAUSE)  # a relay repeating itself is not polled in a tight loop

    def _send_round(self, stop: threading.Event) -> float | None:
        self._uploads.resume(stop)
        with contextlib.suppress(ServiceError):
            check_stop(stop)
            self._share_groups()
        self._sender.flush(stop)
        self._expire(stop)
        if self._keys_due():
            check_stop(stop)
            self._try_keys(stop)
        candidates = [
            self._sender.next_attempt(),
            self._store.next_expiry(),
            self._keys_checked_at + KEYS_EVERY,
        ]
        return min(t for t in candidates if t is not None)

    def _poll(self, wait: float, stop: threading.Event | None = None) -> list[Delivery]:
        """Long-poll the own relay. If `stop` was set meanwhile (the profile is locking), what
        came is dropped unacked (the relay keeps it) and nobody is told anything: Stopped."""
        url = self._core.relay_url
        deliveries = self._core.relay(url).poll(wait)
        check_stop(stop)
        self._relay_answered(url)
        return deliveries

    def _relay_answered(self, url: str) -> None:
        """The own relay answered a poll: it is back, so queued sends are retried now."""
        self._core.set_online(True)
        if self._sender.forget_backoff(url):
            self._sync.wake()

    def _on_connection(self, event: Event) -> None:
        if isinstance(event, ConnectionChanged) and event.online:
            self._sync.retry_now()  # the sender got through: the receiver need not wait either

    def _offline(self, detail: str) -> None:
        self._core.set_online(False, detail)

    def _expire(self, stop: threading.Event | None = None) -> list[int]:
        with self._core.storing(stop):
            gone = self._store.expire_messages(time.time())
        by_conversation: dict[int, list[int]] = defaultdict(list)
        for conversation_id, message_id in gone:
            by_conversation[conversation_id].append(message_id)
        for conversation_id, ids in by_conversation.items():
            self._core.events.emit(MessagesRemoved(conversation_id, tuple(ids)))
            self._conversation_changed(conversation_id)
        return [message_id for _, message_id in gone]

    # --- prekeys ----------------------------------------------------------------------------------

    def _maintain_keys(self, stop: threading.Event | None = None) -> None:
        keys.maintain(self._core, stop=stop)
        self._keys_checked_at = time.time()

    def _keys_due(self) -> bool:
        return time.time() - self._keys_checked_at > KEYS_EVERY

    def _try_keys(self, stop: threading.Event | None = None) -> None:
        with contextlib.suppress(RelayUnavailable, RelayError):
            self._maintain_keys(stop)
