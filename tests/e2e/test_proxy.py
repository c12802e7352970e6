"""Two real profiles on a real relay, every request through a real SOCKS5 proxy (tests/
socks5_proxy.py): texts, an attachment and long polls get through; the relay sees connections
only from the proxy; a proxy that goes away stops all traffic with a clear error, and nothing
goes direct meanwhile; a changed proxy takes over at once, a long poll in flight included.

The relay sits behind a counting forwarder, so the test knows every connection that reached it
and from where: each must be the onward end of one of the proxy's tunnels. The profiles' relay
address is 127.0.0.1, which a direct connection could reach as well: none does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.service.account import KdfParams, create_profile
from app.service.errors import RelayDown
from app.service.messenger import Messenger
from tests.e2e.support import (
    PASSPHRASE,
    bodies,
    cli,
    conversation_id,
    long_poll,
    pair,
    wait_for,
)
from tests.relay_process import RelayProcess, relay_process
from tests.socks5_proxy import Forwarder, Socks5Proxy

LOGIN = ("tor", "rahasia-sekali")
RELAY_NAME = "relay.bisik.test"  # only the proxy knows where it is


@dataclass
class Routed:
    relay: RelayProcess
    forwarder: Forwarder
    proxy: Socks5Proxy
    a: Messenger
    b: Messenger

    def assert_relay_saw_only_the_proxy(self) -> None:
        """Every connection that reached the relay is the onward end of one of the proxy's
        tunnels, and every tunnel went to the relay's address as the profiles know it."""
        tunnels = self.proxy.tunnels
        assert tunnels
        assert {t.target for t in tunnels} == {("127.0.0.1", self.forwarder.port)}
        upstreams = [t.upstream for t in tunnels if t.upstream is not None]
        assert len(upstreams) == len(tunnels)
        assert sorted(self.forwarder.clients) == sorted(upstreams)


def _profile(folder: Path, name: str, relay_url: str, proxy: str) -> Messenger:
    """A fresh profile whose very first request (publishing its keys) goes through `proxy`,
    which is then stored in it."""
    m = create_profile(
        folder, PASSPHRASE, name, relay_url, kdf=KdfParams.interactive(), proxy=proxy
    )
    m.set_proxy_url(proxy)
    return m


@pytest.fixture
def routed(tmp_path: Path) -> Iterator[Routed]:
    with (
        relay_process(tmp_path / "relay") as relay,
        Forwarder(("127.0.0.1", relay.port)) as forwarder,
        Socks5Proxy() as proxy,
    ):
        url = f"http://127.0.0.1:{forwarder.port}"
        a = _profile(tmp_path / "a", "Ani", url, proxy.url)
        b = _profile(tmp_path / "b", "Budi", url, proxy.url)
        try:
            pair(a, b)
            yield Routed(relay, forwarder, proxy, a, b)
        finally:
            a.lock()
            b.lock()


def test_texts_an_attachment_and_a_long_poll_go_through_the_proxy_only(
    routed: Routed, tmp_path: Path
) -> None:
    a, b = routed.a, routed.b
    errors: list[Exception] = []
    poll = long_poll(b, errors)
    a.send_text(conversation_id(a, b), "lewat proxy")
    a.flush_outbox()
    poll.join(20)
    assert not poll.is_alive() and errors == []
    assert bodies(b, conversation_id(b, a), "in") == ["lewat proxy"]

    data = os.urandom(300_000)
    source = tmp_path / "peta.bin"
    source.write_bytes(data)
    a.send_file(conversation_id(a, b), source)
    a.flush_outbox()
    b.sync_once()
    incoming = b.messages_before(conversation_id(b, a), None, 1)[0]
    assert incoming.kind == "attachment"
    b.save_attachment(incoming.message_id, tmp_path / "saved.bin")
    assert (tmp_path / "saved.bin").read_bytes() == data
    routed.assert_relay_saw_only_the_proxy()


def test_a_proxy_that_is_down_stops_all_traffic_and_nothing_goes_direct(routed: Routed) -> None:
    a, b, proxy = routed.a, routed.b, routed.proxy
    reached = len(routed.forwarder.clients)
    proxy.stop()  # the kept-alive tunnels with it
    a.send_text(conversation_id(a, b), "nanti saja")
    assert a.flush_outbox() == 0 and a.outbox_size() == 1  # kept, to go later
    for m in (a, b):
        with pytest.raises(RelayDown, match=f"through the proxy socks5h://127.0.0.1:{proxy.port}"):
            m.sync_once()
    assert len(routed.forwarder.clients) == reached  # not one connection around the proxy

    proxy.start()  # back, on the same port
    a.sync_once()
    assert a.outbox_size() == 0
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == ["nanti saja"]
    routed.assert_relay_saw_only_the_proxy()


def test_a_changed_proxy_takes_over_at_once_a_long_poll_in_flight_included(
    routed: Routed,
) -> None:
    a, b, first = routed.a, routed.b, routed.proxy
    b.start()  # the background loops: a long poll through the first proxy
    wait_for(lambda: len(first.tunnels) > 0 and b.outbox_size() == 0)
    with Socks5Proxy() as second:
        before = len(first.tunnels)
        b.set_proxy_url(second.url)
        assert b.proxy_url() == second.url
        wait_for(lambda: len(second.tunnels) > 0)  # the receive loop polls again, through it
        assert len(first.tunnels) - before <= 1  # at most one that began as the switch came
        a.send_text(conversation_id(a, b), "lewat proxy kedua")  # a: still the first proxy
        a.flush_outbox()
        wait_for(lambda: bodies(b, conversation_id(b, a), "in") == ["lewat proxy kedua"])
        b.stop()
        assert {t.target for t in second.tunnels} == {("127.0.0.1", routed.forwarder.port)}
        upstreams = {t.upstream for t in [*first.tunnels, *second.tunnels]}
        assert set(routed.forwarder.clients) <= upstreams

    b.set_proxy_url(None)  # direct, from now on
    reached = len(routed.forwarder.clients)
    b.sync_once()
    assert len(routed.forwarder.clients) > reached
    assert not set(routed.forwarder.clients) <= upstreams


def test_a_relay_name_only_the_proxy_resolves_with_a_login_and_bisik_cli(
    tmp_path: Path,
) -> None:
    hosts = {RELAY_NAME: "127.0.0.1"}
    with relay_process(tmp_path / "relay") as relay, Socks5Proxy(login=LOGIN, hosts=hosts) as proxy:
        url = f"http://{RELAY_NAME}:{relay.port}"
        a = _profile(tmp_path / "a", "Ani", url, proxy.url)
        b = _profile(tmp_path / "b", "Budi", url, proxy.url)
        try:
            pair(a, b)
            a.send_text(conversation_id(a, b), "siapa namamu?")
            a.flush_outbox()
        finally:
            a.lock()
            b.lock()
        assert {t.target for t in proxy.tunnels} == {(RELAY_NAME, relay.port)}

        shown = cli(tmp_path / "b", "proxy").stdout
        assert shown == f"Proxy: socks5h://tor:***@127.0.0.1:{proxy.port}\n"
        assert "siapa namamu?" in cli(tmp_path / "b", "sync").stdout
        proxy.stop()
        down = cli(tmp_path / "a", "--proxy", proxy.url, "sync", check=False)
        assert down.returncode == 1
        assert f"through the proxy socks5h://tor:***@127.0.0.1:{proxy.port}" in down.stderr
        assert LOGIN[1] not in down.stderr + down.stdout
