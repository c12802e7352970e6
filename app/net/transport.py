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
"""

from __future__ import annotations

import contextlib
import socket
import threading
import weakref
from http.cookiejar import DefaultCookiePolicy
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection

if TYPE_CHECKING:
    from urllib3._base_connection import BaseHTTPConnection


class Transport:
    """Two requests.Sessions per thread (a session is not thread-safe), all closed together: one
    for signed requests, which keeps its connections alive, and one for anonymous requests."""

    def __init__(self) -> None:
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
        pool.ConnectionCls = _TrackedHTTPS if scheme == "https" else _Tracked
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
