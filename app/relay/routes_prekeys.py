"""The prekey routes: publish a signed prekey and one-time prekeys, count them, claim a bundle.

One module per concern of the API (docs/relay-api.md); server.py mounts this router under /v1.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from app.relay import models
from app.relay.deps import MailboxPath, RelayDep, SignedMailbox, requester, spend_token
from app.relay.errors import RelayHTTPError
from app.relay.storage import QuotaExceeded
from app.wire import ONE_TIME_PREKEYS_MAX, SignedPreKey, prekey_signing_message

router = APIRouter()


@router.put("/mailboxes/{mailbox}/prekeys", status_code=204)
async def publish_prekeys(
    body: models.PublishPreKeys, key: SignedMailbox, relay: RelayDep
) -> Response:
    """Replace the signed prekey (its signature is checked) and add up to 100 one-time prekeys."""
    signed = None
    if body.signed_prekey is not None:
        signed = SignedPreKey(
            body.signed_prekey.key_id,
            bytes.fromhex(body.signed_prekey.public_key),
            bytes.fromhex(body.signed_prekey.signature),
        )
        try:
            VerifyKey(key).verify(prekey_signing_message(signed.public_key), signed.signature)
        except (CryptoError, ValueError):
            raise RelayHTTPError(400, "the signed prekey's signature does not verify") from None
    one_time = [(item.key_id, bytes.fromhex(item.public_key)) for item in body.one_time_prekeys]
    try:
        await relay.run(
            lambda: relay.store.publish_prekeys(key, signed, one_time, ONE_TIME_PREKEYS_MAX)
        )
    except QuotaExceeded:
        detail = f"a mailbox holds at most {ONE_TIME_PREKEYS_MAX} one-time prekeys"
        raise RelayHTTPError(400, detail, "too_many_prekeys") from None
    return Response(status_code=204)


@router.get("/mailboxes/{mailbox}/prekeys/count", response_model=models.PreKeyCount)
async def prekey_count(key: SignedMailbox, relay: RelayDep) -> models.PreKeyCount:
    """How many one-time prekeys the relay still holds for the mailbox."""
    return models.PreKeyCount(count=await relay.run(lambda: relay.store.prekey_count(key)))


@router.post("/mailboxes/{mailbox}/bundle", response_model=models.Bundle)
async def claim_bundle(request: Request, mailbox: MailboxPath, relay: RelayDep) -> models.Bundle:
    """A prekey bundle for starting a session; claims one one-time prekey. Unsigned, so the relay
    does not learn who contacts whom; limited per requesting IP and per target mailbox."""
    key = bytes.fromhex(mailbox)
    spend_token(relay.bundle_per_ip, requester(request))
    spend_token(relay.bundle_per_target, key)
    bundle = await relay.run(lambda: relay.store.claim_bundle(key))
    if bundle is None:
        raise RelayHTTPError(404, "this mailbox has published no prekeys")
    return models.Bundle(
        identity_key=bundle.identity_key.hex(),
        signed_prekey_id=bundle.signed_prekey_id,
        signed_prekey=bundle.signed_prekey.hex(),
        signed_prekey_signature=bundle.signed_prekey_signature.hex(),
        one_time_prekey_id=bundle.one_time_prekey_id,
        one_time_prekey=None if bundle.one_time_prekey is None else bundle.one_time_prekey.hex(),
    )
