"""Interop: Bisik v1 against an independent reference written from DESIGN.md and the specs.

The reference below uses only nacl.bindings and stdlib hmac/hashlib, and none of app.crypto,
so a shared misreading of the specs cannot hide in a shared helper.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import pytest
from nacl import bindings as nb

from app.crypto import ratchet, x3dh
from app.crypto.errors import InvalidSignature
from app.crypto.keys import IdentityKeyPair, KeyPair
from app.crypto.x3dh import PreKeyBundle
from app.session import generate_signed_prekey
from app.session.memory import MemoryStores

# --- Reference implementation (DESIGN.md "Crypto core: Bisik protocol v1" + specs) ----------

ZERO_SALT = bytes(32)


def ref_hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """HKDF-SHA256 (RFC 5869): extract, then expand T(1) || T(2) || ..."""
    prk = hmac.digest(salt, ikm, "sha256")
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.digest(prk, block + info + bytes([counter]), "sha256")
        okm, counter = okm + block, counter + 1
    return okm[:length]


def encode(x25519_public: bytes) -> bytes:
    """X3DH Encode(PK): the curve type byte 0x05, then the 32-byte X25519 public key."""
    return b"\x05" + x25519_public


@dataclass(frozen=True)
class RefPair:
    """An X25519 key pair from a fixed 32-byte private key."""

    private: bytes
    public: bytes

    @classmethod
    def from_private(cls, private: bytes) -> RefPair:
        return cls(private, nb.crypto_scalarmult_base(private))


@dataclass(frozen=True)
class RefIdentity:
    """An Ed25519 identity key pair; DH uses its X25519 form."""

    ed_public: bytes
    ed_secret: bytes  # 64 bytes: seed || public

    @classmethod
    def from_seed(cls, seed: bytes) -> RefIdentity:
        public, secret = nb.crypto_sign_seed_keypair(seed)
        return cls(public, secret)

    @property
    def dh_private(self) -> bytes:
        return nb.crypto_sign_ed25519_sk_to_curve25519(self.ed_secret)

    @property
    def dh_public(self) -> bytes:
        return nb.crypto_sign_ed25519_pk_to_curve25519(self.ed_public)


def ref_x3dh_sk(dhs: list[bytes]) -> bytes:
    return ref_hkdf(b"\xff" * 32 + b"".join(dhs), ZERO_SALT, b"Bisik_X3DH_v1", 32)


def ref_x3dh_initiator(
    ik_a: RefIdentity,
    ek_a: RefPair,
    ik_b_ed_public: bytes,
    spk_b: bytes,
    spk_b_signature: bytes,
    opk_b: bytes | None,
) -> tuple[bytes, bytes]:
    """Alice's side: verify SPK_B's signature, then return (SK, AD)."""
    nb.crypto_sign_open(spk_b_signature + encode(spk_b), ik_b_ed_public)  # raises if forged
    ik_b = nb.crypto_sign_ed25519_pk_to_curve25519(ik_b_ed_public)
    dhs = [
        nb.crypto_scalarmult(ik_a.dh_private, spk_b),
        nb.crypto_scalarmult(ek_a.private, ik_b),
        nb.crypto_scalarmult(ek_a.private, spk_b),
    ]
    if opk_b is not None:
        dhs.append(nb.crypto_scalarmult(ek_a.private, opk_b))
    return ref_x3dh_sk(dhs), encode(ik_a.dh_public) + encode(ik_b)


def ref_x3dh_responder(
    ik_b: RefIdentity, spk_b: RefPair, opk_b: RefPair | None, ik_a_ed_public: bytes, ek_a: bytes
) -> tuple[bytes, bytes]:
    """Bob's side: the same four DHs from the other ends; returns (SK, AD)."""
    ik_a = nb.crypto_sign_ed25519_pk_to_curve25519(ik_a_ed_public)
    dhs = [
        nb.crypto_scalarmult(spk_b.private, ik_a),
        nb.crypto_scalarmult(ik_b.dh_private, ek_a),
        nb.crypto_scalarmult(spk_b.private, ek_a),
    ]
    if opk_b is not None:
        dhs.append(nb.crypto_scalarmult(opk_b.private, ek_a))
    return ref_x3dh_sk(dhs), encode(ik_a) + encode(ik_b.dh_public)


def kdf_rk(rk: bytes, dh_out: bytes) -> tuple[bytes, bytes]:
    out = ref_hkdf(dh_out, rk, b"Bisik_Ratchet_v1", 64)
    return out[:32], out[32:]


def kdf_ck(ck: bytes) -> tuple[bytes, bytes]:
    """Returns (next chain key, message key)."""
    return hmac.digest(ck, b"\x02", "sha256"), hmac.digest(ck, b"\x01", "sha256")


