"""A real relay process for tests: `with relay_process(tmp_path) as relay: relay.url`.

It runs `python -m app.relay serve --port 0` on 127.0.0.1 with a database in the given directory
(or, with `db=`, at that URL: `postgresql://...`), reads the URL it prints, and kills it at the
end. `kill()` is `kill -9`; `start()` after it, or `restart()`, runs a new process on the same
database and the same port, so clients keep their URL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

STARTUP_TIMEOUT = 30.0
# Tests default to no rate limits; pass "--rate-limit-scale", "1" to get the production ones.
DEFAULT_ARGS = ("--rate-limit-scale", "0")


class RelayProcess:
    def __init__(self, directory: Path, args: tuple[str, ...] = (), db: str | None = None) -> None:
        self.db = directory / "relay.sqlite3"  # unused when `db` (a database URL) is given
        self.database = db or str(self.db)
        self.args = (*DEFAULT_ARGS, *args)
        self.url = ""
        self.port = 0  # 0 until the first start picks a free port; later starts reuse it
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> str:
        assert self._process is None, "already running"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.relay",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--db",
                self.database,
                *self.args,
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._process = process
        assert process.stdout is not None
        line = process.stdout.readline().strip()  # the relay prints its URL once it listens
        if not line.startswith("http"):
            self.kill()
            raise RuntimeError(f"the relay did not start (exit code {process.poll()})")
        self.url = line
        self.port = int(line.rsplit(":", 1)[1])
        requests.get(f"{self.url}/v1/health", timeout=STARTUP_TIMEOUT).raise_for_status()
        return self.url

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def kill(self) -> None:
        """`kill -9`: no chance to flush or close anything."""
        self._end(signal.SIGKILL)

    def stop(self) -> None:
        """A graceful shutdown (SIGTERM)."""
        self._end(signal.SIGTERM)

    def restart(self) -> str:
        self.kill()
        return self.start()

    def _end(self, how: signal.Signals) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(how)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


@contextmanager
def relay_process(directory: Path, *args: str, db: str | None = None) -> Iterator[RelayProcess]:
    """A started relay with its database in `directory` (or at the URL `db`); extra `serve`
    arguments in `args`."""
    relay = RelayProcess(directory, args, db)
    relay.start()
    try:
        yield relay
    finally:
        relay.kill()
