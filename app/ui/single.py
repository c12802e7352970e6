"""One running app per profile: a second launch asks the first to raise its window, then exits."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.ui.paths import lock_dir

RAISE = b"raise\n"


def _key(profile: Path) -> str:
    return "bisik-" + hashlib.sha256(str(profile.resolve()).encode()).hexdigest()[:16]


class SingleInstance(QObject):
    """`acquire()` is True for the first instance; later ones poke it and get False."""

    raise_requested = Signal()

    def __init__(self, profile: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = _key(profile)
        self._lock = QLockFile(str(lock_dir() / f"{self._name}.lock"))
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        if not self._lock.tryLock(100):
            self._poke()
            return False
        QLocalServer.removeServer(self._name)  # left over from a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._connection)
        server.listen(self._name)
        self._server = server
        return True

    def _poke(self) -> None:
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if socket.waitForConnected(1000):
            socket.write(RAISE)
            socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()

    def _connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)
            arrived = socket.bytesAvailable() > 0 or socket.waitForReadyRead(1000)
            if arrived and bytes(socket.readAll().data()).startswith(RAISE.strip()):
                self.raise_requested.emit()
            socket.abort()
            socket.deleteLater()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        self._lock.unlock()
