"""What every route module of the relay shares: the `Relay` state of one app and the FastAPI
dependencies around it (the relay itself, rate limits, signed mailbox requests, path parameters).

It sits apart from server.py so that the route modules and the app factory can both import it
without importing each other. Storage calls run off the event loop on the storage threads: one
for SQLite, a few for PostgreSQL, whose connection pool is thread-safe. With more than one, a
woken long-poll reads its envelopes on threads of its own (`run_woken`), so that under load its
answer does not queue behind every send waiting for a storage thread.
Nothing here logs or stores an IP address: the per-IP rate limit buckets live in memory only.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Path, Request
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from app.relay import models
from app.relay.config import WOKEN_POLL_THREADS, RelayConfig
from app.relay.errors import RelayHTTPError, rate_limited
from app.relay.longpoll import LocalNotifier, Notifier, Waiters
from app.relay.ratelimit import TokenBuckets
from app.relay.storage import RelayStore
from app.wire import CLOCK_SKEW_SECONDS, NONCE_WINDOW_SECONDS, SignedHeaders, signing_message

T = TypeVar("T")


class Relay:
    """Everything a request handler needs: configuration, storage, waiters and rate limits."""

    def __init__(
        self,
        config: RelayConfig,
        store: RelayStore,
        notifier: Callable[[Waiters], Notifier] = LocalNotifier,
        storage_threads: int = 1,
    ) -> None:
        self.config = config
        self.store = store
        self.waiters = Waiters()
        self.notifier = notifier(self.waiters)
        self._storage_thread = ThreadPoolExecutor(storage_threads, thread_name_prefix="relay-store")
        self._woken_thread = (
            ThreadPoolExecutor(WOKEN_POLL_THREADS, thread_name_prefix="relay-woken")
            if storage_threads > 1
            else self._storage_thread
        )
        limits = config.rate_limits  # None: no limits at all
        self.per_ip = TokenBuckets(None if limits is None else limits.per_ip)
        # Sends to a mailbox and its owner's signed requests spend separate buckets of the same
        # limit: anonymous senders must not be able to lock an owner out of its own mailbox.
        self.sends_per_mailbox = TokenBuckets(None if limits is None else limits.per_mailbox)
        self.owner_per_mailbox = TokenBuckets(None if limits is None else limits.per_mailbox)
        self.bundle_per_ip = TokenBuckets(None if limits is None else limits.bundle_per_ip)
        self.bundle_per_target = TokenBuckets(None if limits is None else limits.bundle_per_target)
        self.lookups_per_ip = TokenBuckets(None if limits is None else limits.lookups_per_ip)
        self.provisioning_per_ip = TokenBuckets(
            None if limits is None else limits.provisioning_per_ip
        )

    def run(self, call: Callable[[], T]) -> Awaitable[T]:
        """Run a storage call on a storage thread."""
        return asyncio.get_running_loop().run_in_executor(self._storage_thread, call)

    def run_woken(self, call: Callable[[], T]) -> Awaitable[T]:
        """Run the read of a woken long-poll: on its own lane where the store allows threads."""
        return asyncio.get_running_loop().run_in_executor(self._woken_thread, call)

    def expires_at(self, now: float) -> float:
        return now + self.config.ttl_seconds

    def close(self) -> None:
        self.notifier.close()
        self._woken_thread.shutdown(wait=True)
        self._storage_thread.shutdown(wait=True)
        self.store.close()


def relay_of(request: Request) -> Relay:
    """The `Relay` of the app serving `request` (create_app puts it in the app's state)."""
    relay: Relay = request.app.state.relay
    return relay


def spend_token(buckets: TokenBuckets, key: object) -> None:
    """Take a token of `key`'s bucket, or refuse the request with 429."""
    retry_after = buckets.take(key, time.monotonic())
    if retry_after:
        raise rate_limited(retry_after)


def requester(request: Request) -> str:
    """The rate-limit key of the requesting address (in memory only): the IPv4 address, or the
    IPv6 /64 network, since one IPv6 host commonly holds a whole /64 to hop around in."""
    host = request.client.host if request.client else ""
    if ":" not in host:
        return host
    try:
        return str(ipaddress.IPv6Network((host, 64), strict=False))
    except ValueError:  # not an address (a test client's name, say): the name itself
        return host


async def limit_per_ip(request: Request) -> None:
    """Every request spends a token of its IP's bucket."""
    spend_token(relay_of(request).per_ip, requester(request))


MailboxPath = Annotated[
    str,
    Path(pattern=models.MAILBOX_PATTERN, description="the mailbox: an Ed25519 public key, hex"),
]


Timestamp = Annotated[int, Header(alias=SignedHeaders.TIMESTAMP, ge=0, le=2**40)]
Nonce = Annotated[str, Header(alias=SignedHeaders.NONCE, pattern=r"^[0-9a-f]{32}$")]
Signature = Annotated[str, Header(alias=SignedHeaders.SIGNATURE, pattern=r"^[0-9a-f]{128}$")]


async def _signed_by(
    request: Request, key: bytes, timestamp: int, nonce: str, signature: str
) -> bytes:
    """`key`, if the request is signed by it (see app.wire.signing); else 401."""
    relay = relay_of(request)
    now = time.time()
    if abs(now - timestamp) > CLOCK_SKEW_SECONDS:
        raise RelayHTTPError(401, "the request's timestamp is too far from the relay's clock")
    message = signing_message(
        request.method,
        request.scope.get("raw_path", request.scope["path"].encode()).decode("latin-1"),
        request.scope["query_string"].decode("latin-1"),
        await request.body(),
        timestamp,
        nonce,
    )
    try:
        VerifyKey(key).verify(message, bytes.fromhex(signature))
    except (CryptoError, ValueError):
        raise RelayHTTPError(401, "the signature does not verify for this key") from None
    expires = now + NONCE_WINDOW_SECONDS
    if await relay.run(lambda: relay.store.nonce_seen(key, nonce, now, expires)):
        raise RelayHTTPError(401, "this nonce was used already (replayed request)")
    spend_token(relay.owner_per_mailbox, key)
    return key


async def signed_mailbox(
    request: Request,
    mailbox: MailboxPath,
    timestamp: Timestamp,
    nonce: Nonce,
    signature: Signature,
) -> bytes:
    """The mailbox key of a request signed by it, or 401."""
    return await _signed_by(request, bytes.fromhex(mailbox), timestamp, nonce, signature)


AccountPath = Annotated[
    str,
    Path(
        pattern=models.MAILBOX_PATTERN,
        description="the account: its Ed25519 identity key, hex (the first device's mailbox)",
    ),
]


async def signed_account(
    request: Request,
    account: AccountPath,
    timestamp: Timestamp,
    nonce: Nonce,
    signature: Signature,
) -> bytes:
    """The identity key of an account whose request it signed (as a mailbox owner signs), or
    401. Nonces and the owner's rate limit are shared with the mailbox of the same key."""
    return await _signed_by(request, bytes.fromhex(account), timestamp, nonce, signature)


SignedMailbox = Annotated[bytes, Depends(signed_mailbox)]
SignedAccount = Annotated[bytes, Depends(signed_account)]


async def _relay_dependency(request: Request) -> Relay:
    """`relay_of` as a dependency. Async on purpose: FastAPI runs a plain `def` dependency on a
    worker thread, a thread hop per request that cost a PostgreSQL relay a third of its sends."""
    return relay_of(request)


RelayDep = Annotated[Relay, Depends(_relay_dependency)]


def octet_stream(description: str, max_length: int) -> dict[str, Any]:
    """OpenAPI for a raw-bytes request body (FastAPI cannot infer it from the handler)."""
    schema = {"type": "string", "format": "binary", "maxLength": max_length}
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/octet-stream": {"schema": schema}},
        }
    }
