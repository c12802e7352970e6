"""HTTP sessions that another thread can hang up: `RelayClient.close` ends a request blocked on its
socket (a long-poll waits up to 30 s for the relay's answer) at once.

requests cannot interrupt a request in flight, and closing a session closes only its idle
connections. So every connection a `Transport` opens registers itself, and `close` shuts their
sockets down: a thread blocked reading one sees the end of the stream, and requests raises a
ConnectionError, as if the relay had hung up.

Anonymous (unsigned) requests get sessions of their own, so that the relay cannot link a sealed
send to the sender's signed polls by the keep-alive connection they would otherwise share. Those
sessions keep no cookies and never reuse a connection: each anonymous request opens a fresh one and
closes it after its answer (as RFC 9112 asks of a client that sends `Connection: close`, whatever
the server answers), so two anonymous requests are not linkable by connection either. Python's ssl
never resumes a TLS session unasked, so no session ticket links them.

A proxy, if set, is a SOCKS5 one named `socks5h://[user:password@]host:port`: the `h` means the
proxy resolves the relay's name too (as Tor's SOCKS port does), so no DNS query leaves this
machine; `socks5://` would resolve it here and is refused. Every connection, signed or anonymous,
then goes through it, and one that cannot reach the proxy fails: there is no direct fallback.

Circuits: a proxy set without a login is offered a made-up RFC 1929 login on each connection
(besides "no login", so a proxy that wants none still works): one for all of a client's signed
connections, and a fresh random one for every anonymous connection. Tor isolates streams by SOCKS
login (IsolateSOCKSAuth, on by default), so each anonymous request leaves through a circuit of its
own, and the relay cannot tie a send to the owner's polls by a shared exit address either.
requests' own SOCKS support is urllib3.contrib.socks over PySocks; its connection classes are
used here, tracked like the direct ones, so `close` still cuts them.

Sessions ignore the environment (`trust_env = False`), with or without a proxy: HTTP(S)_PROXY
would send requests through a proxy of requests' own choosing, on connections `close` cannot cut
and that an HTTP proxy may pool, signed and anonymous alike, towards the relay; and .netrc would
send credentials to it. The proxy setting is the only route. The CA bundle variables
(REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE) are still honoured, as requests would.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import threading
import weakref
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.contrib.socks import SOCKSConnection, SOCKSHTTPSConnection

from app.net.errors import BadProxyUrl

if TYPE_CHECKING:
    from urllib3._base_connection import BaseHTTPConnection


MAX_PROXY_URL = 1024
_SOCKS5 = 2  # socks.PROXY_TYPE_SOCKS5
_SOCKS5_FIELD_MAX = 255  # RFC 1929: a user name or password is at most 255 bytes


@dataclass(frozen=True)
class Proxy:
    """A parsed `socks5h://` proxy. `str()` is its URL with the password replaced by ***."""

    host: str
    port: int
    username: str | None
    password: str | None = None

    @classmethod
    def parse(cls, url: str) -> Proxy | None:
        """The proxy `url` names, None for "" (no proxy); BadProxyUrl for anything else."""
        if not url:
            return None
        if len(url) > MAX_PROXY_URL:
            raise BadProxyUrl(f"the proxy address is longer than {MAX_PROXY_URL} characters")
        if not (url.isascii() and url.isprintable()) or " " in url:
            raise BadProxyUrl("the proxy address holds spaces or characters outside ASCII")
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        if scheme == "socks5":
            raise BadProxyUrl(
                "socks5:// would look up the relay's name on this machine, outside the proxy, "
                "and that DNS query leaks which relay you use: write socks5h:// instead"
            )
        if scheme != "socks5h":
            raise BadProxyUrl("only SOCKS5 proxies are supported: socks5h://host:port")
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise BadProxyUrl("the proxy address is not socks5h://host:port") from None
        if not parts.hostname or port is None or port == 0:
            raise BadProxyUrl("the proxy address needs a host and a port: socks5h://host:port")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise BadProxyUrl("the proxy address is socks5h://host:port, with nothing after it")
        username = None if parts.username is None else unquote(parts.username)
        password = None if parts.password is None else unquote(parts.password)
        if bool(username) != bool(password):
            raise BadProxyUrl("a proxy login needs both a user name and a password")
        for field in (username, password):
            if field is not None and len(field.encode()) > _SOCKS5_FIELD_MAX:
                raise BadProxyUrl("a proxy user name or password is at most 255 bytes")
        return cls(parts.hostname, port, username, password)

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        login = f"{quote(self.username, safe='')}:***@" if self.username else ""
        return f"socks5h://{login}{host}:{self.port}"

    def __repr__(self) -> str:
        return f"Proxy({str(self)!r})"

    def socks_options(self, circuit: str) -> dict[str, Any]:
        """What urllib3's SOCKS connections take; rdns: the proxy resolves names. Without a
        login of its own, `circuit` is offered as one (module docstring, "Circuits")."""
        username, password = self.username, self.password
        if not username:
            username, password = "bisik", circuit
        return {
            "socks_version": _SOCKS5,
            "proxy_host": self.host,
            "proxy_port": self.port,
            "username": username,
            "password": password,
            "rdns": True,
        }


def check_proxy_url(url: str) -> str:
    """`url` itself if it is a usable proxy setting ("" for none); BadProxyUrl otherwise."""
    Proxy.parse(url)
    return url


def redacted_proxy(url: str) -> str:
    """A proxy setting fit to print or log: the password replaced by ***, "" for none. Of a
    setting that does not parse, nothing is shown ("***"): where a password in it ends is
    unknown."""
    try:
        proxy = Proxy.parse(url)
    except BadProxyUrl:
        return "***"
    return "" if proxy is None else str(proxy)


class Transport:
    """Two requests.Sessions per thread (a session is not thread-safe), all closed together: one
    for signed requests, which keeps its connections alive, and one for anonymous requests. With
    a `proxy`, every connection of both goes through it."""

    def __init__(self, proxy: Proxy | None = None) -> None:
        self.proxy = proxy
        self.signed_circuit = secrets.token_hex(16)  # the signed connections' SOCKS login
        self._lock = threading.Lock()
        self._local = threading.local()
        # weak: a session dies with its thread, a connection with its pool
        self._sessions: weakref.WeakSet[requests.Session] = weakref.WeakSet()
        self._connections: weakref.WeakSet[HTTPConnection] = weakref.WeakSet()
        self.closed = False

    def session(self, *, anonymous: bool = False) -> requests.Session:
        """The calling thread's session for signed requests, or with `anonymous` its session for
        unsigned ones: no cookies, `Connection: close` and a fresh connection per request."""
        kind = "anonymous" if anonymous else "signed"
        session: requests.Session | None = getattr(self._local, kind, None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # the proxy setting is the only route (module docstring)
            session.verify = (
                os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
            )
            adapter = _Adapter(self, one_shot=anonymous)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            if anonymous:
                # allowed for no domain: accepts no cookie and sends none, since a cookie would
                # tie anonymous requests together
                session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
                session.headers["Connection"] = "close"  # the relay hangs up too
            setattr(self._local, kind, session)
            with self._lock:
                self._sessions.add(session)
        return session

    def close(self) -> None:
        """Cut every connection, in flight or idle, and refuse new ones; any thread may call it."""
        with self._lock:
            self.closed = True
            connections, sessions = list(self._connections), list(self._sessions)
        for connection in connections:
            _shut_down(connection)
        for session in sessions:
            session.close()  # releases the idle connections' sockets

    def unreachable(self, what: str, error: Exception) -> str:
        """The message for `what` (a request) that found no relay: it names the proxy, if one is
        used (whose password never shows, even if a library's message had it)."""
        text = str(error)
        if self.proxy is None:
            return f"{what}: {text}"
        if self.proxy.password:
            text = text.replace(self.proxy.password, "***")
        return f"{what}: no answer through the proxy {self.proxy}: {text}"

    def _connecting(self, connection: HTTPConnection) -> None:
        with self._lock:
            if self.closed:
                raise ConnectionAbortedError("the relay client is closed")
            self._connections.add(connection)


def _shut_down(connection: HTTPConnection) -> None:
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # not connected (yet, or any more)
            # socket.socket's own shutdown: an SSLSocket's would also drop its TLS state under
            # the thread that is reading it
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Tracked(HTTPConnection):
    """A connection that registers with its transport as it connects."""

    def __init__(self, *args: Any, transport: Transport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._transport = transport

    def connect(self) -> None:
        self._transport._connecting(self)
        super().connect()
        if self._transport.closed:  # closed while connecting, before the socket was known
            _shut_down(self)


class _TrackedHTTPS(_Tracked, HTTPSConnection):
    pass


class _TrackedSOCKS(_Tracked, SOCKSConnection):
    """A connection through the SOCKS5 proxy (PySocks' handshake in `_new_conn`), tracked, on
    `circuit`, or on a circuit of its own when that is None."""

    def __init__(self, *args: Any, proxy: Proxy, circuit: str | None, **kwargs: Any) -> None:
        options = proxy.socks_options(circuit or secrets.token_hex(16))
        super().__init__(*args, _socks_options=options, **kwargs)


class _TrackedSOCKSHTTPS(_TrackedSOCKS, SOCKSHTTPSConnection):
    pass


class _OneShotPool(HTTPConnectionPool):
    """A pool that closes each connection after its one request instead of keeping it alive, so
    the next request connects afresh (from another port)."""

    def _put_conn(self, conn: BaseHTTPConnection | None) -> None:
        if conn is not None:
            conn.close()
        super()._put_conn(None)  # keep the free slot


class _OneShotHTTPSPool(_OneShotPool, HTTPSConnectionPool):
    pass


class _PoolManager(PoolManager):
    def __init__(self, transport: Transport, *, one_shot: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._transport = transport
        self._one_shot = one_shot
        if one_shot:
            self.pool_classes_by_scheme = {"http": _OneShotPool, "https": _OneShotHTTPSPool}

    def _new_pool(
        self,
        scheme: str,
        host: str,
        port: int,
        request_context: dict[str, Any] | None = None,
    ) -> HTTPConnectionPool:
        pool = super()._new_pool(scheme, host, port, request_context)
        https, proxy = scheme == "https", self._transport.proxy
        if proxy is None:
            pool.ConnectionCls = _TrackedHTTPS if https else _Tracked
        else:  # every pool, so no request can go around the proxy
            pool.ConnectionCls = _TrackedSOCKSHTTPS if https else _TrackedSOCKS
            pool.conn_kw["proxy"] = proxy
            pool.conn_kw["circuit"] = None if self._one_shot else self._transport.signed_circuit
        pool.conn_kw["transport"] = self._transport
        return pool


class _Adapter(HTTPAdapter):
    def __init__(self, transport: Transport, *, one_shot: bool) -> None:
        # before super().__init__, which makes the pool manager
        self._transport, self._one_shot = transport, one_shot
        super().__init__()

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        self._pool_connections, self._pool_maxsize, self._pool_block = connections, maxsize, block
        self.poolmanager = _PoolManager(
            self._transport,
            one_shot=self._one_shot,
            num_pools=connections,
            maxsize=maxsize,
            block=block,
            **pool_kwargs,
        )