def aead_key_nonce(mk: bytes) -> tuple[bytes, bytes]:
    out = ref_hkdf(mk, ZERO_SALT, b"Bisik_MessageKeys_v1", 56)
    return out[:32], out[32:]


HEADER_LEN = 40  # DHs public (32) || u32be(PN) || u32be(N)


@dataclass
class RefRatchet:
    """Double Ratchet state and functions as in spec section 3, header in the clear.

    New ratchet key pairs come from `keys`, so a test can feed both implementations the same ones.
    """

    ad: bytes
    keys: Iterator[RefPair]
    dhs: RefPair
    rk: bytes
    dhr: bytes | None = None
    cks: bytes | None = None
    ckr: bytes | None = None
    ns: int = 0
    nr: int = 0
    pn: int = 0
    skipped: dict[tuple[bytes, int], bytes] = field(default_factory=dict)

    @classmethod
    def alice(cls, sk: bytes, ad: bytes, bob_spk: bytes, keys: Iterator[RefPair]) -> RefRatchet:
        dhs = next(keys)
        rk, cks = kdf_rk(sk, nb.crypto_scalarmult(dhs.private, bob_spk))
        return cls(ad, keys, dhs, rk, dhr=bob_spk, cks=cks)

    @classmethod
    def bob(cls, sk: bytes, ad: bytes, spk: RefPair, keys: Iterator[RefPair]) -> RefRatchet:
        return cls(ad, keys, spk, sk)

    def encrypt(self, plaintext: bytes) -> bytes:
        """Returns header || ciphertext."""
        assert self.cks is not None
        self.cks, mk = kdf_ck(self.cks)
        header = self.dhs.public + self.pn.to_bytes(4, "big") + self.ns.to_bytes(4, "big")
        self.ns += 1
        key, nonce = aead_key_nonce(mk)
        aad = self.ad + header
        return header + nb.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, nonce, key)

    def decrypt(self, message: bytes) -> bytes:
        header, ciphertext = message[:HEADER_LEN], message[HEADER_LEN:]
        dh, pn, n = header[:32], int.from_bytes(header[32:36]), int.from_bytes(header[36:40])
        mk = self.skipped.pop((dh, n), None)
        if mk is None:
            if dh != self.dhr:
                self._skip(pn)
                self._dh_ratchet(dh)
            self._skip(n)
            assert self.ckr is not None
            self.ckr, mk = kdf_ck(self.ckr)
            self.nr += 1
        key, nonce = aead_key_nonce(mk)
        aad = self.ad + header
        return nb.crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, aad, nonce, key)

    def _skip(self, until: int) -> None:
        while self.ckr is not None and self.nr < until:
            self.ckr, mk = kdf_ck(self.ckr)
            self.skipped[self.dhr or b"", self.nr] = mk
            self.nr += 1

    def _dh_ratchet(self, dh: bytes) -> None:
        self.pn, self.ns, self.nr, self.dhr = self.ns, 0, 0, dh
        self.rk, self.ckr = kdf_rk(self.rk, nb.crypto_scalarmult(self.dhs.private, dh))
        self.dhs = next(self.keys)
        self.rk, self.cks = kdf_rk(self.rk, nb.crypto_scalarmult(self.dhs.private, dh))


# --- Fixed key material and the two implementations behind one interface ---------------------


def secret(label: str) -> bytes:
    """32 bytes fixed by a label, so every run uses the same keys."""
    return hashlib.sha256(label.encode()).digest()


REF_ALICE = RefIdentity.from_seed(secret("alice identity"))
REF_BOB = RefIdentity.from_seed(secret("bob identity"))
REF_SPK = RefPair.from_private(secret("bob signed prekey"))
REF_OPK = RefPair.from_private(secret("bob one-time prekey"))
REF_EK = RefPair.from_private(secret("alice ephemeral"))
SPK_SIGNATURE = nb.crypto_sign(encode(REF_SPK.public), REF_BOB.ed_secret)[:64]


def ref_ratchet_keys(owner: str) -> Iterator[RefPair]:
    return (RefPair.from_private(secret(f"{owner} ratchet {i}")) for i in itertools.count())


def app_pair(pair: RefPair) -> KeyPair:
    return KeyPair.from_private(pair.private)


def app_bundle(with_opk: bool) -> PreKeyBundle:
    opk_id, opk = (7, REF_OPK.public) if with_opk else (None, None)
    return PreKeyBundle(REF_BOB.ed_public, 1, REF_SPK.public, SPK_SIGNATURE, opk_id, opk)


class Party(Protocol):
    """One end of a conversation; a message is header || ciphertext."""

    def encrypt(self, plaintext: bytes) -> bytes: ...

    def decrypt(self, message: bytes) -> bytes: ...


