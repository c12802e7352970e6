"""The relay as an ASGI app: `create_app(config, store)`, with what wraps every route: the body
limits (`BodyLimit`), the JSON error answers, the per-IP rate limit and the OpenAPI schema.

The routes live by concern in routes_prekeys.py, routes_messages.py, routes_blobs.py and
routes_devices.py (linked devices: device lists and provisioning channels); what they
share (the `Relay` state, the dependencies) in deps.py. Long-polls wait on in-memory events
(`longpoll.Waiters`) that a send sets right after its commit, through the app's `Notifier` (which,
on PostgreSQL, also carries wake-ups between relay processes). Nothing here logs or stores an IP
address: the per-IP rate limit buckets live in memory only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.relay import models, routes_blobs, routes_devices, routes_messages, routes_prekeys
from app.relay.config import RelayConfig
from app.relay.deps import Relay, limit_per_ip, requester
from app.relay.errors import ErrorBody, RelayHTTPError
from app.relay.longpoll import LocalNotifier, Notifier, Waiters
from app.relay.storage import RelayStore
from app.wire import BLOB_CHUNK_MAX, ENVELOPE_BUCKETS

__all__ = ["create_app", "requester"]  # requester moved to deps.py; importable here as before

log = logging.getLogger(__name__)

JSON_BODY_MAX = ENVELOPE_BUCKETS[-1]  # every body except a blob chunk fits in this

router = APIRouter(prefix="/v1")


@router.get("/health", response_model=models.Health)
async def health() -> models.Health:
    return models.Health(status="ok")


# In this order, the order of the paths in the schema: prekeys, envelopes, blobs, devices.
router.include_router(routes_prekeys.router)
router.include_router(routes_messages.router)
router.include_router(routes_blobs.router)
router.include_router(routes_devices.router)


async def _sweep_forever(relay: Relay) -> None:
    """Delete what has expired every `sweep_interval` seconds, for as long as the app runs."""
    while True:
        await asyncio.sleep(relay.config.sweep_interval)
        try:
            await relay.run(lambda: relay.store.expire(time.time()))
        except Exception:  # a failed sweep must not end the sweeping; the next one retries
            log.exception("the expiry sweep failed")


# --- errors, limits and the schema --------------------------------------------------------------
class BodyLimit:
    """Refuses an oversize body with 413 from its Content-Length, before reading a byte of it;
    a body without a Content-Length (chunked) gets 411, and one that stops arriving for
    `timeout` seconds gets 408 (a slow client must not hold a request open forever)."""

    def __init__(self, app: ASGIApp, timeout: float) -> None:
        self.app = app
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            response = JSONResponse(refusal.body(), refusal.status, headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        await self.app(scope, self._body_in_time(receive), send)

    def _body_in_time(self, receive: Receive) -> Receive:
        """`receive`, bounded by the timeout until the body is complete; unbounded after it,
        where a long-poll waits for its client to hang up."""
        body_complete = False

        async def receive_in_time() -> Message:
            nonlocal body_complete
            if body_complete:
                return await receive()
            try:
                async with asyncio.timeout(self.timeout):
                    message = await receive()
            except TimeoutError:
                detail = f"the body stopped arriving for {self.timeout:g} s"
                raise StarletteHTTPException(408, detail, {"Connection": "close"}) from None
            body_complete = message["type"] != "http.request" or not message.get("more_body")
            return message

        return receive_in_time

    @staticmethod
    def _refusal(scope: Scope) -> RelayHTTPError | None:
        headers = dict(scope["headers"])
        limit = BLOB_CHUNK_MAX if scope["method"] == "PATCH" else JSON_BODY_MAX
        length = headers.get(b"content-length")
        if length is None:
            if b"transfer-encoding" in headers:
                return RelayHTTPError(411, "send a Content-Length")
            return None
        if not length.isdigit():
            return RelayHTTPError(400, "the Content-Length is not a number")
        if int(length) > limit:
            return RelayHTTPError(413, f"the body may hold at most {limit} bytes")
        return None


def _error_response(error: RelayHTTPError) -> JSONResponse:
    return JSONResponse(error.body(), error.status, headers=error.headers)


async def _on_relay_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RelayHTTPError)
    return _error_response(error)


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
        for problem in error.errors()[:5]
    )
    return _error_response(RelayHTTPError(400, problems or "invalid request"))


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return _error_response(
        RelayHTTPError(error.status_code, str(error.detail), headers=dict(error.headers or {}))
    )


async def _on_client_gone(request: Request, error: Exception) -> Response:
    """The client hung up before its body was in: nobody is left to answer, and it is no fault
    of the relay (unhandled, it would be logged as a server error with a traceback)."""
    return Response(status_code=400)


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    return _error_response(RelayHTTPError(500, "internal error"))


def _openapi_with_400(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI documents validation failures as 422; the relay answers them with 400."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            for path in schema["paths"].values():
                for operation in path.values():
                    operation["responses"].pop("422", None)
            components = schema.get("components", {}).get("schemas", {})
            components.pop("HTTPValidationError", None)
            components.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    return openapi


def create_app(
    config: RelayConfig,
    store: RelayStore,
    notifier: Callable[[Waiters], Notifier] = LocalNotifier,
    storage_threads: int = 1,
) -> FastAPI:
    """The relay app over `store`; it closes the store when it shuts down. `notifier` builds what
    wakes long-polls (app.relay.backends.notifier_for); `storage_threads` > 1 only for a store
    that is safe to call from several threads at once."""
    relay = Relay(config, store, notifier, storage_threads)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(relay.notifier.start, asyncio.get_running_loop())
        sweeper = asyncio.create_task(_sweep_forever(relay))
        try:
            yield
        finally:
            sweeper.cancel()
            with suppress(asyncio.CancelledError):
                await sweeper
            relay.close()

    error_response = {"model": ErrorBody, "description": "refused"}
    app = FastAPI(
        title="Bisik relay",
        version="1",
        lifespan=lifespan,
        dependencies=[Depends(limit_per_ip)],
        responses={status: error_response for status in (400, 401, 404, 413, 429)},
        docs_url=None,
        redoc_url=None,
    )
    app.state.relay = relay
    app.include_router(router)
    app.add_middleware(BodyLimit, timeout=config.body_timeout)
    app.add_exception_handler(RelayHTTPError, _on_relay_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(ClientDisconnect, _on_client_gone)
    app.add_exception_handler(Exception, _on_unexpected)
    app.openapi = _openapi_with_400(app)  # type: ignore[method-assign]
    return app
