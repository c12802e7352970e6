"""Store fixtures: real SQLCipher profiles in tmp_path, with the cheap (INTERACTIVE) KDF limits.

Test modules are imported with --import-mode=importlib, so shared values come as fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.session import account_id, identity_public_key
from app.store import KdfParams, Store
from app.store.records import Direction

PASSPHRASE = "kuda lumping 42"
OWN_SEED = b"\x01" * 32
OWN = account_id(identity_public_key(OWN_SEED))  # derived from the key (protocol v2)
PEER = "b" * 64


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def fast_kdf() -> KdfParams:
    return KdfParams.interactive()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def store(folder: Path) -> Iterator[Store]:
    s = Store.create(folder, PASSPHRASE, kdf=KdfParams.interactive())
    s.set_own_identity(OWN_SEED, "d" * 32)
    yield s
    s.lock()


@pytest.fixture
def conversation(store: Store) -> int:
    """A conversation with the contact PEER ("Budi")."""
    store.add_contact(PEER, "Budi", identity_key=b"\x02" * 32)
    return store.conversation_for_contact(PEER).id


@pytest.fixture
def filled_folder(folder: Path) -> Path:
    """A closed profile with 300 messages, so a flip in the middle hits real pages."""
    s = Store.create(folder, PASSPHRASE, kdf=KdfParams.interactive())
    s.set_own_identity(OWN_SEED, "d" * 32)
    s.add_contact(PEER, "Budi", identity_key=b"\x02" * 32)
    conversation = s.conversation_for_contact(PEER).id
    with s.transaction():
        for i in range(300):
            s.add_message(
                conversation, Direction.INCOMING, PEER, f"pesan nomor {i} " * 20, float(i)
            )
    s.lock()
    return folder