@dataclass
class AppParty:
    """app.crypto's ratchet behind the Party interface."""

    state: ratchet.RatchetState
    ad: bytes

    def encrypt(self, plaintext: bytes) -> bytes:
        header, ciphertext = ratchet.encrypt(self.state, plaintext, self.ad)
        return header + ciphertext

    def decrypt(self, message: bytes) -> bytes:
        header, ciphertext = message[: ratchet.HEADER_LEN], message[ratchet.HEADER_LEN :]
        return ratchet.decrypt(self.state, header, ciphertext, self.ad)


@dataclass
class Twins:
    """app.crypto and the reference side by side with the same keys: outputs must be identical.

    The app draws fresh ratchet keys inside `decrypt` and its API cannot inject them, so the
    reference takes each new key pair from the app's state (`state.dhs`) at the moment it needs it.
    """

    app: AppParty
    ref: RefRatchet

    def encrypt(self, plaintext: bytes) -> bytes:
        message = self.app.encrypt(plaintext)
        assert self.ref.encrypt(plaintext) == message
        return message

    def decrypt(self, message: bytes) -> bytes:
        plaintext = self.app.decrypt(message)
        assert self.ref.decrypt(message) == plaintext
        return plaintext


def ratchet_keys_of(app: AppParty) -> Iterator[RefPair]:
    return (RefPair(app.state.dhs.private, app.state.dhs.public) for _ in itertools.count())


def ref_alice(with_opk: bool, keys: Iterator[RefPair] | None = None) -> RefRatchet:
    opk = REF_OPK.public if with_opk else None
    sk, ad = ref_x3dh_initiator(
        REF_ALICE, REF_EK, REF_BOB.ed_public, REF_SPK.public, SPK_SIGNATURE, opk
    )
    return RefRatchet.alice(sk, ad, REF_SPK.public, keys or ref_ratchet_keys("alice"))


def ref_bob(with_opk: bool, keys: Iterator[RefPair] | None = None) -> RefRatchet:
    opk = REF_OPK if with_opk else None
    sk, ad = ref_x3dh_responder(REF_BOB, REF_SPK, opk, REF_ALICE.ed_public, REF_EK.public)
    return RefRatchet.bob(sk, ad, REF_SPK, keys or ref_ratchet_keys("bob"))


def app_alice(with_opk: bool) -> AppParty:
    identity = IdentityKeyPair.from_seed(secret("alice identity"))
    result = x3dh.initiate(identity, app_bundle(with_opk), app_pair(REF_EK))
    assert result.ephemeral_public == REF_EK.public
    first_key = app_pair(next(ref_ratchet_keys("alice")))
    state = ratchet.init_alice(result.shared_secret, REF_SPK.public, first_key)
    return AppParty(state, result.associated_data)


def app_bob(with_opk: bool) -> AppParty:
    identity = IdentityKeyPair.from_seed(secret("bob identity"))
    opk = app_pair(REF_OPK) if with_opk else None
    sk, ad = x3dh.respond(identity, app_pair(REF_SPK), opk, REF_ALICE.ed_public, REF_EK.public)
    return AppParty(ratchet.init_bob(sk, app_pair(REF_SPK)), ad)


def twin_alice(with_opk: bool) -> Twins:
    app = app_alice(with_opk)
    return Twins(app, ref_alice(with_opk, ratchet_keys_of(app)))


def twin_bob(with_opk: bool) -> Twins:
    app = app_bob(with_opk)
    return Twins(app, ref_bob(with_opk, ratchet_keys_of(app)))


# A>x: Alice sends x; B<x: Bob receives x (and the other way round). Bursts each way, reordering
# inside a chain, and late messages from chains several DH ratchet steps old.
SCRIPT = """
    A>a1 A>a2 A>a3 A>a4   B<a3 B<a1
    B>b1 B>b2 B>b3        A<b2 A<b1
    A>a5 A>a6             B<a6 B<a4 B<a5
    B>b4                  A<b4 A<b3
    A>a7                  B<a7 B<a2
    B>b5 B>b6             A<b6 A<b5
"""


def converse(alice: Party, bob: Party) -> dict[str, bytes]:
    """Plays SCRIPT; every delivery must decrypt to what was sent. Returns the messages sent."""
    parties = {"A": alice, "B": bob}
    sent: dict[str, bytes] = {}
    for step in SCRIPT.split():
        party, arrow, label = parties[step[0]], step[1], step[2:]
        plaintext = f"{label}: hello from the {'initiator' if label[0] == 'a' else 'responder'}"
        if arrow == ">":
            sent[label] = party.encrypt(plaintext.encode())
        else:
            assert party.decrypt(sent[label]) == plaintext.encode()
    return sent


