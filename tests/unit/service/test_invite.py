"""Invite links: both forms round trip; any alteration is refused with a clear message."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.signing import SigningKey

from app.service.errors import InvalidInvite
from app.service.invite import Invite, make_link, parse_link
from app.session import account_id

SEED = bytes(range(32))
INVITE = Invite(
    relay_url="https://relay.example:8443",
    account_id=account_id(bytes(SigningKey(SEED).verify_key)),
    identity_key=bytes(SigningKey(SEED).verify_key),
    display_name="Budi Santoso",
)


def test_bisik_link_round_trips() -> None:
    link = make_link(INVITE, SEED)
    assert link.startswith("bisik:invite/")
    assert parse_link(link) == INVITE


def test_https_link_carries_the_same_token_in_the_fragment() -> None:
    link = make_link(INVITE, SEED, https=True)
    assert link.startswith("https://relay.example:8443/invite#")
    assert link.split("#")[1] == make_link(INVITE, SEED).removeprefix("bisik:invite/")
    assert parse_link(f"  {link}\n") == INVITE


def test_display_name_is_optional() -> None:
    bare = Invite(INVITE.relay_url, INVITE.account_id, INVITE.identity_key)
    assert parse_link(make_link(bare, SEED)) == bare


def test_link_signed_by_another_key_is_refused() -> None:
    link = make_link(INVITE, bytes(32))
    with pytest.raises(InvalidInvite, match="altered"):
        parse_link(link)


def test_every_single_character_change_is_refused() -> None:
    link = make_link(INVITE, SEED)
    prefix = len("bisik:invite/")
    for i in range(prefix, len(link)):
        replacement = "A" if link[i] != "A" else "B"
        tampered = link[:i] + replacement + link[i + 1 :]
        try:
            parsed = parse_link(tampered)
        except InvalidInvite:
            continue
        # base64 padding bits may absorb a change; then the decoded link is the same one
        assert parsed == INVITE


@pytest.mark.parametrize(
    "link",
    [
        "",
        "hello",
        "bisik:invite/",
        "bisik:invite/.",
        "bisik:invite/!!!.!!!",
        "bisik:invite/" + "A" * 5000,
        "https://relay.example/other#abc",
        "ftp://relay.example/invite#abc",
        "bisik:invite/e30.AAAA",  # {} with a short signature
    ],
)
def test_garbage_links_are_refused(link: str) -> None:
    with pytest.raises(InvalidInvite):
        parse_link(link)


@pytest.mark.parametrize(
    "relay",
    ["javascript:alert(1)", "relay.example", "https://", "file:///etc/passwd", "http://[::1"],
)
def test_signed_link_with_a_bad_relay_url_is_refused(relay: str) -> None:
    invite = Invite(relay, INVITE.account_id, INVITE.identity_key)
    with pytest.raises(InvalidInvite, match="relay"):
        parse_link(make_link(invite, SEED))


@given(st.text(max_size=400))
def test_random_text_never_escapes_the_typed_error(text: str) -> None:
    with contextlib.suppress(InvalidInvite):
        parse_link(text)
