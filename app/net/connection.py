"""The request machinery under `RelayClient`: the mailbox key, signed and anonymous requests on
their separate connections (app/net/transport.py), timeouts, and refusals turned
into exceptions. client.py holds the relay API on top of it."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from nacl import bindings
from nacl._sodium import ffi, lib

from app.net.answers import error_from
from app.net.errors import BadAnswer, RelayUnavailable
from app.net.transport import Proxy, Transport
from app.wire import SignedHeaders, signing_message

NETWORK_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)


class RelayConnection:
    """Requests to one relay, signed by one mailbox key or anonymous (see RelayClient)."""

    def __init__(
        self, base_url: str, identity_seed: bytes, *, timeout: float = 10.0, proxy: str = ""
    ) -> None:
        if len(identity_seed) != 32:
            raise ValueError("the identity seed is 32 bytes")
        parsed_proxy = Proxy.parse(proxy)  # before the key is made: nothing to wipe on a refusal
        self._base_url = base_url.rstrip("/")
        self._base_path = urlsplit(self._base_url).path
        # libsodium's Ed25519 secret key (seed || public) in a bytearray that close() zeroes, not
        # a nacl SigningKey's bytes (net may not import app.crypto.secret: docs/store.md).
        self._secret_key = bytearray(64)
        public = bytearray(32)
        lib.crypto_sign_seed_keypair(
            ffi.from_buffer(public), ffi.from_buffer(self._secret_key), identity_seed
        )
        self._mailbox = bytes(public)
        self._timeout = timeout
        self._transport = Transport(parsed_proxy)

    def close(self) -> None:
        """End every call of this client at once with RelayUnavailable: those in flight (a
        long-poll, a send to a relay that does not answer) and later ones. From any thread."""
        self._transport.close()
        lib.sodium_memzero(ffi.from_buffer(self._secret_key), len(self._secret_key))

    @property
    def mailbox(self) -> bytes:
        """The own mailbox: the identity key's Ed25519 public key."""
        return self._mailbox

    # --- transport ------------------------------------------------------------------------------
    @property
    def _own_path(self) -> str:
        return f"/v1/mailboxes/{self.mailbox.hex()}"

    def _sign(self, message: bytes) -> bytes:
        signed: bytes = bindings.crypto_sign(message, ffi.from_buffer(self._secret_key))
        return signed[: bindings.crypto_sign_BYTES]

    def _signature_headers(self, method: str, path: str, query: str, body: bytes) -> dict[str, str]:
        timestamp, nonce = int(time.time()), secrets.token_hex(16)
        message = signing_message(method, self._base_path + path, query, body, timestamp, nonce)
        return {
            SignedHeaders.TIMESTAMP: str(timestamp),
            SignedHeaders.NONCE: nonce,
            SignedHeaders.SIGNATURE: self._sign(message).hex(),
        }

    def _request(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, str] | None = None,
        body: bytes = b"",
        json_body: object = None,
        headers: dict[str, str] | None = None,
        signed: bool = False,
        timeout: float | None = None,
        stream: bool = False,
    ) -> requests.Response:
        if self._transport.closed:
            raise RelayUnavailable(f"{method} {path}: the relay client is closed")
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        query_string = urlencode(query or {})
        if signed:
            headers.update(self._signature_headers(method, path, query_string, body))
        url = self._base_url + path + (f"?{query_string}" if query_string else "")
        try:
            response = self._transport.session(anonymous=not signed).request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=(self._timeout, timeout or self._timeout),
                stream=stream,
            )
        except NETWORK_ERRORS as error:
            message = self._transport.unreachable(f"{method} {path}", error)
            raise RelayUnavailable(message) from error
        if response.status_code >= 400:
            raise error_from(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self._request(method, path, **kwargs)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise BadAnswer(response.status_code, "the relay's answer is not JSON")
        return answer
