"""The prekey routes: publish a signed prekey, one-time prekeys and KEM prekeys, count them, claim
a bundle.

One module per concern of the API (docs/relay-api.md); server.py mounts this router under /v1.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from app.relay import models
from app.relay.deps import MailboxPath, RelayDep, SignedMailbox, requester, spend_token
from app.relay.errors import RelayHTTPError
from app.relay.storage import KemQuotaExceeded, QuotaExceeded
from app.wire import (
    KEM_ONE_TIME_PREKEYS_MAX,
    ONE_TIME_PREKEYS_MAX,
    BadStatement,
    KemPreKey,
    SignedPreKey,
    kem_prekey_signing_message,
    prekey_signing_message,
    statement_mailboxes,
)

router = APIRouter()


@router.put("/mailboxes/{mailbox}/prekeys", status_code=204)
async def publish_prekeys(
    body: models.PublishPreKeys, key: SignedMailbox, relay: RelayDep
) -> Response:
    """Replace the signed prekey (its signature is checked), add up to 100 one-time prekeys, and
    up to 20 KEM prekeys (each signature checked; one of them may be the last-resort one, which
    replaces the mailbox's). With `identity_key` (a linked device, docs/devices.md): the
    signatures are checked against that key, whose stored device list must name this mailbox,
    and bundles answer that key. Any refusal stores nothing."""
    signed, identity = None, None
    if body.identity_key is not None:
        identity = bytes.fromhex(body.identity_key)
        if body.signed_prekey is None and not body.kem_prekeys:
            raise RelayHTTPError(400, "an identity key goes with a signed prekey or KEM prekeys")
        await _check_listed(relay, identity, key)
    signer = VerifyKey(identity or key)
    if body.signed_prekey is not None:
        signed = SignedPreKey(
            body.signed_prekey.key_id,
            bytes.fromhex(body.signed_prekey.public_key),
            bytes.fromhex(body.signed_prekey.signature),
        )
        if not _verifies(signer, prekey_signing_message(signed.public_key), signed.signature):
            raise RelayHTTPError(400, "the signed prekey's signature does not verify")
    kem_prekeys = [
        KemPreKey(
            item.key_id,
            bytes.fromhex(item.public_key),
            bytes.fromhex(item.signature),
            item.last_resort,
        )
        for item in body.kem_prekeys
    ]
    if sum(kem.last_resort for kem in kem_prekeys) > 1:
        raise RelayHTTPError(400, "a request carries at most one last-resort KEM prekey")
    for kem in kem_prekeys:
        if not _verifies(signer, kem_prekey_signing_message(kem.public_key), kem.signature):
            raise RelayHTTPError(400, f"KEM prekey {kem.key_id}'s signature does not verify")
    one_time = [(item.key_id, bytes.fromhex(item.public_key)) for item in body.one_time_prekeys]
    try:
        await relay.run(
            lambda: relay.store.publish_prekeys(
                key,
                signed,
                one_time,
                ONE_TIME_PREKEYS_MAX,
                identity,
                kem_prekeys,
                KEM_ONE_TIME_PREKEYS_MAX,
            )
        )
    except KemQuotaExceeded:
        detail = f"a mailbox holds at most {KEM_ONE_TIME_PREKEYS_MAX} one-time KEM prekeys"
        raise RelayHTTPError(400, detail, "too_many_prekeys") from None
    except QuotaExceeded:
        detail = f"a mailbox holds at most {ONE_TIME_PREKEYS_MAX} one-time prekeys"
        raise RelayHTTPError(400, detail, "too_many_prekeys") from None
    return Response(status_code=204)


def _verifies(signer: VerifyKey, message: bytes, signature: bytes) -> bool:
    try:
        signer.verify(message, signature)
    except (CryptoError, ValueError):
        return False
    return True


async def _check_listed(relay: RelayDep, identity: bytes, mailbox: bytes) -> None:
    """400 unless the account `identity` has a device list naming `mailbox` (the mailbox key
    itself needs no list: it is the account's first device)."""
    if identity == mailbox:
        return
    statement = await relay.run(lambda: relay.store.device_list(identity))
    try:
        listed = statement is not None and mailbox in statement_mailboxes(statement)
    except BadStatement:
        listed = False
    if not listed:
        raise RelayHTTPError(400, "the account's device list does not name this mailbox")


@router.get("/mailboxes/{mailbox}/prekeys/count", response_model=models.PreKeyCount)
async def prekey_count(key: SignedMailbox, relay: RelayDep) -> models.PreKeyCount:
    """How many one-time prekeys and one-time KEM prekeys the relay still holds for the mailbox."""
    count, kem_count = await relay.run(
        lambda: (relay.store.prekey_count(key), relay.store.kem_prekey_count(key))
    )
    return models.PreKeyCount(count=count, kem_count=kem_count)


@router.post("/mailboxes/{mailbox}/bundle", response_model=models.Bundle)
async def claim_bundle(request: Request, mailbox: MailboxPath, relay: RelayDep) -> models.Bundle:
    """A prekey bundle for starting a session; claims one one-time prekey and one one-time KEM
    prekey (else hands out the last-resort KEM prekey). Unsigned, so the relay does not learn who
    contacts whom; limited per requesting IP and per target mailbox."""
    key = bytes.fromhex(mailbox)
    spend_token(relay.bundle_per_ip, requester(request))
    spend_token(relay.bundle_per_target, key)
    bundle = await relay.run(lambda: relay.store.claim_bundle(key))
    if bundle is None:
        raise RelayHTTPError(404, "this mailbox has published no prekeys")
    kem = bundle.kem_prekey
    return models.Bundle(
        identity_key=bundle.identity_key.hex(),
        signed_prekey_id=bundle.signed_prekey_id,
        signed_prekey=bundle.signed_prekey.hex(),
        signed_prekey_signature=bundle.signed_prekey_signature.hex(),
        one_time_prekey_id=bundle.one_time_prekey_id,
        one_time_prekey=None if bundle.one_time_prekey is None else bundle.one_time_prekey.hex(),
        kem_prekey=None
        if kem is None
        else models.KemPreKeyBody(
            key_id=kem.key_id,
            public_key=kem.public_key.hex(),
            signature=kem.signature.hex(),
            last_resort=kem.last_resort,
        ),
    )
