"""RelayClient facing a server that answers garbage: every case is a typed error, never a crash.

A real relay never answers like this, so a small stdlib HTTP server stands in for a broken one.
"""

from __future__ import annotations

import io
import json
import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from app.net import BadAnswer, NotFound, RateLimited, RelayClient, RelayError, RelayUnavailable
from app.wire import KEM_PUBLIC_KEY_LEN, KemPreKey

Answer = tuple[int, dict[str, str], bytes]


class Broken:
    """A server that gives every request the same configurable answer."""

    def __init__(self) -> None:
        self.answer: Answer = (200, {}, b"{}")
        broken = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                status, headers, body = broken.answer
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _reply

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def broken() -> Iterator[Broken]:
    server = Broken()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def json_answer(body: bytes, status: int = 200) -> Answer:
    return status, {"Content-Type": "application/json"}, body


CALLS: dict[str, Callable[[RelayClient], object]] = {
    "poll": lambda c: c.poll(),
    "send": lambda c: c.send(os.urandom(32), b"x" * 1024, "k"),
    "bundle": lambda c: c.fetch_bundle(os.urandom(32)),
    "count": lambda c: c.prekey_count(),
    "kem count": lambda c: c.kem_prekey_count(),
    "upload": lambda c: c.upload_blob(io.BytesIO(b"abc"), 3),
}

GARBAGE: list[Answer] = [
    (200, {}, b"<html>not json</html>"),
    json_answer(b"[1, 2, 3]"),
    json_answer(b'{"envelopes": "nope", "envelope_id": 5, "count": "many"}'),
    json_answer(b'{"envelopes": [{"envelope_id": "a", "envelope": "!!!", "received_at": 1}]}'),
    json_answer(b'{"envelopes": [{"envelope_id": "a"}]}'),
    json_answer(
        b'{"identity_key": "zz", "signed_prekey_id": 1, "signed_prekey": "00",'
        b' "signed_prekey_signature": "00", "one_time_prekey_id": null,'
        b' "one_time_prekey": null}'
    ),
    json_answer(b'{"count": true, "blob_id": null}'),
    json_answer(b'{"trunc'),
]


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("answer", GARBAGE)
def test_garbage_answers_are_bad_answers_worth_retrying(
    broken: Broken, call: str, answer: Answer
) -> None:
    broken.answer = answer
    with pytest.raises(BadAnswer) as error:
        CALLS[call](RelayClient(broken.url, os.urandom(32), timeout=5))
    assert error.value.status == 200 and error.value.error == "bad_response"


# --- the bundle's KEM prekey -----------------------------------------------------------------
KEM = {
    "key_id": 7,
    "public_key": "ab" * KEM_PUBLIC_KEY_LEN,
    "signature": "cd" * 64,
    "last_resort": False,
}


def bundle_answer(**kem: Any) -> Answer:
    """A well-formed bundle answer whose `kem_prekey` is given (or left out with no argument)."""
    bundle = {
        "identity_key": "11" * 32,
        "signed_prekey_id": 1,
        "signed_prekey": "22" * 32,
        "signed_prekey_signature": "33" * 64,
        "one_time_prekey_id": None,
        "one_time_prekey": None,
        **kem,
    }
    return json_answer(json.dumps(bundle).encode())


