"""Helpers for the end-to-end tests: real relay processes, real profiles on disk, bisik-cli runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from app.service.account import KdfParams, create_profile
from app.service.api import LinkedDevice
from app.service.joining import begin_link
from app.service.messenger import Messenger
from app.store.profile import PROFILE_FILE

ROOT = Path(__file__).resolve().parents[2]

PASSPHRASE = "kuda-laut 7 pelangi"
CLI_TIMEOUT = 120.0


def make_profile(folder: Path, name: str, relay_url: str) -> Messenger:
    """A fresh profile with the cheap test-only Argon2 limits."""
    return create_profile(folder, PASSPHRASE, name, relay_url, kdf=KdfParams.interactive())


def make_pair(folder: Path, relay_url: str) -> tuple[Messenger, Messenger]:
    """Ani and Budi, fresh profiles in `folder`/a and `folder`/b, paired."""
    a = make_profile(folder / "a", "Ani", relay_url)
    b = make_profile(folder / "b", "Budi", relay_url)
    pair(a, b)
    return a, b


def pair(a: Messenger, b: Messenger) -> None:
    """`a` adds `b` by its invite link; `b` receives the request and accepts it."""
    a.add_contact(b.invite_link())
    a.flush_outbox()
    b.sync_once()
    b.accept_request(a.own_account_id())
    b.flush_outbox()
    a.sync_once()


def conversation_id(m: Messenger, peer: Messenger) -> int:
    return m.conversation_for_contact(peer.own_account_id()).conversation_id


def bodies(m: Messenger, conversation: int, direction: str | None = None) -> list[str]:
    """Every message body of a conversation, oldest first (optionally one direction only)."""
    out: list[str] = []
    after = 0
    while page := m.messages_after(conversation, after, 500):
        out += [x.body for x in page if direction is None or x.direction.value == direction]
        after = page[-1].message_id
    return out


def cli(
    profile: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run bisik-cli in a subprocess with the test passphrase in BISIK_PASSPHRASE (and `env`)."""
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        env={**os.environ, "BISIK_PASSPHRASE": PASSPHRASE, **(env or {})},
        cwd=ROOT,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"bisik-cli {args[0]} failed: {result.stderr}")
    return result


def relay_inspect(db: Path, *args: str) -> bytes:
    """What `bisik-relay inspect` prints for a relay database (`--json` among `args` for JSON)."""
    return subprocess.run(
        [sys.executable, "-m", "app.relay", "inspect", "--db", str(db), *args],
        capture_output=True,
        timeout=CLI_TIMEOUT,
        cwd=ROOT,
        check=True,
    ).stdout


def wait_for(condition: Callable[[], bool], timeout: float = 60.0, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(step)


def reading_an_answer(thread: threading.Thread) -> bool:
    """Whether `thread` is blocked reading an HTTP answer (socket.SocketIO.readinto is on its
    stack): only then is its request surely in flight."""
    frame = sys._current_frames().get(thread.ident or 0)
    while frame is not None:
        if frame.f_code.co_name == "readinto" and frame.f_code.co_filename == socket.__file__:
            return True
        frame = frame.f_back
    return False


def waiting_call(
    call: Callable[[], object], errors: list[Exception], timeout: float = 20
) -> threading.Thread:
    """`call()` on a thread of its own, returned once it waits on an HTTP answer (a long poll in
    flight); what it raises is put in `errors`."""

    def run() -> None:
        try:
            call()
        except Exception as exc:  # collected: the test looks at it
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    wait_for(lambda: reading_an_answer(thread), timeout)
    return thread


def long_poll(m: Messenger, errors: list[Exception], wait: float = 20) -> threading.Thread:
    """`m.sync_once(wait=wait)` as a `waiting_call`."""
    return waiting_call(lambda: m.sync_once(wait=wait), errors)


def files_containing(folder: Path, needles: Iterable[bytes]) -> list[tuple[str, bytes]]:
    """(file, needle) for every needle found in any file under `folder` (also UTF-16 forms)."""
    forms = [
        (needle, form)
        for needle in needles
        for form in {needle, needle.decode(errors="ignore").encode("utf-16-le")}
        if form
    ]
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        hits += [(str(path), needle) for needle, form in forms if form in data]
    return hits


def link_second(
    folder: Path, relay_url: str, ani: Messenger, name: str = "laptop"
) -> tuple[Messenger, LinkedDevice]:
    """Link a new device in `folder` to `ani`'s account, as a user would (the codes compared)."""
    joining = begin_link(folder, PASSPHRASE, relay_url, kdf=KdfParams.interactive())
    assert joining.link.startswith("bisik-link:")
    linked = ani.link_device(joining.link, name)
    received = joining.wait(10)
    assert received is not None
    assert (received.code, received.account_name) == (linked.code, ani.own_display_name())
    assert not (folder / PROFILE_FILE).exists()  # nothing is written before the user accepts
    return received.accept(), linked


_KILLED_MID_FLUSH = """
import os, signal, sys
from pathlib import Path
from app.net.client import RelayClient
from app.service.account import open_profile
from tests.e2e.support import PASSPHRASE

folder, conversation, prefix, count, kill_after = sys.argv[1:]
m = open_profile(Path(folder), PASSPHRASE)
for n in range(int(count)):
    m.send_text(int(conversation), f"{prefix} {n}")
real, sent = RelayClient.send, []

def send(self, *args, **kwargs):
    real(self, *args, **kwargs)  # the relay has it; the outbox does not know yet
    sent.append(1)
    if len(sent) == int(kill_after):
        os.kill(os.getpid(), signal.SIGKILL)

RelayClient.send = send
m.flush_outbox()
"""


def killed_mid_flush(
    folder: Path, conversation: int, prefix: str, count: int, kill_after: int
) -> subprocess.CompletedProcess[bytes]:
    """Open the (locked) profile in `folder` in a child process, send `count` texts named
    `prefix n`, and SIGKILL it once the relay took the `kill_after`-th envelope of the flush,
    before its outbox knew: the repeat after a restart must be stored once."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLED_MID_FLUSH,
            str(folder),
            str(conversation),
            prefix,
            str(count),
            str(kill_after),
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=CLI_TIMEOUT,
    )
