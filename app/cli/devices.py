"""bisik-cli's `device` command (docs/devices.md): `join` makes this profile a new device of an
existing account (it prints a link, waits for the answer, shows the code to compare); on a device
already linked, `link LINK` answers that link and prints the same code; `list` and `unlink ID`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.output import Printer
from app.cli.parser import CliError
from app.cli.passphrase import new_passphrase
from app.service.api import MessengerApi

JOIN_TIMEOUT = 600.0  # ten minutes, as a provisioning channel lives


def add_device_parser(commands: Any) -> None:
    """`device` and its actions, on bisik-cli's subparsers (`commands`, argparse's private type)."""
    device = commands.add_parser("device", help="linked devices: join, link, list, unlink")
    actions = device.add_subparsers(dest="device_action", required=True, parser_class=type(device))
    join = actions.add_parser("join", help="make this new profile a device of an existing account")
    join.add_argument("--relay", required=True, help="the account's relay URL")
    join.add_argument("--timeout", type=float, default=JOIN_TIMEOUT, help="seconds to wait")
    join.add_argument("--yes", action="store_true", help="accept without asking (compare codes!)")
    link = actions.add_parser("link", help="answer a new device's link (on a linked device)")
    link.add_argument("link", help="the bisik-link: the new device printed")
    link.add_argument("--name", default="linked device", help="the new device's name")
    actions.add_parser("list", help="list the account's devices")
    actions.add_parser("unlink", help="unlink a device by its id").add_argument("device_id")


def join_device(args: argparse.Namespace, proxy: str | None, p: Printer) -> MessengerApi:
    """`device join`: no profile is opened before it (like init)."""
    from app.service.joining import begin_link

    joining = begin_link(args.profile, new_passphrase(args), args.relay, proxy=proxy)
    p.emit(
        {"link": joining.link},
        f"On a device of the account, run:\n  bisik-cli device link '{joining.link}'\nWaiting...",
    )
    received = joining.wait(args.timeout)
    if received is None:
        raise CliError("no answer came in time; run `device join` again for a new link")
    p.emit(
        {"code": received.code, "account_name": received.account_name},
        f"Code: {received.code} (account {received.account_name})",
    )
    if not args.yes:
        sys.stderr.write("Does the other device show the same code? [y/N] ")
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            raise CliError("refused: nothing was created (if the codes differed, see docs)")
    return received.accept()


def device_command(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    action = args.device_action
    if action == "link":
        linked = m.link_device(args.link, args.name)
        p.emit(
            linked,
            f"Code: {linked.code}\nIt must match the new device's. If it does not, someone else"
            " took the link: treat the account as compromised and move it to a new key.",
        )
    elif action in ("join", "list"):
        devices = m.devices()
        lines = [
            f"{d.device_id}  {d.name or '(no name)'}"
            + ("  [this device]" if d.is_this else "")
            + ("  [first]" if d.is_first else "")
            for d in devices
        ]
        head = f"Linked to {m.own_display_name()}'s account.\n" if action == "join" else ""
        p.emit(devices, head + "\n".join(lines))
    else:
        m.unlink_device(args.device_id)
        p.emit({"unlinked": args.device_id}, f"Unlinked {args.device_id}.")