@pytest.mark.parametrize(
    "kem_prekey",
    [
        "ab" * KEM_PUBLIC_KEY_LEN,  # not an object
        [KEM],
        True,
        {**KEM, "public_key": "ab" * (KEM_PUBLIC_KEY_LEN - 1)},  # truncated
        {**KEM, "public_key": "ab" * (KEM_PUBLIC_KEY_LEN + 1)},  # oversize
        {**KEM, "public_key": "ab" * (KEM_PUBLIC_KEY_LEN - 1) + "a"},  # odd length
        {**KEM, "public_key": "AB" * KEM_PUBLIC_KEY_LEN},  # not what the relay sends
        {**KEM, "public_key": "ab " * KEM_PUBLIC_KEY_LEN},  # spaces: fromhex would take them
        {**KEM, "public_key": "zz" * KEM_PUBLIC_KEY_LEN},
        {**KEM, "public_key": None},
        {**KEM, "signature": "cd" * 63},
        {**KEM, "signature": "cd" * 65},
        {**KEM, "signature": 5},
        {**KEM, "key_id": -1},
        {**KEM, "key_id": 2**32},
        {**KEM, "key_id": "7"},
        {**KEM, "key_id": True},
        {**KEM, "key_id": 7.0},
        {**KEM, "last_resort": 0},
        {**KEM, "last_resort": "false"},
        {**KEM, "last_resort": None},
        {key: value for key, value in KEM.items() if key != "last_resort"},
        {key: value for key, value in KEM.items() if key != "signature"},
        {},
    ],
)
def test_a_malformed_kem_prekey_is_a_bad_answer(broken: Broken, kem_prekey: object) -> None:
    broken.answer = bundle_answer(kem_prekey=kem_prekey)
    with pytest.raises(BadAnswer) as error:
        RelayClient(broken.url, os.urandom(32), timeout=5).fetch_bundle(os.urandom(32))
    assert error.value.error == "bad_response"


def test_a_well_formed_kem_prekey_is_parsed(broken: Broken) -> None:
    client = RelayClient(broken.url, os.urandom(32), timeout=5)
    broken.answer = bundle_answer(kem_prekey={**KEM, "last_resort": True, "later": "ignored"})
    expected = KemPreKey(7, b"\xab" * KEM_PUBLIC_KEY_LEN, b"\xcd" * 64, last_resort=True)
    assert client.fetch_bundle(os.urandom(32)).kem_prekey == expected
    broken.answer = bundle_answer(kem_prekey={**KEM, "key_id": 2**32 - 1})
    kem = client.fetch_bundle(os.urandom(32)).kem_prekey
    assert kem is not None and (kem.key_id, kem.last_resort) == (2**32 - 1, False)
    broken.answer = bundle_answer(kem_prekey=None)
    assert client.fetch_bundle(os.urandom(32)).kem_prekey is None
    broken.answer = bundle_answer()  # a relay from before PQXDH
    assert client.fetch_bundle(os.urandom(32)).kem_prekey is None


@pytest.mark.parametrize("kem_count", ['"3"', "true", "null", "3.5", "[3]"])
def test_a_malformed_kem_count_is_a_bad_answer(broken: Broken, kem_count: str) -> None:
    broken.answer = json_answer(f'{{"count": 3, "kem_count": {kem_count}}}'.encode())
    client = RelayClient(broken.url, os.urandom(32), timeout=5)
    assert client.prekey_count() == 3
    with pytest.raises(BadAnswer):
        client.kem_prekey_count()
    broken.answer = json_answer(b'{"count": 3}')
    with pytest.raises(BadAnswer):
        client.kem_prekey_count()


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ((500, {}, b"<h1>Internal Server Error</h1>"), RelayUnavailable),
        ((503, {}, b"down for maintenance"), RelayUnavailable),
        (json_answer(b'{"error": "not_found", "detail": "no"}', 404), NotFound),
        ((429, {"Retry-After": "soon"}, b""), RateLimited),
        ((418, {}, b"x" * 10_000), RelayError),
    ],
)
def test_error_statuses_map_to_typed_errors(
    broken: Broken, answer: Answer, kind: type[Exception]
) -> None:
    broken.answer = answer
    with pytest.raises(kind) as error:
        RelayClient(broken.url, os.urandom(32), timeout=5).poll()
    if isinstance(error.value, RateLimited):
        assert error.value.retry_after == 1.0
    assert len(str(error.value)) <= 300


def test_a_download_without_content_range_is_refused(broken: Broken) -> None:
    broken.answer = (206, {}, b"some bytes")
    with pytest.raises(BadAnswer) as error:
        RelayClient(broken.url, os.urandom(32)).download_blob("b" * 32, io.BytesIO())
    assert error.value.error == "bad_response"


def test_a_download_cut_short_is_unavailable(broken: Broken) -> None:
    broken.answer = (206, {"Content-Range": "bytes 0-99/100"}, b"only ten b")
    dest = io.BytesIO()
    with pytest.raises(RelayUnavailable):
        RelayClient(broken.url, os.urandom(32)).download_blob("b" * 32, dest)
    assert dest.getvalue() == b"only ten b"  # kept: the next call resumes after it
