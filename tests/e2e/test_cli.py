"""Two people talk through bisik-cli in subprocesses, from invite to reply, on a real relay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.support import PASSPHRASE, cli, make_pair, make_profile, pair
from tests.relay_process import RelayProcess


def test_init_creates_a_profile_and_publishes_its_keys(relay: RelayProcess, tmp_path: Path) -> None:
    created = json.loads(
        cli(tmp_path / "p", "--json", "init", "--name", "Dewi", "--relay", relay.url).stdout
    )
    assert created["prekeys_published"] is True
    assert created["invite"].startswith("bisik:invite/")
    again = cli(tmp_path / "p", "init", "--name", "Again", "--relay", relay.url, check=False)
    assert again.returncode == 1 and "already holds a profile" in again.stderr


def test_invite_to_reply_both_ways(relay: RelayProcess, tmp_path: Path) -> None:
    # profiles made with the cheap test-only Argon2 limits (`init` is tested above)
    ani, budi = tmp_path / "ani", tmp_path / "budi"
    ani_id = make_profile(ani, "Ani", relay.url)
    ani_id_value = ani_id.own_account_id()
    ani_id.lock()
    make_profile(budi, "Budi", relay.url).lock()
    link = cli(budi, "invite").stdout.strip()
    assert link.startswith("bisik:invite/")

    assert "Added Budi." in cli(ani, "add", link).stdout
    assert cli(ani, "send", "Budi", "Selamat pagi, Budi!").stdout.strip().endswith("sent")

    received = json.loads(cli(budi, "--json", "sync", "--wait", "5").stdout)
    assert [m["body"] for m in received["messages"]] == ["Selamat pagi, Budi!"]
    requests = json.loads(cli(budi, "--json", "requests").stdout)
    assert [(c["display_name"], c["accepted"]) for c in requests] == [("Ani", False)]
    assert json.loads(cli(budi, "--json", "contacts").stdout) == []  # requests stand apart
    assert "1 message request(s)" in cli(budi, "contacts").stdout

    cli(budi, "send", "ani", "Pagi juga, Ani.")  # a display name in any case; replying accepts
    assert "Budi: Pagi juga, Ani." in cli(ani, "sync", "--wait", "5").stdout

    history = json.loads(cli(ani, "--json", "history", "Budi").stdout)
    assert [(m["direction"], m["body"]) for m in history] == [
        ("out", "Selamat pagi, Budi!"),
        ("in", "Pagi juga, Ani."),
    ]
    budi_history = json.loads(cli(budi, "--json", "history", ani_id_value[:8]).stdout)
    assert [m["body"] for m in budi_history] == ["Selamat pagi, Budi!", "Pagi juga, Ani."]
    assert budi_history[0]["status"] == "delivered"

    number_ani = json.loads(cli(ani, "--json", "safety-number", "Budi").stdout)
    number_budi = json.loads(cli(budi, "--json", "safety-number", "Ani").stdout)
    assert number_ani["safety_number"] == number_budi["safety_number"]
    assert len(number_ani["safety_number"].replace(" ", "")) == 60
    cli(ani, "verify", "Budi")
    assert json.loads(cli(ani, "--json", "contacts").stdout)[0]["trust"] == "verified"


def test_errors_are_one_line_with_a_non_zero_exit(relay: RelayProcess, tmp_path: Path) -> None:
    profile = tmp_path / "p"
    make_profile(profile, "Citra", relay.url).lock()
    cases = [
        (["send", "nobody", "hi"], "no contact matches"),
        (["add", "bisik:invite/AAAA.BBBB"], "invite link"),
        (["send-file", "x", str(tmp_path / "none")], "no contact matches"),
    ]
    for args, message in cases:
        result = cli(profile, *args, check=False)
        assert result.returncode == 1, args
        assert message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    wrong = subprocess.run(
        [sys.executable, "-m", "app.cli", "--profile", str(profile), "contacts"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "BISIK_PASSPHRASE": "not it"},
    )
    assert (wrong.returncode, wrong.stderr) == (1, "bisik-cli: wrong passphrase\n")
    missing = cli(tmp_path / "missing", "contacts", check=False)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_files_timer_and_passphrase_through_the_cli(relay: RelayProcess, tmp_path: Path) -> None:
    ani, budi = tmp_path / "ani", tmp_path / "budi"
    a = make_profile(ani, "Ani", relay.url)
    b = make_profile(budi, "Budi", relay.url)
    pair(a, b)
    a.lock()
    b.lock()
    document = tmp_path / "laporan.pdf"
    document.write_bytes(os.urandom(200_000))

    sent = json.loads(cli(ani, "--json", "send-file", "Budi", str(document)).stdout)
    assert (sent["kind"], sent["status"], sent["attachment"]["name"]) == (
        "attachment",
        "sent",
        "laporan.pdf",
    )
    synced = json.loads(cli(budi, "--json", "sync").stdout)
    (message,) = synced["messages"]
    saved = tmp_path / "saved.pdf"
    cli(budi, "save", str(message["message_id"]), str(saved))
    assert saved.read_bytes() == document.read_bytes()

    assert "3600" in cli(ani, "timer", "Budi", "3600").stdout
    cli(budi, "sync")
    history = json.loads(cli(budi, "--json", "history", "Ani").stdout)
    assert history[-1]["kind"] == "timer"

    new_pass = tmp_path / "new-pass"
    new_pass.write_text("pelangi baru\n")
    cli(ani, "--new-passphrase-file", str(new_pass), "passphrase")
    assert cli(ani, "contacts", check=False).returncode == 1  # the old one no longer opens it
    assert "Budi" in cli(ani, "--passphrase-file", str(new_pass), "contacts").stdout


def test_history_into_a_closed_pipe_exits_quietly(relay: RelayProcess, tmp_path: Path) -> None:
    """`bisik-cli history X | head -1` ends with exit 0 and no traceback."""
    ani, budi = make_pair(tmp_path, relay.url)
    conversation = ani.conversation_for_contact(budi.own_account_id()).conversation_id
    ani.send_text(conversation, "Halo")
    ani.lock()
    budi.lock()
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before anything is written, as after `head -1`
    history = subprocess.run(
        [sys.executable, "-m", "app.cli", "--profile", str(tmp_path / "a"), "history", "Budi"],
        stdout=writer,
        stderr=subprocess.PIPE,
        env={**os.environ, "BISIK_PASSPHRASE": PASSPHRASE},
        timeout=120,
    )
    os.close(writer)
    assert (history.returncode, history.stderr) == (0, b"")


def test_message_requests_are_listed_apart_and_answered(
    relay: RelayProcess, tmp_path: Path
) -> None:
    ani = tmp_path / "ani"
    ani_profile = make_profile(ani, "Ani", relay.url)
    link = ani_profile.invite_link()
    ani_profile.lock()
    stranger = make_profile(tmp_path / "s", "Sinta", relay.url)
    stranger.add_contact(link)
    cid = stranger.conversations()[0].conversation_id

    def write(text: str) -> None:
        stranger.send_text(cid, text)
        stranger.flush_outbox()

    write("halo, kenal aku?")
    cli(ani, "sync")
    assert "Sinta" in cli(ani, "requests").stdout
    assert "No contacts yet." in cli(ani, "contacts").stdout
    not_one = cli(ani, "requests", "accept", "nobody", check=False)
    assert not_one.returncode == 1 and "no contact matches" in not_one.stderr
    assert "Deleted the request of Sinta." in cli(ani, "requests", "delete", "Sinta").stdout
    assert "No message requests." in cli(ani, "requests").stdout

    # A deleted request is forgotten with its session: the stranger may ask again afresh.
    stranger.add_contact(link)
    write("masih aku")
    cli(ani, "sync")
    assert "Blocked the request of Sinta." in cli(ani, "requests", "block", "Sinta").stdout
    write("buka dong")
    synced = json.loads(cli(ani, "--json", "sync").stdout)
    assert synced["refused"] == 1 and synced["messages"] == []
    stranger.lock()


def test_group_create_send_members_and_remove(relay: RelayProcess, tmp_path: Path) -> None:
    """Ani makes a group of Budi and Citra (who do not know each other) from the command line."""
    folders = {name: tmp_path / name.lower() for name in ("Ani", "Budi", "Citra")}
    people = {name: make_profile(folder, name, relay.url) for name, folder in folders.items()}
    pair(people["Ani"], people["Budi"])
    pair(people["Ani"], people["Citra"])
    ids = {name: m.own_account_id() for name, m in people.items()}
    for m in people.values():
        m.lock()
    ani, budi, citra = folders.values()

    created = json.loads(cli(ani, "--json", "group", "create", "Teman", "Budi", "Citra").stdout)
    assert [m["account_id"] for m in created["members"]] == [ids["Ani"], ids["Budi"], ids["Citra"]]
    assert "Halo teman" not in cli(budi, "sync", "--wait", "5").stdout
    assert cli(ani, "group", "send", "teman", "Halo teman!").stdout.strip().endswith("sent")
    assert "[Teman] Ani: Halo teman!" in cli(budi, "sync", "--wait", "5").stdout
    cli(citra, "sync", "--wait", "5")
    cli(budi, "group", "send", "Teman", "Halo Citra")  # Budi writes to Citra, no contact of his
    assert "[Teman] Budi: Halo Citra" in cli(citra, "sync", "--wait", "5").stdout
    history = cli(citra, "history", "Teman").stdout
    assert "Ani: Halo teman!" in history and "Budi: Halo Citra" in history
    listed = json.loads(cli(citra, "--json", "group", "list").stdout)
    assert [g["name"] for g in listed] == ["Teman"]
    members = cli(citra, "group", "members", "Teman").stdout
    assert "Ani [admin]" in members and "Citra (you)" in members

    removed = json.loads(cli(ani, "--json", "group", "remove", "Teman", "Citra").stdout)
    assert [m["account_id"] for m in removed["members"]] == [ids["Ani"], ids["Budi"]]
    cli(budi, "sync", "--wait", "5")
    cli(citra, "sync", "--wait", "5")
    after = json.loads(cli(budi, "--json", "group", "members", "Teman").stdout)
    assert [m["account_id"] for m in after["members"]] == [ids["Ani"], ids["Budi"]]
    refused = cli(citra, "group", "send", "Teman", "masih bisa?", check=False)
    assert refused.returncode == 1 and "no longer a member" in refused.stderr
    missing = cli(ani, "group", "send", "Tidak ada", "x", check=False)
    assert missing.returncode == 1 and "no group matches" in missing.stderr
