"""bisik-cli's command line: every command, its arguments and their bounds."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.service.content import MAX_TIMER_SECONDS

REQUEST_ACTIONS = ("list", "accept", "block", "delete")
PROXY_ACTIONS = ("show", "set", "clear")
PROXY_ENV = "BISIK_PROXY"


class CliError(Exception):
    """A failure worth one line to the user."""


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main` owns every exit code."""

    def error(self, message: str) -> Any:  # argparse's signature is NoReturn
        raise CliError(message)


def bounded(kind: Callable[[str], float], low: float, high: float) -> Callable[[str], Any]:
    """An argparse type: a number of `kind` within [low, high]."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not within {low:g}..{high:g}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="bisik-cli", description="Bisik, end-to-end encrypted, from a terminal.")
    parser.add_argument("--profile", required=True, type=Path, help="profile folder")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument("--passphrase-file", type=Path, help="read the passphrase from a file")
    parser.add_argument(
        "--new-passphrase-file", type=Path, help="new passphrase (init, passphrase)"
    )
    parser.add_argument(
        "--proxy",
        metavar="URL",
        help=f"SOCKS5 proxy for this run, socks5h://host:port (Tor: socks5h://127.0.0.1:9050);"
        f" wins over {PROXY_ENV} and the profile's; '' for none",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    init = commands.add_parser("init", help="create a profile")
    init.add_argument("--name", required=True, help="your display name")
    init.add_argument("--relay", required=True, help="relay URL, e.g. https://relay.example")
    invite = commands.add_parser("invite", help="print your invite link")
    invite.add_argument("--https", action="store_true", help="the https form of the link")
    commands.add_parser("add", help="add a contact from an invite link").add_argument("link")
    commands.add_parser("contacts", help="list contacts")
    requests = commands.add_parser(
        "requests", help="list, accept, block or delete message requests"
    )
    requests.add_argument("action", nargs="?", choices=REQUEST_ACTIONS, default="list")
    requests.add_argument("contact", nargs="?", help="the request (id prefix or name)")
    move = commands.add_parser(
        "move-to", help="tell every contact, signed by this profile's key, to talk to a new install"
    )
    move.add_argument("link", help="the new install's invite link")
    send = commands.add_parser("send", help="send a text message")
    send.add_argument("contact")
    send.add_argument("text")
    send_file = commands.add_parser("send-file", help="send a file (up to 100 MB)")
    send_file.add_argument("contact")
    send_file.add_argument("path", type=Path)
    sync = commands.add_parser("sync", help="send queued messages and fetch new ones")
    sync.add_argument(
        "--wait", type=bounded(float, 0, 30), default=0.0, help="long-poll up to S (0-30) seconds"
    )
    history = commands.add_parser("history", help="show a conversation, oldest first")
    history.add_argument("contact")
    history.add_argument("--limit", type=bounded(int, 1, 500), default=50)
    for name, text in (
        ("safety-number", "show the safety number to compare with a contact"),
        ("verify", "mark a contact verified after comparing safety numbers"),
        ("accept-key", "accept a contact's changed identity key"),
        ("accept", "accept a message request"),
        ("block", "block a contact"),
    ):
        commands.add_parser(name, help=text).add_argument("contact")
    timer = commands.add_parser("timer", help="set disappearing messages (0 = off)")
    timer.add_argument("contact")
    timer.add_argument("seconds", type=bounded(int, 0, MAX_TIMER_SECONDS))
    save = commands.add_parser("save", help="save a received attachment")
    save.add_argument("message_id", type=int)
    save.add_argument("dest", type=Path)
    commands.add_parser("passphrase", help="change the passphrase")
    proxy = commands.add_parser("proxy", help="show, set or clear the profile's SOCKS5 proxy")
    proxy.add_argument("action", nargs="?", choices=PROXY_ACTIONS, default="show")
    proxy.add_argument("url", nargs="?", help="socks5h://[user:password@]host:port (for set)")
    backup = commands.add_parser("backup", help="write an encrypted backup, or restore one")
    backup_actions = backup.add_subparsers(dest="backup_action", required=True, parser_class=Parser)
    create = backup_actions.add_parser("create", help="write an encrypted backup of the profile")
    create.add_argument("file", type=Path, help="the backup file to write (must not exist)")
    create.add_argument(
        "--no-attachments", action="store_true", help="leave the attachments' bytes out"
    )
    create.add_argument("--new-code", action="store_true", help="make (and show) a new code")
    restore = backup_actions.add_parser(
        "restore", help="restore a backup as the profile (a new one, or with --replace)"
    )
    restore.add_argument("file", type=Path, help="the backup file")
    restore.add_argument(
        "--replace", action="store_true", help="put an existing profile aside and take its place"
    )
    restore.add_argument(
        "--code-file", type=Path, help="read the backup code from a file (else BISIK_BACKUP_CODE)"
    )
    from app.cli.devices import add_device_parser  # they need CliError, defined here
    from app.cli.groups import add_group_parser

    add_group_parser(commands)
    add_device_parser(commands)
    return parser


def proxy_override(args: argparse.Namespace) -> str | None:
    """The proxy for this run instead of the profile's: --proxy, else BISIK_PROXY ("" in either
    means none); None when neither is given."""
    flag: str | None = args.proxy
    return flag if flag is not None else os.environ.get(PROXY_ENV)
