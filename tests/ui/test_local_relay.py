"""The relay process the demo and the LAN relay start: `-m app.relay` from a development run, the
executable itself with `--run-relay` from a frozen build (which takes no `-m`)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from app.ui.local_relay import LocalRelay

SERVE_ARGS = ["serve", "--host", "127.0.0.1", "--port", "0", "--db"]


def test_a_development_run_starts_the_relay_module(tmp_path: Path) -> None:
    db = tmp_path / "relay.sqlite3"
    relay = LocalRelay(db)
    assert relay.args == [sys.executable, "-m", "app.relay", *SERVE_ARGS, str(db)]


def test_a_frozen_build_runs_itself_with_the_hidden_option(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    executable = str(tmp_path / "bisik")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", executable)
    db = tmp_path / "relay.sqlite3"
    relay = LocalRelay(db, host="0.0.0.0", port=8765)
    serve = ["serve", "--host", "0.0.0.0", "--port", "8765", "--db", str(db)]
    assert relay.args == [executable, "--run-relay", *serve]


def read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    stdout = process.stdout
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return line[0].strip() if line else ""


def test_the_hidden_option_serves_a_relay(tmp_path: Path) -> None:
    db = tmp_path / "relay.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "app.entry", "--run-relay", *SERVE_ARGS, str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        url = read_line(process, timeout=60)
        assert url.startswith("http://127.0.0.1:"), url
        health = requests.get(f"{url}/v1/health", timeout=30)
        assert health.status_code == 200
        assert db.is_file()
    finally:
        process.kill()
        process.wait(10)
        assert process.stdout is not None
        process.stdout.close()
