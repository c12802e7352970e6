"""bisik-cli: a headless client on the service layer.

    bisik-cli --profile DIR [--json] [--passphrase-file F] [--proxy URL] <command> ...

The passphrase comes from --passphrase-file, else BISIK_PASSPHRASE, else a prompt. A new one (for
`init` and `passphrase`) comes from --new-passphrase-file, else BISIK_NEW_PASSPHRASE, else a prompt
asked twice. The SOCKS5 proxy for every relay request comes from --proxy, else BISIK_PROXY, else
the profile (`bisik-cli proxy set URL`); an empty value means none. Errors are one line on stderr
and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from app.cli.commands import HANDLERS, restore_backup
from app.cli.output import Printer
from app.cli.parser import CliError, build_parser, proxy_override
from app.cli.passphrase import new_passphrase, passphrase

if TYPE_CHECKING:
    from app.service.api import MessengerApi

__all__ = ["CliError", "build_parser", "describe", "main", "run"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    from app.crypto.secret import disable_core_dumps

    disable_core_dumps()
    try:
        args = build_parser().parse_args(argv)
    except CliError as exc:
        print(f"bisik-cli: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return run(args, sys.stdout)
    except KeyboardInterrupt:
        print("bisik-cli: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`history X | head`): nothing went wrong here
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the contract: one line, never a traceback
        print(f"bisik-cli: {describe(exc)}", file=sys.stderr)
        return EXIT_ERROR


def describe(exc: BaseException) -> str:
    """One line for any error: ours carry a readable message; others say what kind they are."""
    from app.service.errors import ServiceError

    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, CliError | ServiceError) and text:
        return text
    if isinstance(exc, OSError):
        return f"{exc.strerror or type(exc).__name__}: {exc.filename or ''}".rstrip(": ")
    return f"unexpected error ({type(exc).__name__}){': ' + text if text else ''}"


def run(args: argparse.Namespace, out: TextIO) -> int:
    from app.service.account import create_profile, open_profile
    from app.service.messenger import check_proxy_url

    printer = Printer(out, args.json)
    proxy = proxy_override(args)
    if proxy is not None:
        proxy = check_proxy_url(proxy)  # refused before a passphrase is asked for
    messenger: MessengerApi
    if args.command == "init":
        secret = new_passphrase(args)
        messenger = create_profile(args.profile, secret, args.name, args.relay, proxy=proxy)
    elif args.command == "device" and args.device_action == "join":
        from app.cli.devices import join_device

        messenger = join_device(args, proxy, printer)  # like init: a new profile
    elif args.command == "backup" and args.backup_action == "restore":
        messenger = restore_backup(args, proxy)  # like init: no profile to open before it
    else:
        messenger = open_profile(args.profile, passphrase(args), proxy=proxy)
    try:
        handler = HANDLERS[args.command]
        handler(messenger, args, printer)
    finally:
        messenger.lock()
    return EXIT_OK
