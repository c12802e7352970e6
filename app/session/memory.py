"""In-memory ProtocolStores, for tests and for anything that needs no persistence."""

from __future__ import annotations

from app.session.stores import TrustState


class MemoryStores:
    """Implements `app.session.stores.ProtocolStores` with dicts."""

    def __init__(self, identity_seed: bytes, device_id: str) -> None:
        self._seed = identity_seed
        self._device_id = device_id
        self.identities: dict[str, tuple[bytes, TrustState]] = {}
        self.prekeys: dict[int, bytes] = {}
        self.signed_prekeys: dict[int, tuple[bytes, float]] = {}
        self.kem_prekeys: dict[int, tuple[bytes, bool, float]] = {}
        self.sessions: dict[str, bytes] = {}
        self._last_prekey_id = 0

    def __repr__(self) -> str:
        return f"MemoryStores(device_id={self._device_id!r})"

    def own_identity_seed(self) -> bytes:
        return self._seed

    def own_device_id(self) -> str:
        return self._device_id

    def peer_identity(self, peer: str) -> tuple[bytes, TrustState] | None:
        return self.identities.get(peer)

    def save_peer_identity(self, peer: str, identity_key: bytes, trust: TrustState) -> None:
        self.identities[peer] = (identity_key, trust)

    def load_prekey(self, prekey_id: int) -> bytes | None:
        return self.prekeys.get(prekey_id)

    def store_prekey(self, prekey_id: int, record: bytes) -> None:
        self.prekeys[prekey_id] = record

    def remove_prekey(self, prekey_id: int) -> None:
        self.prekeys.pop(prekey_id, None)

    def next_prekey_id(self) -> int:
        self._last_prekey_id += 1
        return self._last_prekey_id

    def load_signed_prekey(self, signed_prekey_id: int) -> bytes | None:
        entry = self.signed_prekeys.get(signed_prekey_id)
        return None if entry is None else entry[0]

    def store_signed_prekey(self, signed_prekey_id: int, record: bytes, created_at: float) -> None:
        self.signed_prekeys[signed_prekey_id] = (record, created_at)

    def remove_signed_prekey(self, signed_prekey_id: int) -> None:
        self.signed_prekeys.pop(signed_prekey_id, None)

    def list_signed_prekeys(self) -> list[tuple[int, float]]:
        return sorted(
            ((key, created) for key, (_, created) in self.signed_prekeys.items()),
            key=lambda item: (item[1], item[0]),
        )

    def load_kem_prekey(self, kem_prekey_id: int) -> bytes | None:
        entry = self.kem_prekeys.get(kem_prekey_id)
        return None if entry is None else entry[0]

    def store_kem_prekey(
        self, kem_prekey_id: int, record: bytes, last_resort: bool, created_at: float
    ) -> None:
        self.kem_prekeys[kem_prekey_id] = (record, last_resort, created_at)

    def remove_kem_prekey(self, kem_prekey_id: int) -> None:
        self.kem_prekeys.pop(kem_prekey_id, None)

    def list_kem_prekeys(self, last_resort: bool) -> list[tuple[int, float]]:
        return sorted(
            (
                (key, created)
                for key, (_, lr, created) in self.kem_prekeys.items()
                if lr == last_resort
            ),
            key=lambda item: (item[1], item[0]),
        )

    def load_session(self, peer: str) -> bytes | None:
        return self.sessions.get(peer)

    def store_session(self, peer: str, record: bytes) -> None:
        self.sessions[peer] = record

    def delete_session(self, peer: str) -> None:
        self.sessions.pop(peer, None)
