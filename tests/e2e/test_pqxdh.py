"""PQXDH end to end (protocol v2, docs/protocol.md): profiles publish ML-KEM prekeys, a first
contact runs PQXDH, and a bundle without a KEM prekey, or with a forged one, starts no session
and stores nothing. Real relay process, real profiles; the malicious relay is a client-side
stand-in (the real relay refuses forged signatures itself)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.net.client import RelayClient
from app.service.errors import InvalidPreKeyBundle, NoPostQuantumKeys
from app.service.messenger import Messenger
from app.session.records import AD_LEN_PQ, SessionRecord
from app.wire import KemPreKey, PreKeyBundleData
from tests.e2e.support import conversation_id, make_profile, pair
from tests.relay_process import RelayProcess


def active_ad_length(m: Messenger, peer: str) -> int:
    record = SessionRecord.decode(m._store.load_session(peer) or b"")
    assert record.active is not None
    return len(record.active.associated_data)


def test_a_first_contact_runs_pqxdh_and_messages_flow(
    paired: tuple[RelayProcess, Messenger, Messenger],
) -> None:
    relay, ani, budi = paired
    assert ani.keys_ready() and budi.keys_ready()
    assert RelayClient(relay.url, ani._core.identity_seed).kem_prekey_count() > 0
    # Ani added Budi: her session with him is v2 (its AD ends with the KEM key's hash), his too
    assert active_ad_length(ani, budi.own_account_id()) == AD_LEN_PQ
    assert active_ad_length(budi, ani.own_account_id()) == AD_LEN_PQ
    ani.send_text(conversation_id(ani, budi), "pasca-kuantum")
    ani.flush_outbox()
    budi.sync_once()
    newest = budi.messages_before(conversation_id(budi, ani), None, 5)[0]
    assert newest.body == "pasca-kuantum"


def _tampered(monkeypatch: pytest.MonkeyPatch, change: object) -> None:
    """Make every bundle fetch answer what `change(bundle)` gives (a malicious relay)."""
    real = RelayClient.fetch_bundle

    def fetch(self: RelayClient, mailbox: bytes) -> PreKeyBundleData:
        bundle = real(self, mailbox)
        assert callable(change)
        changed: PreKeyBundleData = change(bundle)
        return changed

    monkeypatch.setattr(RelayClient, "fetch_bundle", fetch)


def _forged(bundle: PreKeyBundleData) -> PreKeyBundleData:
    assert bundle.kem_prekey is not None
    signature = bytearray(bundle.kem_prekey.signature)
    signature[0] ^= 1
    return dataclasses.replace(
        bundle, kem_prekey=dataclasses.replace(bundle.kem_prekey, signature=bytes(signature))
    )


def _stripped(bundle: PreKeyBundleData) -> PreKeyBundleData:
    return dataclasses.replace(bundle, kem_prekey=None)


def _other_key(bundle: PreKeyBundleData) -> PreKeyBundleData:
    """A validly signed KEM prekey, but of another mailbox's: the signature is not the peer's."""
    assert bundle.kem_prekey is not None
    return dataclasses.replace(
        bundle, kem_prekey=KemPreKey(1, bytes(1184), bundle.kem_prekey.signature, True)
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (_stripped, NoPostQuantumKeys),
        (_forged, InvalidPreKeyBundle),
        (_other_key, InvalidPreKeyBundle),
    ],
)
def test_a_downgraded_or_forged_bundle_starts_no_session(
    tmp_path: Path,
    paired: tuple[RelayProcess, Messenger, Messenger],
    monkeypatch: pytest.MonkeyPatch,
    change: object,
    error: type[Exception],
) -> None:
    relay, ani, _ = paired
    citra = make_profile(tmp_path / "c", "Citra", relay.url)
    try:
        _tampered(monkeypatch, change)
        with pytest.raises(error):
            ani.add_contact(citra.invite_link())
        assert ani._store.load_session(citra.own_account_id()) is None
        monkeypatch.undo()
        pair(ani, citra)  # with the relay honest again, first contact works
        assert active_ad_length(ani, citra.own_account_id()) == AD_LEN_PQ
    finally:
        citra.lock()
