"""Publishing prekeys: the signed prekey rotates every 7 days (the old private half kept 14 days),
one-time prekeys are topped up to 100 when the relay holds fewer than 20. For PQXDH (protocol v2)
the same for ML-KEM-768 prekeys: a last-resort one rotates with the signed prekey (and is kept as
long), one-time ones are topped up to 40 when the relay holds fewer than 10 (each is 1.2 KB, and
the relay hands out the last-resort one when they run out)."""

from __future__ import annotations

import threading
import time

from app import session
from app.service.core import Core
from app.wire import KemPreKey, SignedPreKey

ROTATE_SECONDS = 7 * 86400
KEEP_SECONDS = 14 * 86400
ONE_TIME_LOW = 20
ONE_TIME_TARGET = 100
KEM_ONE_TIME_LOW = 10
KEM_ONE_TIME_TARGET = 40
PUBLISHED_SETTING = "published_signed_prekey"
PUBLISHED_KEM_SETTING = "published_kem_last_resort"


def keys_published(core: Core) -> bool:
    """Whether the relay has the current signed prekey and last-resort KEM prekey (so others can
    start sessions)."""
    current = session.current_signed_prekey(core.store)
    kem = session.current_kem_last_resort(core.store)
    return (
        current is not None
        and kem is not None
        and _published(core, PUBLISHED_SETTING, current[0])
        and _published(core, PUBLISHED_KEM_SETTING, kem[0])
    )


def _published(core: Core, setting: str, prekey_id: int) -> bool:
    return core.store.setting(setting) == str(prekey_id)


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
        last_resort = store.list_kem_prekeys(last_resort=True)
        if not last_resort or now - last_resort[-1][1] >= ROTATE_SECONDS:
            session.generate_kem_prekeys(store, 1, last_resort=True, now=now)
        session.prune_kem_last_resort(store, now, KEEP_SECONDS)
        kem_current = session.current_kem_last_resort(store)
    assert current is not None and kem_current is not None
    relay = core.relay()
    fresh: list[tuple[int, bytes]] = []
    kem_fresh: list[tuple[int, bytes, bytes]] = []
    count = relay.prekey_count()
    kem_count = relay.kem_prekey_count()
    if count < ONE_TIME_LOW or kem_count < KEM_ONE_TIME_LOW:
        with core.storing(stop), store.transaction():
            if count < ONE_TIME_LOW:
                fresh = session.generate_one_time_prekeys(store, ONE_TIME_TARGET - count)
            if kem_count < KEM_ONE_TIME_LOW:
                kem_fresh = session.generate_kem_prekeys(
                    store, KEM_ONE_TIME_TARGET - kem_count, last_resort=False, now=now
                )
    signed = None if _published(core, PUBLISHED_SETTING, current[0]) else SignedPreKey(*current)
    kem_prekeys = [KemPreKey(*key, last_resort=False) for key in kem_fresh]
    if not _published(core, PUBLISHED_KEM_SETTING, kem_current[0]):
        kem_prekeys.append(KemPreKey(*kem_current, last_resort=True))
    if signed is not None or fresh or kem_prekeys:
        # a linked device's prekeys are signed by the identity key, not its mailbox key
        identity = core.identity_key if core.is_linked else None
        relay.publish_prekeys(signed, fresh, identity, kem_prekeys)
        with core.storing(stop):
            store.set_setting(PUBLISHED_SETTING, str(current[0]))
            store.set_setting(PUBLISHED_KEM_SETTING, str(kem_current[0]))
