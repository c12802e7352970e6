"""A real SOCKS5 proxy for tests (RFC 1928, CONNECT only; no login, or RFC 1929 user/password),
and a counting TCP forwarder to put in front of a relay. Both run on an event loop of their own
thread, on 127.0.0.1, record every connection, and can be stopped and started again on the same
port. `stop` also cuts the tunnels in flight, as a proxy that went away would.

The proxy resolves no name itself: `hosts` says where a name goes (socks5h sends names), so a
test can use a relay address that only the proxy knows. With `isolating`, it behaves as Tor's
SOCKS port does: a client that offers a user/password login gets asked for it, any login is
accepted, and each tunnel records the login it came with (Tor puts different logins on
different circuits).
"""

from __future__ import annotations

import asyncio
import ipaddress
import struct
import threading
from dataclasses import dataclass
from typing import Self

Address = tuple[str, int]

_VERSION = 5
_NO_LOGIN, _USER_PASSWORD, _NO_METHOD = 0, 2, 0xFF
_CONNECT = 1
_IPV4, _NAME, _IPV6 = 1, 3, 4
# replies (RFC 1928 section 6)
_OK, _HOST_UNREACHABLE, _REFUSED, _NO_COMMAND, _NO_ADDRESS_TYPE = 0, 4, 5, 7, 8


@dataclass(frozen=True)
class Tunnel:
    """One connection to the proxy: who came, what it asked for, and (if the proxy reached it)
    the proxy's own end of the connection onward, as the target saw it."""

    client: Address
    target: Address
    upstream: Address | None
    login: tuple[str, str] | None = None


class _LoopServer:
    """A TCP server on 127.0.0.1 on its own thread's event loop; subclasses serve a connection."""

    def __init__(self) -> None:
        self.port = 0  # picked by the first start, kept by later ones
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        assert self._loop is None, "already running"
        loop = self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=loop.run_forever, daemon=True)
        self._thread.start()
        listen = asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self._server = asyncio.run_coroutine_threadsafe(listen, loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        """Stop listening and cut every connection (idempotent)."""
        loop, thread, self._loop = self._loop, self._thread, None
        if loop is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._shut(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _shut(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            await self._serve(reader, writer)
        except (OSError, asyncio.IncompleteReadError):
            pass  # a peer that hung up
        except asyncio.CancelledError:
            pass  # stopped: ends quietly (asyncio would log a cancelled handler as an error)
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    async def _connect(self, target: Address) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        up_reader, up_writer = await asyncio.open_connection(*target)
        self._writers.add(up_writer)
        return up_reader, up_writer

    async def _splice(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        up_reader: asyncio.StreamReader,
        up_writer: asyncio.StreamWriter,
    ) -> None:
        try:
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            self._writers.discard(up_writer)
            up_writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy until the end of the stream, then close the other side (HTTP needs no half-close)."""
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


class Socks5Proxy(_LoopServer):
    """The proxy. With `login` (user, password) it asks for RFC 1929 user/password and refuses
    clients without it; `hosts` maps the names it resolves to IP addresses."""

    def __init__(
        self,
        *,
        login: tuple[str, str] | None = None,
        hosts: dict[str, str] | None = None,
        isolating: bool = False,
    ) -> None:
        super().__init__()
        self.login = login
        self.isolating = isolating
        self.hosts = dict(hosts or {})
        self._tunnels: list[Tunnel] = []
        self.refused_logins = 0

    @property
    def url(self) -> str:
        login = f"{self.login[0]}:{self.login[1]}@" if self.login else ""
        return f"socks5h://{login}127.0.0.1:{self.port}"

    @property
    def tunnels(self) -> list[Tunnel]:
        """Every CONNECT request so far, in order."""
        with self._lock:
            return list(self._tunnels)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        client: Address = writer.get_extra_info("peername")[:2]
        greeted, login = await self._greet(reader, writer)
        if not greeted:
            return
        version, command, _, kind = await reader.readexactly(4)
        host = await _read_address(reader, kind)
        (port,) = struct.unpack(">H", await reader.readexactly(2))
        if version != _VERSION or command != _CONNECT or host is None:
            writer.write(_reply(_NO_COMMAND if command != _CONNECT else _NO_ADDRESS_TYPE))
            return
        try:
            up_reader, up_writer = await self._connect((self._resolve(host), port))
        except (OSError, LookupError) as error:
            self._record(Tunnel(client, (host, port), None, login))
            writer.write(_reply(_HOST_UNREACHABLE if isinstance(error, LookupError) else _REFUSED))
            return
        upstream = up_writer.get_extra_info("sockname")[:2]
        self._record(Tunnel(client, (host, port), upstream, login))
        writer.write(_reply(_OK))
        await self._splice(reader, writer, up_reader, up_writer)

    async def _greet(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[bool, tuple[str, str] | None]:
        """The method negotiation (and the login, if one is asked): whether it went through, and
        the login given."""
        version, count = await reader.readexactly(2)
        methods = await reader.readexactly(count)
        wanted = _NO_LOGIN if self.login is None else _USER_PASSWORD
        if self.isolating and _USER_PASSWORD in methods:
            wanted = _USER_PASSWORD
        if version != _VERSION or wanted not in methods:
            writer.write(bytes([_VERSION, _NO_METHOD]))
            return False, None
        writer.write(bytes([_VERSION, wanted]))
        if wanted == _NO_LOGIN:
            return True, None
        _, size = await reader.readexactly(2)
        user = (await reader.readexactly(size)).decode()
        (size,) = await reader.readexactly(1)
        password = (await reader.readexactly(size)).decode()
        accepted = self.login is None or (user, password) == self.login
        if not accepted:  # counted before the client can learn it
            with self._lock:
                self.refused_logins += 1
        writer.write(bytes([1, 0 if accepted else 1]))
        return accepted, (user, password)

    def _resolve(self, host: str) -> str:
        try:
            return str(ipaddress.ip_address(host))
        except ValueError:
            return self.hosts[host]  # LookupError: a name this proxy does not know

    def _record(self, tunnel: Tunnel) -> None:
        with self._lock:
            self._tunnels.append(tunnel)


async def _read_address(reader: asyncio.StreamReader, kind: int) -> str | None:
    if kind == _IPV4:
        return str(ipaddress.IPv4Address(await reader.readexactly(4)))
    if kind == _IPV6:
        return str(ipaddress.IPv6Address(await reader.readexactly(16)))
    if kind == _NAME:
        (size,) = await reader.readexactly(1)
        return (await reader.readexactly(size)).decode("idna")
    return None


def _reply(code: int) -> bytes:
    """A reply bound to 0.0.0.0:0 (clients of a CONNECT do not use the address)."""
    return bytes([_VERSION, code, 0, _IPV4, 0, 0, 0, 0, 0, 0])


class Forwarder(_LoopServer):
    """A plain TCP forwarder to `target` that notes each client's address: put in front of a
    relay, it lists every connection that reached the relay, and from where."""

    def __init__(self, target: Address) -> None:
        super().__init__()
        self.target = target
        self._clients: list[Address] = []

    @property
    def clients(self) -> list[Address]:
        with self._lock:
            return list(self._clients)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self._clients.append(writer.get_extra_info("peername")[:2])
        up_reader, up_writer = await self._connect(self.target)
        await self._splice(reader, writer, up_reader, up_writer)
