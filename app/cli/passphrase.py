"""Where bisik-cli's passphrases come from: --passphrase-file, else BISIK_PASSPHRASE, else a
prompt; a new one from --new-passphrase-file, else BISIK_NEW_PASSPHRASE, else a prompt asked
twice."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.cli.parser import CliError

MAX_PASSPHRASE_FILE = 4096
BACKUP_CODE_ENV = "BISIK_BACKUP_CODE"


def passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file is not None:
        return read_passphrase_file(args.passphrase_file)
    if "BISIK_PASSPHRASE" in os.environ:
        return os.environ["BISIK_PASSPHRASE"]
    return _prompt("Passphrase: ")


def new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file is not None:
        return read_passphrase_file(args.new_passphrase_file)
    env = "BISIK_NEW_PASSPHRASE" if args.command == "passphrase" else "BISIK_PASSPHRASE"
    if env == "BISIK_PASSPHRASE" and args.passphrase_file is not None:
        return read_passphrase_file(args.passphrase_file)
    if env in os.environ:
        return os.environ[env]
    first = _prompt("New passphrase: ")
    if _prompt("Repeat it: ") != first:
        raise CliError("the two passphrases differ")
    return first


def backup_code(args: argparse.Namespace) -> str:
    """The code of a backup to restore: --code-file, else BISIK_BACKUP_CODE, else a prompt (as
    the passphrase: a file named on the command line wins over the environment)."""
    if args.code_file is not None:
        return read_passphrase_file(args.code_file, "backup code file")
    if BACKUP_CODE_ENV in os.environ:
        return os.environ[BACKUP_CODE_ENV]
    if not sys.stdin.isatty():
        raise CliError(f"no backup code: use --code-file or {BACKUP_CODE_ENV}")
    value = getpass.getpass("Backup code (30 digits): ")
    if not value.strip():
        raise CliError("empty backup code")
    return value


def read_passphrase_file(path: Path, what: str = "passphrase file") -> str:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PASSPHRASE_FILE + 1)
    except OSError as exc:
        raise CliError(f"cannot read {what} {path}: {exc.strerror}") from exc
    if len(data) > MAX_PASSPHRASE_FILE:
        raise CliError(f"{what} is too large")
    try:
        text = data.decode().rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise CliError(f"{what} is not UTF-8 text") from exc
    if not text:
        raise CliError(f"{what} is empty")
    return text


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError("no passphrase: use --passphrase-file or BISIK_PASSPHRASE")
    value = getpass.getpass(label)
    if not value:
        raise CliError("empty passphrase")
    return value
