"""A fault-injecting HTTP/1.1 reverse proxy for tests: clients use its URL as their relay URL, and
it forwards to a real relay, misbehaving as told.

    with HostileProxy(relay.url) as proxy:
        proxy.set(Fault.TRUNCATE, every=2)   # settable while running
        ...
        proxy.set(Fault.CLEAN)
        proxy.done[Fault.TRUNCATE]            # how often it did that

Each answer goes out on a connection of its own (Connection: close), so cutting one cuts nothing
else. Decisions come from a seeded random, so a run is reproducible.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import http.client
import json
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class Fault(enum.Enum):
    CLEAN = "clean"
    DUPLICATE = "duplicate"  # forwarded twice; the client gets the second answer
    REPLAY = "replay"  # a poll answered with an earlier recorded poll answer
    REORDER = "reorder"  # a poll answer's envelopes shuffled
    TRUNCATE = "truncate"  # Content-Length kept, the body cut, the connection closed
    FLIP_ENVELOPE = "flip_envelope"  # one bit flipped inside a base64 envelope (JSON stays valid)
    FLIP_RAW = "flip_raw"  # one bit flipped anywhere in the body
    DROP_ACK = "drop_ack"  # the ack is done at the relay, but its answer never comes
    ERROR_5XX = "error_5xx"  # 503 or 500, not forwarded
    SLOW_LORIS = "slow_loris"  # the answer dribbled a byte at a time, slower than the timeout
    CUT = "cut"  # forwarded, the answer cut halfway with a reset


POLL_ONLY = {Fault.REPLAY, Fault.REORDER, Fault.FLIP_ENVELOPE}


def _is_poll(method: str, path: str) -> bool:
    return method == "GET" and urlsplit(path).path.endswith("/envelopes")


class HostileProxy:
    def __init__(self, upstream: str, seed: int = 14) -> None:
        target = urlsplit(upstream)
        self.upstream = (target.hostname or "127.0.0.1", target.port or 80)
        self.done: Counter[Fault] = Counter()  # faults applied
        self.requests = 0
        self.slow_interval = 2.0  # seconds between dribbled bytes
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._fault = Fault.CLEAN
        self._every = 1
        self._probability = 1.0
        self._seen = 0  # requests the current fault could apply to
        self._polls: dict[str, list[bytes]] = {}  # path -> recorded non-empty poll answers
        # Called with (method, path, stage) before a request is forwarded ("before") and after
        # its answer came ("after"); if it returns True, the client is hung up on, unanswered.
        self.hook: Callable[[str, str, str], bool] | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> HostileProxy:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.set(Fault.CLEAN)
        self._server.shutdown()
        self._server.server_close()

    def set(self, fault: Fault, *, every: int = 1, probability: float = 1.0) -> None:
        """Apply `fault` to every `every`-th request it fits, each time with `probability`."""
        with self._lock:
            self._fault, self._every, self._probability, self._seen = fault, every, probability, 0

    def _decide(self, method: str, path: str) -> Fault:
        """The fault for this request (CLEAN when it does not apply), counted as done."""
        with self._lock:
            self.requests += 1
            fault = self._fault
            if fault is Fault.CLEAN:
                return fault
            if fault in POLL_ONLY and not _is_poll(method, path):
                return Fault.CLEAN
            if fault is Fault.DROP_ACK and not (method == "POST" and path.endswith("/ack")):
                return Fault.CLEAN
            self._seen += 1
            if self._seen % self._every or self._rng.random() >= self._probability:
                return Fault.CLEAN
            return fault

    def _record(self, fault: Fault) -> None:
        with self._lock:
            self.done[fault] += 1

    def _random(self) -> random.Random:
        return self._rng

    # --- forwarding ---------------------------------------------------------------------------

    def _forward(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self.upstream, timeout=120)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            answer = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            return response.status, kept, answer
        finally:
            connection.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: pytest shows stderr of failing tests

            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def do_PUT(self) -> None:
                self._serve()

            def do_PATCH(self) -> None:
                self._serve()

            def do_DELETE(self) -> None:
                self._serve()

            def _serve(self) -> None:
                self.close_connection = True
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                # OSError: the client hung up (after a timeout, say): nothing more to do
                with contextlib.suppress(OSError):
                    proxy._serve(self, self.command, self.path, body)

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler, method: str, path: str, body: bytes) -> None:
        fault = self._decide(method, path)
        headers = list(handler.headers.items())
        if fault is Fault.ERROR_5XX:
            status = self._random().choice((500, 503))
            detail = json.dumps({"error": "hostile", "detail": "a 5xx burst"}).encode()
            self._record(fault)
            _write(handler, _raw(status, [("Content-Type", "application/json")], detail))
            return
        if fault is Fault.REPLAY:
            with self._lock:
                earlier = list(self._polls.get(urlsplit(path).path, []))
            if earlier:
                self._record(fault)
                answer = self._random().choice(earlier)
                _write(handler, _raw(200, [("Content-Type", "application/json")], answer))
                return
        if self._hooked(method, path, "before"):
            return
        status, out_headers, answer = self._forward(method, path, headers, body)
        if self._hooked(method, path, "after"):
            return
        if fault is Fault.DUPLICATE:
            self._record(fault)
            status, out_headers, answer = self._forward(method, path, headers, body)
        if _is_poll(method, path) and status == 200 and b'"envelope_id"' in answer:
            with self._lock:
                self._polls.setdefault(urlsplit(path).path, []).append(answer)
        if fault is Fault.REORDER:
            answer = self._reorder(answer)
        elif fault is Fault.FLIP_ENVELOPE:
            answer = self._flip_envelope(answer)
        elif fault is Fault.FLIP_RAW and answer:
            self._record(fault)
            answer = _flip(answer, self._random())
        raw = _raw(status, out_headers, answer)
        if fault is Fault.DROP_ACK:
            self._record(fault)  # done at the relay; the client hears nothing
        elif fault is Fault.TRUNCATE and answer:
            self._record(fault)
            keep = len(raw) - len(answer) + self._random().randrange(len(answer))
            _write(handler, raw[:keep])
        elif fault is Fault.CUT:
            self._record(fault)
            _write(handler, raw[: len(raw) // 2])
            _reset(handler.connection)
        elif fault is Fault.SLOW_LORIS:
            self._record(fault)
            for number in range(len(raw)):
                handler.wfile.write(raw[number : number + 1])
                handler.wfile.flush()
                time.sleep(self.slow_interval)
        else:
            _write(handler, raw)

    def _hooked(self, method: str, path: str, stage: str) -> bool:
        hook = self.hook
        return hook is not None and hook(method, path, stage)

    def _reorder(self, answer: bytes) -> bytes:
        try:
            data = json.loads(answer)
            envelopes = data["envelopes"]
        except (ValueError, KeyError, TypeError):
            return answer
        if len(envelopes) < 2:
            return answer
        self._record(Fault.REORDER)
        while envelopes == (shuffled := self._random().sample(envelopes, len(envelopes))):
            pass
        data["envelopes"] = shuffled
        return json.dumps(data).encode()

    def _flip_envelope(self, answer: bytes) -> bytes:
        try:
            data = json.loads(answer)
            item = self._random().choice(data["envelopes"])
            envelope = base64.b64decode(item["envelope"])
        except (ValueError, KeyError, TypeError, IndexError):
            return answer
        self._record(Fault.FLIP_ENVELOPE)
        item["envelope"] = base64.b64encode(_flip(envelope, self._random())).decode()
        return json.dumps(data).encode()


def _flip(data: bytes, rng: random.Random) -> bytes:
    bit = rng.randrange(len(data) * 8)
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


def _raw(status: int, headers: list[tuple[str, str]], body: bytes) -> bytes:
    reason = http.client.responses.get(status, "")
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def _write(handler: BaseHTTPRequestHandler, data: bytes) -> None:
    handler.wfile.write(data)
    handler.wfile.flush()


def _reset(connection: socket.socket) -> None:
    """Close with a TCP reset rather than a clean FIN, as a cut cable or a middlebox would."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()