# --- Tests -------------------------------------------------------------------------------------


def test_reference_hkdf_matches_rfc5869_case_1() -> None:
    okm = ref_hkdf(b"\x0b" * 22, bytes(range(13)), bytes(range(0xF0, 0xFA)), 42)
    assert okm.hex() == (
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    )


@pytest.mark.parametrize("with_opk", [True, False], ids=["with-opk", "without-opk"])
def test_x3dh_both_roles_agree_with_the_reference(with_opk: bool) -> None:
    opk = REF_OPK if with_opk else None
    expected = ref_x3dh_initiator(
        REF_ALICE,
        REF_EK,
        REF_BOB.ed_public,
        REF_SPK.public,
        SPK_SIGNATURE,
        opk.public if opk else None,
    )
    assert ref_x3dh_responder(REF_BOB, REF_SPK, opk, REF_ALICE.ed_public, REF_EK.public) == expected

    alice = IdentityKeyPair.from_seed(secret("alice identity"))
    result = x3dh.initiate(alice, app_bundle(with_opk), app_pair(REF_EK))
    assert (result.shared_secret, result.associated_data) == expected

    bob = IdentityKeyPair.from_seed(secret("bob identity"))
    app_opk = app_pair(opk) if opk else None
    responded = x3dh.respond(bob, app_pair(REF_SPK), app_opk, REF_ALICE.ed_public, REF_EK.public)
    assert responded == expected
    assert x3dh.associated_data(REF_ALICE.ed_public, REF_BOB.ed_public) == expected[1]


def test_x3dh_with_and_without_opk_differ() -> None:
    """DH4 enters SK: a responder that ignored the one-time prekey would not interoperate."""
    with_opk = ref_x3dh_responder(REF_BOB, REF_SPK, REF_OPK, REF_ALICE.ed_public, REF_EK.public)
    without = ref_x3dh_responder(REF_BOB, REF_SPK, None, REF_ALICE.ed_public, REF_EK.public)
    assert with_opk[0] != without[0]
    assert with_opk[1] == without[1]


def test_signed_prekey_made_by_the_app_verifies_in_the_reference() -> None:
    stores = MemoryStores(secret("bob identity"), "00" * 16)
    _, spk, signature = generate_signed_prekey(stores, time.time())
    assert nb.crypto_sign_open(signature + encode(spk), REF_BOB.ed_public) == encode(spk)


def test_app_rejects_a_bundle_whose_signature_is_not_over_encode_spk() -> None:
    raw_signature = nb.crypto_sign(REF_SPK.public, REF_BOB.ed_secret)[:64]
    bundle = dataclasses.replace(app_bundle(True), signed_prekey_signature=raw_signature)
    with pytest.raises(InvalidSignature):
        x3dh.initiate(IdentityKeyPair.from_seed(secret("alice identity")), bundle)


PAIRINGS: dict[str, tuple[Callable[[bool], Party], Callable[[bool], Party]]] = {
    "reference-alice-app-bob": (ref_alice, app_bob),
    "app-alice-reference-bob": (app_alice, ref_bob),
}


@pytest.mark.parametrize("with_opk", [True, False], ids=["with-opk", "without-opk"])
@pytest.mark.parametrize("pairing", PAIRINGS)
def test_conversation_across_implementations(pairing: str, with_opk: bool) -> None:
    """(a) reference encrypts, app decrypts and (b) the other way, in both roles."""
    make_alice, make_bob = PAIRINGS[pairing]
    sent = converse(make_alice(with_opk), make_bob(with_opk))
    ratchet_keys = {message[:32] for message in sent.values()}
    assert len(ratchet_keys) == 6  # three sending chains a side: six DH ratchet steps in all


@pytest.mark.parametrize("with_opk", [True, False], ids=["with-opk", "without-opk"])
def test_same_keys_give_identical_bytes(with_opk: bool) -> None:
    """(c) given the same ratchet key pairs, app and reference emit identical header+ciphertext."""
    sent = converse(twin_alice(with_opk), twin_bob(with_opk))
    ratchet_key = {label: message[:32] for label, message in sent.items()}
    counters = {
        label: (int.from_bytes(m[32:36]), int.from_bytes(m[36:40])) for label, m in sent.items()
    }
    assert ratchet_key["a1"] == next(ref_ratchet_keys("alice")).public
    assert ratchet_key["b1"] != REF_SPK.public  # Bob stepped the DH ratchet before sending
    # (PN, N): PN is the length of the sender's previous sending chain.
    assert {label: counters[label] for label in ("a4", "a5", "b3", "b4", "a7")} == {
        "a4": (0, 3),
        "a5": (4, 0),
        "b3": (0, 2),
        "b4": (3, 0),
        "a7": (2, 0),
    }
