"""Bisik's session layer: protocol orchestration over the storage Protocols of `stores`.

Everything here is synchronous and pure apart from the stores passed in. A peer is its account id,
derived from its identity key (protocol v2); each account has one device today.
"""

from app.crypto.devices import (
    Device,
    DeviceList,
    DeviceListError,
    ForgedDeviceList,
    MalformedDeviceList,
    StaleDeviceList,
    verify_device_list,
)
from app.crypto.groups import (
    GROUP_ID_BYTES,
    MAX_GROUP_NAME_CHARS,
    MAX_MEMBER_NAME_CHARS,
    MAX_MEMBERS,
    NO_PREVIOUS,
    GroupMemberEntry,
    GroupState,
    group_state_hash,
    sign_group_state,
    verify_group_state,
)
from app.crypto.identity import (
    KeyChange,
    account_id,
    new_device_id,
    sign_key_change,
    verify_key_change,
)
from app.crypto.keys import forget_cached_keys
from app.crypto.safety import safety_number, safety_qr_payload
from app.crypto.sealed import BUCKETS
from app.crypto.x3dh import PreKeyBundle
from app.session.errors import (
    ContentTooLarge,
    CorruptState,
    DuplicateMessage,
    InvalidMessage,
    InvalidSignature,
    NoSession,
    SessionError,
    TooManySkipped,
    UntrustedIdentity,
)
from app.session.peers import device_peer, peer_account, peer_device
from app.session.prekeys import (
    current_signed_prekey,
    generate_one_time_prekeys,
    generate_signed_prekey,
    identity_public_key,
    new_identity_seed,
    own_identity,
    prune_signed_prekeys,
    sign_as_identity,
)
from app.session.protocol import (
    MAX_PLAINTEXT,
    Decrypted,
    Unsealed,
    decrypt,
    encrypt,
    has_session,
    seal,
    start_session,
    unseal,
)
from app.session.stores import ProtocolStores, TrustState

__all__ = [
    "BUCKETS",
    "GROUP_ID_BYTES",
    "MAX_GROUP_NAME_CHARS",
    "MAX_MEMBERS",
    "MAX_MEMBER_NAME_CHARS",
    "MAX_PLAINTEXT",
    "NO_PREVIOUS",
    "ContentTooLarge",
    "CorruptState",
    "Decrypted",
    "Device",
    "DeviceList",
    "DeviceListError",
    "DuplicateMessage",
    "ForgedDeviceList",
    "GroupMemberEntry",
    "GroupState",
    "InvalidMessage",
    "InvalidSignature",
    "KeyChange",
    "MalformedDeviceList",
    "NoSession",
    "PreKeyBundle",
    "ProtocolStores",
    "SessionError",
    "StaleDeviceList",
    "TooManySkipped",
    "TrustState",
    "Unsealed",
    "UntrustedIdentity",
    "account_id",
    "current_signed_prekey",
    "decrypt",
    "device_peer",
    "encrypt",
    "forget_cached_keys",
    "generate_one_time_prekeys",
    "generate_signed_prekey",
    "group_state_hash",
    "has_session",
    "identity_public_key",
    "new_device_id",
    "new_identity_seed",
    "own_identity",
    "peer_account",
    "peer_device",
    "prune_signed_prekeys",
    "safety_number",
    "safety_qr_payload",
    "seal",
    "sign_as_identity",
    "sign_group_state",
    "sign_key_change",
    "start_session",
    "unseal",
    "verify_device_list",
    "verify_group_state",
    "verify_key_change",
]
