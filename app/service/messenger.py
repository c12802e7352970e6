"""`Messenger`: one unlocked profile, the facade the desktop app and bisik-cli use (MessengerApi).

Every method may block and may be called from any thread: the store gives each thread its own
connection, and `Core.lock` serialises the protocol state. Sending stores the message as pending
and, in the same transaction, encrypts, seals and queues its envelope; the network comes after the
commit. `start()` runs the receive and send loops on their own threads; `sync_once()` does one
round on the caller's thread (bisik-cli).

The class is composed of parts, one per concern (see parts.py): contacts and trust (contacts.py),
sending (sending.py), sync rounds (rounds.py) and groups (groups.py). What stays here is the
profile, the lifecycle and reading conversations. `@service_facade` makes every public method
raise only ServiceErrors.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from app import net, session
from app.net import redacted_proxy as redacted_proxy  # for the CLI, which may not import net
from app.service import content as c
from app.service import keys
from app.service.api import Conversation, EventCallback, Message, SearchHit
from app.service.backup import BackupPart
from app.service.contacts import ContactsPart
from app.service.core import PROXY_SETTING, Core
from app.service.devices_part import DevicesPart
from app.service.errors import InvalidProxy, ServiceError, service_facade
from app.service.groups import GroupsPart
from app.service.outbox import Sender
from app.service.receiver import Receiver
from app.service.rounds import RoundsPart
from app.service.sending import SendingPart
from app.service.sync import BackgroundSync
from app.service.uploads import Uploads
from app.service.views import conversation_view, message_view, message_views
from app.store import Store

MAX_NAME_CHARS = 64


def check_relay_url(url: str) -> str:
    if not c.is_relay_url(url):
        raise ServiceError(f"not a relay address: {url!r} (expected https://host[:port])")
    return url.rstrip("/")


def check_proxy_url(url: str | None) -> str:
    """The proxy setting for `url`, "" (none) for None or a blank; InvalidProxy unless it is
    socks5h://[user:password@]host:port. The message never repeats the URL (a password)."""
    url = (url or "").strip()
    try:
        return net.check_proxy_url(url)
    except net.BadProxyUrl as exc:
        raise InvalidProxy(str(exc)) from None


def check_display_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise ServiceError(f"a display name has 1 to {MAX_NAME_CHARS} characters")
    return name


