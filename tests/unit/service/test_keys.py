"""Prekey upkeep against a real relay: one-time prekeys topped up below 20, the signed prekey
rotated after 7 days and the retired one deleted 14 days after its replacement."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.net import RelayClient
from app.service import keys
from tests.e2e.support import make_profile
from tests.relay_process import RelayProcess

DAY = 86400.0


def test_one_time_prekeys_are_topped_up_below_twenty(relay: RelayProcess, tmp_path: Path) -> None:
    m = make_profile(tmp_path / "p", "Sari", relay.url)
    assert m.keys_ready()
    owner = RelayClient(relay.url, m._core.identity_seed)
    assert owner.prekey_count() == keys.ONE_TIME_TARGET
    stranger = RelayClient(relay.url, os.urandom(32))
    for _ in range(keys.ONE_TIME_TARGET - keys.ONE_TIME_LOW):  # down to exactly 20: no top-up
        stranger.fetch_bundle(m.own_identity_key())
    keys.maintain(m._core)
    assert owner.prekey_count() == keys.ONE_TIME_LOW
    stranger.fetch_bundle(m.own_identity_key())  # 19 left
    keys.maintain(m._core)
    assert owner.prekey_count() == keys.ONE_TIME_TARGET
    m.lock()


def test_signed_prekey_rotates_weekly_and_retired_ones_go_after_two_weeks(
    relay: RelayProcess, tmp_path: Path
) -> None:
    m = make_profile(tmp_path / "p", "Sari", relay.url)
    store = m._store
    stranger = RelayClient(relay.url, os.urandom(32))
    ((first, created),) = store.list_signed_prekeys()
    now = time.time()

    keys.maintain(m._core, now + 6 * DAY)
    assert [key_id for key_id, _ in store.list_signed_prekeys()] == [first]

    keys.maintain(m._core, created + 7 * DAY + 1)
    listed = [key_id for key_id, _ in store.list_signed_prekeys()]
    assert len(listed) == 2 and listed[0] == first
    second = listed[1]
    assert stranger.fetch_bundle(m.own_identity_key()).signed_prekey_id == second
    assert m.keys_ready()

    replaced_at = store.list_signed_prekeys()[1][1]
    keys.maintain(m._core, replaced_at + 13 * DAY)  # the second is a week old: a third comes
    listed = [key_id for key_id, _ in store.list_signed_prekeys()]
    assert listed[:2] == [first, second] and len(listed) == 3  # the first is kept 14 days
    keys.maintain(m._core, replaced_at + 14 * DAY + 1)
    assert [key_id for key_id, _ in store.list_signed_prekeys()] == listed[1:]
    m.lock()
