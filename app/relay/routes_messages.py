"""The message routes: send an envelope to a mailbox (anonymous), long-poll the own mailbox and
acknowledge delivered envelopes (both signed).

One module per concern of the API (docs/relay-api.md); server.py mounts this router under /v1.
A send wakes the polls waiting on its mailbox right after its commit (`Relay.notifier`: in this
process, and on PostgreSQL in every other relay process too).
"""

from __future__ import annotations

import base64
import time
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request

from app.relay import models
from app.relay.deps import MailboxPath, RelayDep, SignedMailbox, octet_stream, spend_token
from app.relay.errors import RelayHTTPError, rate_limited
from app.relay.longpoll import wait_or_hang_up
from app.relay.storage import QuotaExceeded, StoredEnvelope
from app.wire import ENVELOPE_BUCKETS, MAX_POLL_LIMIT, MAX_POLL_WAIT

router = APIRouter()


@router.post(
    "/mailboxes/{mailbox}/envelopes",
    status_code=201,
    response_model=models.EnvelopeCreated,
    openapi_extra=octet_stream(
        f"the envelope; its length must be one of {ENVELOPE_BUCKETS}", ENVELOPE_BUCKETS[-1]
    ),
)
async def send_envelope(
    request: Request,
    mailbox: MailboxPath,
    relay: RelayDep,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", pattern=r"^[A-Za-z0-9._:-]{1,64}$")
    ] = None,
) -> models.EnvelopeCreated:
    """Store an envelope for a mailbox. Anonymous: the sender is inside the envelope."""
    key = bytes.fromhex(mailbox)
    envelope = await request.body()
    if len(envelope) not in ENVELOPE_BUCKETS:
        raise RelayHTTPError(400, f"an envelope's length must be one of {ENVELOPE_BUCKETS}")
    spend_token(relay.sends_per_mailbox, key)
    now = time.time()
    expires, quota = relay.expires_at(now), relay.config.mailbox_quota
    try:
        envelope_id = await relay.run(
            lambda: relay.store.put_envelope(key, envelope, idempotency_key, now, expires, quota)
        )
    except QuotaExceeded:
        detail = "the mailbox holds too many unacknowledged envelopes"
        raise rate_limited(60, detail, "mailbox_full") from None
    relay.notifier.notify(key)
    return models.EnvelopeCreated(envelope_id=envelope_id)


@router.get("/mailboxes/{mailbox}/envelopes", response_model=models.Envelopes)
async def poll_envelopes(
    request: Request,
    key: SignedMailbox,
    relay: RelayDep,
    wait: Annotated[float, Query(ge=0, le=MAX_POLL_WAIT)] = 0.0,
    limit: Annotated[int, Query(ge=1, le=MAX_POLL_LIMIT)] = MAX_POLL_LIMIT,
) -> models.Envelopes:
    """Unacknowledged envelopes, oldest first; with `wait`, answer as soon as one arrives."""

    def fetch() -> list[StoredEnvelope]:
        return relay.store.fetch_envelopes(key, limit, time.time())

    with relay.waiters.watch(key) as arrived:
        stored = await relay.run(fetch)
        if not stored and wait > 0 and await wait_or_hang_up(arrived, request.receive, wait):
            stored = await relay.run_woken(fetch)  # its own lane: not queued behind the sends
    return models.Envelopes(
        envelopes=[
            models.EnvelopeOut(
                envelope_id=item.envelope_id,
                envelope=base64.b64encode(item.envelope).decode("ascii"),
                received_at=item.received_at,
            )
            for item in stored
        ]
    )


@router.post("/mailboxes/{mailbox}/ack", response_model=models.Acked)
async def ack_envelopes(body: models.Ack, key: SignedMailbox, relay: RelayDep) -> models.Acked:
    """Delete delivered envelopes of the own mailbox at once."""
    ids = list(body.envelope_ids)
    return models.Acked(deleted=await relay.run(lambda: relay.store.ack(key, ids)))
