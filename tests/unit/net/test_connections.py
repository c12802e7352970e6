"""Anonymous requests never share a TCP connection with signed ones, nor with each other.

A real relay runs in-process behind a middleware that notes, for each request, the client's
(host, port) as the relay sees it and whether the request was signed. It also sets a cookie on
every answer, as a relay that wanted to track its clients would.
"""

from __future__ import annotations

import io
import os
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from nacl.signing import SigningKey
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.net import RelayClient, RelayUnavailable
from app.relay.config import RelayConfig
from app.relay.server import create_app
from app.relay.sqlite_store import SqliteRelayStore
from app.wire import ENVELOPE_BUCKETS, SignedHeaders, SignedPreKey
from tests.e2e.support import reading_an_answer, wait_for
from tests.unit.relay.test_server import served

ROUNDS = 4
LIVENESS = 5.0  # generous: without close() the send below would wait out its 30 s
ENVELOPE_ID = b'{"envelope_id": "x"}'
SIGNATURE = SignedHeaders.SIGNATURE.lower().encode()


@dataclass(frozen=True)
class Seen:
    """One request as the relay saw it."""

    client: tuple[str, int]
    signed: bool
    cookie: bool
    status: int


class Recorder:
    """ASGI middleware: appends a `Seen` per HTTP request and sets a tracking cookie."""

    def __init__(self, app: ASGIApp, seen: list[Seen]) -> None:
        self.app = app
        self.seen = seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host, port = scope["client"]
        headers = dict(scope["headers"])
        signed, cookie_sent = SIGNATURE in headers, b"cookie" in headers

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.seen.append(Seen((host, port), signed, cookie_sent, message["status"]))
                cookie = (b"set-cookie", f"track={len(self.seen)}; Path=/".encode())
                message = {**message, "headers": [*message.get("headers", []), cookie]}
            await send(message)

        await self.app(scope, receive, answer)


def envelope() -> bytes:
    return os.urandom(ENVELOPE_BUCKETS[0])


def test_anonymous_requests_each_get_a_fresh_connection_without_cookies() -> None:
    seen: list[Seen] = []
    app = create_app(RelayConfig(rate_limits=None), SqliteRelayStore(":memory:"))
    app.add_middleware(Recorder, seen=seen)
    with served(app) as (host, port):
        url = f"http://{host}:{port}"
        peer_seed, public = os.urandom(32), os.urandom(32)
        owner, peer = RelayClient(url, os.urandom(32)), RelayClient(url, peer_seed)
        signed_prekey = SignedPreKey(
            1, public, SigningKey(peer_seed).sign(b"\x05" + public).signature
        )
        peer.publish_prekeys(signed_prekey, [(n, os.urandom(32)) for n in range(ROUNDS)])
        ref = owner.upload_blob(io.BytesIO(b"attachment"), 10)  # create, status, one chunk
        for n in range(ROUNDS):  # signed and anonymous calls interleaved on one thread
            owner.publish_prekeys(None, [(n, os.urandom(32))])
            owner.send(peer.mailbox, envelope(), f"to-peer-{n}")
            owner.send(owner.mailbox, envelope(), f"to-self-{n}")
            [delivery] = owner.poll(wait=0)
            owner.fetch_bundle(peer.mailbox)
            owner.ack([delivery.envelope_id])
            owner.download_blob(ref.blob_id, io.BytesIO(), size=10)
            assert owner.prekey_count() == n + 1
        owner.close()
        peer.close()

    signed = [request for request in seen if request.signed]
    anonymous = [request for request in seen if not request.signed]
    assert (len(signed), len(anonymous)) == (1 + 4 * ROUNDS, 3 + 4 * ROUNDS)
    assert all(request.status < 400 for request in seen), seen
    signed_clients = {request.client for request in signed}
    anonymous_clients = [request.client for request in anonymous]
    assert signed_clients.isdisjoint(anonymous_clients)
    assert len(set(anonymous_clients)) == len(anonymous_clients)
    assert not any(request.cookie for request in anonymous)
    # the test can tell: signed requests keep their connection alive and send the cookie back
    assert len(signed_clients) < len(signed) and any(request.cookie for request in signed)


def test_anonymous_connections_close_even_where_the_server_would_keep_them() -> None:
    clients: list[tuple[str, int]] = []

    class KeepAlive(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            clients.append(self.client_address[:2])
            self.send_response(201)
            self.send_header("Content-Length", str(len(ENVELOPE_ID)))
            self.end_headers()
            self.wfile.write(ENVELOPE_ID)
            self.close_connection = False  # deaf to the client's `Connection: close`

        def log_message(self, *args: object) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), KeepAlive) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sender = RelayClient(f"http://127.0.0.1:{server.server_address[1]}", os.urandom(32))
        for n in range(3):
            assert sender.send(os.urandom(32), envelope(), f"keep-{n}") == "x"
        server.shutdown()
    assert len(set(clients)) == 3  # the client hung up after each answer


def test_close_cuts_an_anonymous_send_in_flight() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # the kernel accepts; nobody answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        sender = RelayClient(url, os.urandom(32), timeout=30)
        errors: list[Exception] = []

        def send() -> None:
            try:
                sender.send(os.urandom(32), envelope(), "stuck")
            except Exception as exc:  # collected: the test looks at it
                errors.append(exc)

        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        wait_for(lambda: reading_an_answer(thread), LIVENESS)  # sent, waiting for the answer
        sender.close()
        thread.join(LIVENESS)
        assert not thread.is_alive()
        assert len(errors) == 1 and isinstance(errors[0], RelayUnavailable), errors
