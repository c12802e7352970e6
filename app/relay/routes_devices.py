"""The linked-device routes (docs/devices.md): an account's device list, published signed by its
identity key and fetched by anyone; and provisioning channels, which carry the one encrypted
message that links a new device.

One module per concern of the API (docs/relay-api.md); server.py mounts this router under /v1.
A device list is a public statement: the relay checks that the account's identity key signed it
(the account is the key in the path, so that is all it can check) and keeps only the newest
revision. A provisioning message is opaque, bucket-sized and held at most `provisioning_ttl`.
"""

from __future__ import annotations

import base64
import time
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from app.relay import models
from app.relay.deps import (
    AccountPath,
    RelayDep,
    SignedAccount,
    octet_stream,
    requester,
    spend_token,
)
from app.relay.errors import ErrorBody, RelayHTTPError
from app.relay.longpoll import provisioning_waiter, wait_or_hang_up
from app.relay.storage import StaleRevision
from app.wire import (
    DEVICE_LIST_MAX,
    MAX_POLL_WAIT,
    PROVISIONING_BUCKETS,
    BadStatement,
    statement_header,
)

ChannelPath = Annotated[
    str,
    Path(pattern=models.MAILBOX_PATTERN, description="the channel id: 32 random bytes, hex"),
]

CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "refused: a newer or other one is held"}
}

router = APIRouter()


@router.put(
    "/accounts/{account}/devices",
    status_code=204,
    responses=CONFLICT,
    openapi_extra=octet_stream("the signed device list statement", DEVICE_LIST_MAX),
)
async def publish_devices(request: Request, key: SignedAccount, relay: RelayDep) -> Response:
    """Keep the account's device list if its revision is newer than the one held (the same
    statement again is fine); 409 if not. Signed by the identity key, as is the statement."""
    statement = await request.body()
    if len(statement) > DEVICE_LIST_MAX:
        raise RelayHTTPError(413, f"a device list is at most {DEVICE_LIST_MAX} bytes")
    try:
        header = statement_header(statement)
    except BadStatement as error:
        raise RelayHTTPError(400, str(error)) from None
    if header.identity_key != key:
        raise RelayHTTPError(400, "the statement names another account")
    try:
        VerifyKey(key).verify(header.signed, header.signature)
    except (CryptoError, ValueError):
        raise RelayHTTPError(400, "the statement is not signed by the account's key") from None
    now = time.time()
    try:
        await relay.run(
            lambda: relay.store.publish_device_list(key, header.revision, statement, now)
        )
    except StaleRevision as stale:
        detail = f"the relay holds revision {stale.current}; publish a newer one"
        raise RelayHTTPError(409, detail) from None
    return Response(status_code=204)


@router.get("/accounts/{account}/devices", response_model=models.DeviceListOut)
async def fetch_devices(
    request: Request, account: AccountPath, relay: RelayDep
) -> models.DeviceListOut:
    """The account's newest device list. Unsigned, so the relay does not learn who asks."""
    spend_token(relay.lookups_per_ip, requester(request))
    key = bytes.fromhex(account)
    statement = await relay.run(lambda: relay.store.device_list(key))
    if statement is None:
        raise RelayHTTPError(404, "this account has published no device list")
    return models.DeviceListOut(
        revision=statement_header(statement).revision,
        statement=base64.b64encode(statement).decode("ascii"),
    )


@router.put(
    "/provisioning/{channel}",
    status_code=204,
    responses=CONFLICT,
    openapi_extra=octet_stream(
        f"the encrypted message; its length must be one of {PROVISIONING_BUCKETS}",
        PROVISIONING_BUCKETS[-1],
    ),
)
async def put_provisioning(request: Request, channel: ChannelPath, relay: RelayDep) -> Response:
    """Hold the channel's one message for the device being linked; 409 if the channel was
    used already (until it expires). Anonymous."""
    spend_token(relay.provisioning_per_ip, requester(request))
    message = await request.body()
    if len(message) not in PROVISIONING_BUCKETS:
        raise RelayHTTPError(400, f"a message's length must be one of {PROVISIONING_BUCKETS}")
    key, now = bytes.fromhex(channel), time.time()
    expires = now + relay.config.provisioning_ttl
    if not await relay.run(lambda: relay.store.put_provisioning(key, message, now, expires)):
        raise RelayHTTPError(409, "this channel holds a message already")
    relay.notifier.notify(provisioning_waiter(key))
    return Response(status_code=204)


@router.get("/provisioning/{channel}", response_model=models.ProvisioningOut)
async def wait_provisioning(
    request: Request,
    channel: ChannelPath,
    relay: RelayDep,
    wait: Annotated[float, Query(ge=0, le=MAX_POLL_WAIT)] = 0.0,
) -> models.ProvisioningOut:
    """The channel's message, erased as it is handed out; with `wait`, answer as soon as it
    arrives (null when the wait passes first). Anonymous: the channel id is the capability."""
    spend_token(relay.provisioning_per_ip, requester(request))
    key = bytes.fromhex(channel)

    def take() -> bytes | None:
        return relay.store.take_provisioning(key, time.time())

    with relay.waiters.watch(provisioning_waiter(key)) as arrived:
        message = await relay.run(take)
        if message is None and wait > 0 and await wait_or_hang_up(arrived, request.receive, wait):
            message = await relay.run_woken(take)
    encoded = None if message is None else base64.b64encode(message).decode("ascii")
    return models.ProvisioningOut(message=encoded)
