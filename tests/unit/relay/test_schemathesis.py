"""Schemathesis over /openapi.json: generated valid and invalid requests never get a 5xx.

Requests to the test mailbox are signed by a requests auth hook, so the signed operations are
exercised past their signature check too. Bounded by the hypothesis profile (BISIK_LONG=1 for more).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from nacl.signing import SigningKey
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from app.wire import SignedHeaders, signing_message
from tests.postgres_cluster import PostgresCluster
from tests.relay_process import relay_process

KEY = SigningKey(b"\x07" * 32)
MAILBOX = bytes(KEY.verify_key).hex()
EXAMPLES = 500 if settings().max_examples > 100 else 25  # per operation and mode


class SignForTestMailbox(requests.auth.AuthBase):
    """Signs, as the test mailbox's owner, every request to that mailbox (or to the account of
    the same key: its device list)."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        url = urlsplit(request.url or "")
        if f"/mailboxes/{MAILBOX}/" in url.path or f"/accounts/{MAILBOX}/" in url.path:
            body = request.body or b""
            body = body.encode() if isinstance(body, str) else body
            assert isinstance(body, bytes)
            timestamp, nonce = int(time.time()), secrets.token_hex(16)
            method = request.method or "GET"
            message = signing_message(method, url.path, url.query, body, timestamp, nonce)
            request.headers[SignedHeaders.TIMESTAMP] = str(timestamp)
            request.headers[SignedHeaders.NONCE] = nonce
            request.headers[SignedHeaders.SIGNATURE] = KEY.sign(message).signature.hex()
        return request


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def relay_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A relay process on SQLite, or on a fresh PostgreSQL database (`--db postgresql://…`)."""
    args: tuple[str, ...] = ()
    if request.param == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        args = ("--db", cluster.new_database())  # the last --db wins over relay_process's own
    with relay_process(tmp_path_factory.mktemp("fuzz"), *args) as relay:
        yield relay.url


@pytest.fixture(scope="module")
def api_schema(relay_url: str) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{relay_url}/openapi.json")


@pytest.fixture(scope="module")
def signing_session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.auth = SignForTestMailbox()
        yield session


def fuzz(operation: Any, mode: GenerationMode, session: requests.Session) -> None:
    """Call one operation with generated requests; each answer is a 2xx or a 4xx JSON error."""

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def call(case: schemathesis.Case[Any]) -> None:
        for name in ("mailbox", "account"):
            if case.path_parameters and name in case.path_parameters:
                case.path_parameters[name] = MAILBOX
        if case.query and isinstance(case.query.get("wait"), int | float):
            case.query["wait"] = min(case.query["wait"], 0.05)  # keep long-polls short
        response = case.call(session=session, timeout=10)
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400:
            assert set(response.json()) == {"error", "detail"}, operation.label

    call()


@pytest.mark.parametrize("mode", list(GenerationMode))
def test_no_generated_request_gets_a_server_error(
    api_schema: schemathesis.BaseSchema, signing_session: requests.Session, mode: GenerationMode
) -> None:
    results = list(api_schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results)  # every operation of the schema loaded
    assert len(operations) >= 16
    for operation in operations:
        try:
            fuzz(operation, mode, signing_session)
        except Unsatisfiable:
            # An operation without parameters or body (GET /v1/health) has no invalid form.
            assert mode is GenerationMode.NEGATIVE, operation.label
