"""The SOCKS5 proxy setting of the relay client: which addresses it takes (socks5h only), that no
password is ever shown, and that with a proxy every connection goes through it, tracked (close
still cuts a long-poll), one-shot for anonymous requests, and never around it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from app.net import BadProxyUrl, RelayClient, RelayUnavailable, check_proxy_url, redacted_proxy
from app.net.transport import MAX_PROXY_URL, Proxy
from app.wire import ENVELOPE_BUCKETS
from tests.e2e.support import waiting_call
from tests.relay_process import RelayProcess
from tests.socks5_proxy import Forwarder, Socks5Proxy

ENVELOPE = os.urandom(ENVELOPE_BUCKETS[0])
LIVENESS = 5.0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("socks5://127.0.0.1:9050", "DNS query leaks"),
        ("SOCKS5://127.0.0.1:9050", "DNS query leaks"),
        ("http://127.0.0.1:8080", "only SOCKS5"),
        ("https://proxy.example:443", "only SOCKS5"),
        ("socks4a://127.0.0.1:9050", "only SOCKS5"),
        ("127.0.0.1:9050", "only SOCKS5"),
        ("garbage", "only SOCKS5"),
        ("socks5h://", "host and a port"),
        ("socks5h://127.0.0.1", "host and a port"),
        ("socks5h://127.0.0.1:0", "host and a port"),
        ("socks5h://127.0.0.1:99999", "not socks5h://host:port"),
        ("socks5h://127.0.0.1:port", "not socks5h://host:port"),
        ("socks5h://[::1:9050", "not socks5h://host:port"),
        ("socks5h://127.0.0.1:9050/path", "nothing after it"),
        ("socks5h://127.0.0.1:9050?x=1", "nothing after it"),
        ("socks5h://user@127.0.0.1:9050", "both a user name and a password"),
        ("socks5h://127.0.0.1:90 50", "spaces"),
        ("socks5h://prøxy:9050", "outside ASCII"),
        ("socks5h://h:1\n", "outside ASCII"),
        ("socks5h://" + "a" * MAX_PROXY_URL + ":1", "longer than"),
        ("socks5h://" + "u" * 256 + ":pw@h:1", "at most 255 bytes"),
    ],
)
def test_anything_but_a_socks5h_address_is_refused_with_the_reason(url: str, message: str) -> None:
    with pytest.raises(BadProxyUrl, match=message):
        check_proxy_url(url)
    with pytest.raises(BadProxyUrl):
        RelayClient("http://127.0.0.1:1", os.urandom(32), proxy=url)


def test_a_refusal_never_repeats_the_address_and_its_password() -> None:
    for url in ("socks5://tor:rahasia-sekali@127.0.0.1:9050", "socks5h://tor:rahasia-sekali@h:x"):
        with pytest.raises(BadProxyUrl) as refused:
            check_proxy_url(url)
        assert "rahasia" not in str(refused.value)
        assert redacted_proxy(url) == "***"


@pytest.mark.parametrize(
    ("url", "parsed", "shown"),
    [
        ("", None, ""),
        ("socks5h://127.0.0.1:9050", Proxy("127.0.0.1", 9050, None), "socks5h://127.0.0.1:9050"),
        ("SOCKS5H://Tor.Local:9150/", Proxy("tor.local", 9150, None), "socks5h://tor.local:9150"),
        ("socks5h://[::1]:9050", Proxy("::1", 9050, None), "socks5h://[::1]:9050"),
        (
            "socks5h://me%40home:p%3Ass@127.0.0.1:1080",
            Proxy("127.0.0.1", 1080, "me@home", "p:ss"),
            "socks5h://me%40home:***@127.0.0.1:1080",
        ),
    ],
)
def test_socks5h_addresses_are_taken_and_shown_without_their_password(
    url: str, parsed: Proxy | None, shown: str
) -> None:
    assert Proxy.parse(url) == parsed
    assert check_proxy_url(url) == url
    assert redacted_proxy(url) == shown
    if parsed is not None:
        assert str(parsed) == repr(parsed)[7:-2] == shown
        assert parsed.password is None or parsed.password not in repr(parsed)


@pytest.fixture
def proxy() -> Iterator[Socks5Proxy]:
    with Socks5Proxy() as running:
        yield running


def _client(relay: RelayProcess, proxy: Socks5Proxy | str, url: str = "") -> RelayClient:
    via = proxy if isinstance(proxy, str) else proxy.url
    return RelayClient(url or relay.url, os.urandom(32), proxy=via)


def test_every_request_goes_through_the_proxy_anonymous_ones_each_on_a_tunnel_of_its_own(
    relay: RelayProcess, proxy: Socks5Proxy
) -> None:
    owner = _client(relay, proxy)
    try:
        for n in range(3):
            assert owner.prekey_count() == 0  # signed: one kept-alive connection
            owner.send(owner.mailbox, ENVELOPE, f"proxied-{n}")  # anonymous: a fresh one each
        assert len(owner.poll()) == 3
    finally:
        owner.close()
    tunnels = proxy.tunnels
    assert len(tunnels) == 1 + 3
    assert {t.target for t in tunnels} == {("127.0.0.1", relay.port)}
    assert all(t.upstream is not None for t in tunnels)
    assert len({t.client for t in tunnels}) == len(tunnels)


def test_through_tor_each_anonymous_request_gets_a_circuit_of_its_own(relay: RelayProcess) -> None:
    """Tor isolates streams by SOCKS login: the signed connections share one made-up login, and
    each anonymous one has a login no other connection used, so no two share an exit."""
    with Socks5Proxy(isolating=True) as tor:
        owner = _client(relay, tor)
        try:
            owner.prekey_count()  # signed
            for n in range(3):
                owner.send(owner.mailbox, ENVELOPE, f"isolated-{n}")  # anonymous
            owner.poll()  # signed, on the kept-alive connection: no new tunnel
        finally:
            owner.close()
        other = _client(relay, tor)
        try:
            other.prekey_count()  # another client's signed connection
        finally:
            other.close()
        logins = [t.login for t in tor.tunnels]
    assert len(logins) == 5 and None not in logins
    signed, *anonymous, other_signed = logins
    assert len({signed, *anonymous, other_signed}) == 5


def test_the_environment_cannot_send_requests_around_the_setting(
    relay: RelayProcess, proxy: Socks5Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "socks5h://127.0.0.1:1")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    direct, proxied = _client(relay, ""), _client(relay, proxy)
    try:
        assert direct.prekey_count() == 0
        assert proxied.prekey_count() == 0
    finally:
        direct.close()
        proxied.close()
    assert len(proxy.tunnels) == 1


def test_a_proxy_that_is_down_stops_every_request_and_none_goes_direct(
    relay: RelayProcess,
) -> None:
    login = ("tor", "rahasia-sekali")
    with Forwarder(("127.0.0.1", relay.port)) as forwarder, Socks5Proxy(login=login) as proxy:
        client = _client(relay, proxy, f"http://127.0.0.1:{forwarder.port}")
        try:
            assert client.prekey_count() == 0
            proxy.stop()  # the kept-alive tunnel goes with it
            for call in (
                client.prekey_count,
                lambda: client.send(client.mailbox, ENVELOPE, "down"),
                lambda: client.create_blob(10),
                client.poll,
            ):
                with pytest.raises(RelayUnavailable) as down:
                    call()
                shown = str(down.value)
                assert f"through the proxy socks5h://tor:***@127.0.0.1:{proxy.port}" in shown
                assert "rahasia" not in shown
        finally:
            client.close()
        assert len(forwarder.clients) == 1  # the one request before the proxy went away
        assert [t.upstream for t in proxy.tunnels] == forwarder.clients


def test_a_wrong_proxy_password_is_refused_and_not_shown(relay: RelayProcess) -> None:
    with Socks5Proxy(login=("tor", "the-right-one")) as proxy:
        client = _client(relay, f"socks5h://tor:not-this-one@127.0.0.1:{proxy.port}")
        try:
            with pytest.raises(RelayUnavailable) as refused:
                client.prekey_count()
        finally:
            client.close()
        assert "not-this-one" not in str(refused.value) and "tor:***@" in str(refused.value)
        assert proxy.refused_logins == 1 and proxy.tunnels == []


def test_the_proxy_resolves_the_relays_name(relay: RelayProcess) -> None:
    with Socks5Proxy(hosts={"relay.bisik.test": "127.0.0.1"}) as proxy:
        client = _client(relay, proxy, f"http://relay.bisik.test:{relay.port}")
        try:
            client.send(client.mailbox, ENVELOPE, "by-name")
            assert [d.envelope for d in client.poll()] == [ENVELOPE]
        finally:
            client.close()
    assert {t.target for t in proxy.tunnels} == {("relay.bisik.test", relay.port)}


def test_close_ends_a_long_poll_through_the_proxy(relay: RelayProcess, proxy: Socks5Proxy) -> None:
    poller = _client(relay, proxy)
    poller.poll()  # a connection to reuse, as the receive loop has
    errors: list[Exception] = []
    thread = waiting_call(lambda: poller.poll(wait=20), errors, LIVENESS)
    poller.close()
    thread.join(LIVENESS)
    assert not thread.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], RelayUnavailable)
    with pytest.raises(RelayUnavailable, match="closed"):
        poller.poll()
