"""Profiles for session tests: in-memory stores with published prekeys."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from app.session import (
    PreKeyBundle,
    account_id,
    generate_one_time_prekeys,
    generate_signed_prekey,
    identity_public_key,
    new_device_id,
    new_identity_seed,
)
from app.session.memory import MemoryStores


@dataclass
class Profile:
    stores: MemoryStores
    key: bytes  # Ed25519 identity public key

    @property
    def id(self) -> str:
        return account_id(self.key)

    def bundle(self, with_opk: bool = True) -> PreKeyBundle:
        """A fresh bundle, as the relay would hand out (claims a new one-time prekey)."""
        spk_id, spk, signature = generate_signed_prekey(self.stores, time.time())
        opk_id, opk = generate_one_time_prekeys(self.stores, 1)[0] if with_opk else (None, None)
        return PreKeyBundle(self.key, spk_id, spk, signature, opk_id, opk)


def new_profile(seed: bytes | None = None, device: str | None = None) -> Profile:
    seed = seed or new_identity_seed()
    return Profile(MemoryStores(seed, device or new_device_id()), identity_public_key(seed))


@pytest.fixture
def profile() -> Callable[..., Profile]:
    return new_profile
