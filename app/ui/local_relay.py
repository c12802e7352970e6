"""A relay process on this computer: for `bisik --demo` and for "run a relay for my local network".

It is `bisik-relay serve --port 0` as a child process; the relay prints its URL as one line.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

# `bisik --run-relay ARGS...` is `bisik-relay ARGS...` (app/entry.py runs it): a frozen build is one
# executable that cannot run `-m app.relay`. It must come first; everything after it is the relay's.
RUN_RELAY = "--run-relay"
START_TIMEOUT = 20.0
ANY_ADDRESS = ("0.0.0.0", "[::]", "::")


def lan_address() -> str:
    """This computer's address on its local network (no packet is sent: UDP connect only)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: picks the outgoing interface
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def relay_command() -> list[str]:
    """How to run `bisik-relay` from this app: a frozen build is a single executable that takes no
    `-m`, so it runs itself with the hidden `--run-relay` (app/entry.py)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, RUN_RELAY]
    return [sys.executable, "-m", "app.relay"]


class LocalRelayError(RuntimeError):
    """The relay process did not start or did not print its URL in time."""


class LocalRelay:
    """`start()` returns the URL (also kept in `url`); `stop()` ends the process."""

    def __init__(self, db: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self._host = host
        serve = ["serve", "--host", host, "--port", str(port), "--db", str(db)]
        self.args = [*relay_command(), *serve]  # the relay's command line
        self._process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> str:
        """Start the process and wait for its URL line; blocking, so call it from a worker."""
        process = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self._process = process
        stdout = process.stdout
        assert stdout is not None
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        url = line[0].strip() if line else ""
        if not url.startswith("http"):
            self.stop()
            raise LocalRelayError(f"the relay did not start ({url or 'no output'})")
        if self._host in ANY_ADDRESS:  # others need an address that reaches this computer
            url = url.replace(f"//{self._host}:", f"//{lan_address()}:", 1)
        self.url = url
        return url

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if process.stdout is not None:
            process.stdout.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None
