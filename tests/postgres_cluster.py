"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, a server on a free
loopback port (and a unix socket in that folder), stopped and deleted at the end.

Debian's `postgresql` package provides the binaries (.ci/run installs it). PostgreSQL refuses to
run as root, so under root (as CI runs) the cluster belongs to the `postgres` user and its tools
run through `runuser`. Without the binaries the PostgreSQL tests skip with that reason, except
under CI=true, where they must run: there a missing server is a failure.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

START_TIMEOUT = 60.0
_names = itertools.count(1)


def _binaries() -> Path | None:
    """The folder of initdb and pg_ctl: Debian's versioned one (newest first), else the PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def unavailable(reason: str) -> None:
    """Skip, or under CI fail: CI promises to run the PostgreSQL tests."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}")
    pytest.skip(reason)


class PostgresCluster:
    """A running server; `new_database()` hands each test a database of its own."""

    def __init__(self, folder: Path) -> None:
        binaries = _binaries()
        if binaries is None:
            unavailable("PostgreSQL is not installed (apt-get install postgresql)")
        assert binaries is not None
        self._bin = binaries
        self.folder = folder
        self.port = _free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgresql://bisik@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [*self._as_user, str(self._bin / tool), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=START_TIMEOUT)

    def start(self) -> None:
        data = self.folder / "data"
        self._run(
            "initdb", "-D", str(data), "-U", "bisik", "-A", "trust", "--no-sync", "-E", "UTF8"
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c max_connections=200"
        )
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "-t", str(int(START_TIMEOUT)), "start")  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"t{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"


@contextlib.contextmanager
def postgres_cluster(folder: Path) -> Iterator[PostgresCluster]:
    cluster = PostgresCluster(folder)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