@service_facade
class Messenger(ContactsPart, SendingPart, RoundsPart, BackupPart, GroupsPart, DevicesPart):
    """Implements `app.service.api.MessengerApi` over a `Store` (see app/service/account.py)."""

    def __init__(self, store: Store, folder: Path, *, proxy: str | None = None) -> None:
        """`proxy` (checked already) overrides the profile's proxy for this unlock."""
        self._core = core = Core(store, folder, proxy)
        self._store = store
        self._sender = Sender(core)
        self._receiver = Receiver(core)
        self._sync = BackgroundSync(
            self._receive_round, self._send_round, self._offline, core.close_relays
        )
        self._uploads = Uploads(core, self._queue_row, self._sync.wake)
        self._keys_checked_at = 0.0
        self._lifecycle = threading.Lock()  # start, stop and lock, one at a time
        self._locked = False
        core.events.subscribe(self._on_connection)

    def __repr__(self) -> str:
        return f"<Messenger {self._core.account_id[:8]}>"

    # --- profile -------------------------------------------------------------------------------

    def own_account_id(self) -> str:
        return self._core.account_id

    def own_identity_key(self) -> bytes:
        return self._core.identity_key

    def own_display_name(self) -> str:
        return self._store.own_display_name()

    def set_display_name(self, name: str) -> None:
        """Rename, and tell every accepted contact (a profile record inside the ratchet)."""
        self._store.set_own_display_name(check_display_name(name))
        self._announce_profile(self._store.contacts())

    def relay_url(self) -> str:
        return self._core.relay_url

    def set_relay_url(self, url: str) -> None:
        """Move the own mailbox to another relay: keys are published there, contacts told."""
        url = check_relay_url(url)
        self._store.set_relay_url(url)
        self._core.relay_url = url
        self._store.set_setting(keys.PUBLISHED_SETTING, "")
        self._sender.forget_backoff()
        self._try_keys()
        self._announce_profile(self._store.contacts())

    def proxy_url(self) -> str:
        return self._core.proxy

    def set_proxy_url(self, url: str | None) -> None:
        """Store the proxy in the profile; every relay call from now on goes through it (those in
        flight on the old route are hung up and retried), and the loops try again at once."""
        url = check_proxy_url(url)
        self._store.set_setting(PROXY_SETTING, url)
        self._core.close_relays(proxy=url)
        self._sender.forget_backoff()
        self._sync.wake()
        self._sync.retry_now()

    def change_passphrase(self, old: str, new: str) -> None:
        if not new:
            raise ServiceError("the new passphrase is empty")
        self._store.change_passphrase(old, new)

    def remember_on_device(self, enabled: bool) -> None:
        """Keep the key in the OS keyring so the profile opens without a passphrase (opt-in)."""
        self._store.remember_on_device(enabled)

    def is_remembered(self) -> bool:
        return self._store.is_remembered()

    def setting(self, key: str, default: str = "") -> str:
        return self._store.setting(key, default)

    def set_setting(self, key: str, value: str) -> None:
        self._store.set_setting(key, value)

    # --- lifecycle -----------------------------------------------------------------------------

    def lock(self) -> None:
        """Stop the loops, hang up every relay call in flight, wait for store work in flight (never
        for the network), close the store and drop the subscribers. Idempotent; a locked messenger
        does not start again."""
        with self._lifecycle:
            if self._locked:
                return
            self._locked = True
            self._sync.stop()
            self._core.close_relays()  # also those of callers' threads (an upload, say)
            with self._core.lock:  # background threads store only under it, after a stop check
                self._store.lock()
            # derived identity keys must not outlive the store's key; ours are wiped in place
            session.forget_cached_keys(self._core.identity_key)
            self._core.events.close()

    def start(self) -> None:
        """Start the background loops (idempotent; a no-op once locked)."""
        with self._lifecycle:
            if not self._locked:
                self._sync.start()

    def stop(self) -> None:
        """Stop the background loops; returns at once. Relay calls in flight (the long-poll, and
        those of callers' threads too) end as if the relay had hung up; what they carried is
        delivered or sent again later."""
        with self._lifecycle:
            self._sync.stop()

    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        return self._core.events.subscribe(callback)

    # --- conversations and messages ------------------------------------------------------------

    def conversations(self) -> list[Conversation]:
        return [conversation_view(self._store, row) for row in self._store.conversations()]

    def conversation(self, conversation_id: int) -> Conversation:
        return conversation_view(self._store, self._store.conversation(conversation_id))

    def conversation_for_contact(self, contact_id: str) -> Conversation:
        row = self._store.conversation_for_contact(self._contact_row(contact_id).account_id)
        return conversation_view(self._store, row)

    def set_muted(self, conversation_id: int, muted: bool) -> None:
        self._store.set_muted(conversation_id, muted)
        self._conversation_changed(conversation_id)
        self._sync_conversation(conversation_id)

    def set_archived(self, conversation_id: int, archived: bool) -> None:
        self._store.set_archived(conversation_id, archived)
        self._conversation_changed(conversation_id)
        self._sync_conversation(conversation_id)

    def total_unread(self) -> int:
        """Unread incoming messages over every conversation (the tray's badge)."""
        return self._store.total_unread()

    def messages_before(
        self, conversation_id: int, before_id: int | None, limit: int = 50
    ) -> list[Message]:
        page = self._store.messages_before(conversation_id, before_id, limit)
        return message_views(self._store, page)

    def messages_after(self, conversation_id: int, after_id: int, limit: int = 50) -> list[Message]:
        return message_views(
            self._store, self._store.messages_after(conversation_id, after_id, limit)
        )

    def message_count(self, conversation_id: int) -> int:
        return self._store.message_count(conversation_id)

    def message(self, message_id: int) -> Message:
        return message_view(self._store, message_id)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        return [
            SearchHit(hit.conversation_id, hit.message_id, hit.snippet)
            for hit in self._store.search(query, limit)
        ]
