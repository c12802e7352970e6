"""bisik-cli's `device` command against a real relay: a new profile joins Ani's account
(`device join`, printing the link and the code), Ani's profile answers (`device link`, the same
code), then `device list` and `device unlink`, all with --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.support import CLI_TIMEOUT, PASSPHRASE, ROOT, cli, make_profile
from tests.relay_process import RelayProcess


def test_join_link_list_and_unlink_through_the_cli(relay: RelayProcess, tmp_path: Path) -> None:
    ani = make_profile(tmp_path / "a", "Ani", relay.url)
    ani.lock()
    command = [sys.executable, "-m", "app.cli", "--profile", str(tmp_path / "a2"), "--json"]
    joining = subprocess.Popen(
        [*command, "device", "join", "--relay", relay.url, "--timeout", "60", "--yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BISIK_PASSPHRASE": PASSPHRASE},
        cwd=ROOT,
    )
    try:
        assert joining.stdout is not None
        link = json.loads(joining.stdout.readline())["link"]
        linked = json.loads(
            cli(tmp_path / "a", "--json", "device", "link", link, "--name", "laptop").stdout
        )
        out, err = joining.communicate(timeout=CLI_TIMEOUT)
    finally:
        if joining.poll() is None:
            joining.kill()
    assert joining.returncode == 0, err
    code, devices = (json.loads(line) for line in out.splitlines())
    assert code == {"code": linked["code"], "account_name": "Ani"}
    mine = [d for d in devices if d["is_this"]]
    assert [d["device_id"] for d in mine] == [linked["device_id"]]

    listed = json.loads(cli(tmp_path / "a", "--json", "device", "list").stdout)
    assert {d["name"] for d in listed} == {"first device", "laptop"}
    cli(tmp_path / "a", "--json", "device", "unlink", linked["device_id"])
    listed = json.loads(cli(tmp_path / "a", "--json", "device", "list").stdout)
    assert [d["name"] for d in listed] == ["first device"]
    gone = cli(tmp_path / "a2", "device", "list", check=False)
    assert gone.returncode == 1 and "unlinked" in gone.stderr
