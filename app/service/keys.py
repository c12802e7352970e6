"""Publishing prekeys: the signed prekey rotates every 7 days (the old private half kept 14 days),
one-time prekeys are topped up to 100 when the relay holds fewer than 20."""

from __future__ import annotations

import threading
import time

from app import session
from app.service.core import Core
from app.wire import SignedPreKey

ROTATE_SECONDS = 7 * 86400
KEEP_SECONDS = 14 * 86400
ONE_TIME_LOW = 20
ONE_TIME_TARGET = 100
PUBLISHED_SETTING = "published_signed_prekey"


def keys_published(core: Core) -> bool:
    """Whether the relay has the current signed prekey (so others can start sessions)."""
    current = session.current_signed_prekey(core.store)
    return current is not None and _published(core, current[0])


def _published(core: Core, signed_prekey_id: int) -> bool:
    return core.store.setting(PUBLISHED_SETTING) == str(signed_prekey_id)


def maintain(core: Core, now: float | None = None, *, stop: threading.Event | None = None) -> None:
    """Rotate, prune and publish as needed. Raises the relay client's errors when offline.
    `stop`: the send loop's flag (see `Core.storing`)."""
    now = time.time() if now is None else now
    store = core.store
    with core.storing(stop), store.transaction():
        listed = store.list_signed_prekeys()
        if not listed or now - listed[-1][1] >= ROTATE_SECONDS:
            session.generate_signed_prekey(store, now)
        session.prune_signed_prekeys(store, now, KEEP_SECONDS)
        current = session.current_signed_prekey(store)
    assert current is not None
    relay = core.relay()
    fresh: list[tuple[int, bytes]] = []
    count = relay.prekey_count()
    if count < ONE_TIME_LOW:
        with core.storing(stop), store.transaction():
            fresh = session.generate_one_time_prekeys(store, ONE_TIME_TARGET - count)
    signed = None if _published(core, current[0]) else SignedPreKey(*current)
    if signed is not None or fresh:
        # a linked device's signed prekey is signed by the identity key, not its mailbox key
        relay.publish_prekeys(signed, fresh, core.identity_key if core.is_linked else None)
        with core.storing(stop):
            store.set_setting(PUBLISHED_SETTING, str(current[0]))
