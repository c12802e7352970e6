"""bisik-cli: a headless client on the service layer.

    bisik-cli --profile DIR [--json] [--passphrase-file F] <command> ...

The passphrase comes from --passphrase-file, else BISIK_PASSPHRASE, else a prompt. A new one (for
`init` and `passphrase`) comes from --new-passphrase-file, else BISIK_NEW_PASSPHRASE, else a prompt
asked twice. Errors are one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.service.api import Contact, Message, MessageAdded
from app.service.content import MAX_TIMER_SECONDS

if TYPE_CHECKING:
    from app.service.api import MessengerApi

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
MAX_PASSPHRASE_FILE = 4096
REQUEST_ACTIONS = ("list", "accept", "block", "delete")


class CliError(Exception):
    """A failure worth one line to the user."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main` owns every exit code."""

    def error(self, message: str) -> Any:  # argparse's signature is NoReturn
        raise CliError(message)


def _bounded(kind: Callable[[str], float], low: float, high: float) -> Callable[[str], Any]:
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
    parser = _Parser(prog="bisik-cli", description="Bisik, end-to-end encrypted, from a terminal.")
    parser.add_argument("--profile", required=True, type=Path, help="profile folder")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument("--passphrase-file", type=Path, help="read the passphrase from a file")
    parser.add_argument(
        "--new-passphrase-file", type=Path, help="new passphrase (init, passphrase)"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
        "--wait", type=_bounded(float, 0, 30), default=0.0, help="long-poll up to S (0-30) seconds"
    )
    history = commands.add_parser("history", help="show a conversation, oldest first")
    history.add_argument("contact")
    history.add_argument("--limit", type=_bounded(int, 1, 500), default=50)
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
    timer.add_argument("seconds", type=_bounded(int, 0, MAX_TIMER_SECONDS))
    save = commands.add_parser("save", help="save a received attachment")
    save.add_argument("message_id", type=int)
    save.add_argument("dest", type=Path)
    commands.add_parser("passphrase", help="change the passphrase")
    return parser


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

    printer = _Printer(out, args.json)
    messenger: MessengerApi
    if args.command == "init":
        passphrase = _new_passphrase(args)
        messenger = create_profile(args.profile, passphrase, args.name, args.relay)
    else:
        messenger = open_profile(args.profile, _passphrase(args))
    try:
        handler = _HANDLERS[args.command]
        handler(messenger, args, printer)
    finally:
        messenger.lock()
    return EXIT_OK


# --- passphrases --------------------------------------------------------------------------------


def _passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file is not None:
        return _read_passphrase_file(args.passphrase_file)
    if "BISIK_PASSPHRASE" in os.environ:
        return os.environ["BISIK_PASSPHRASE"]
    return _prompt("Passphrase: ")


def _new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file is not None:
        return _read_passphrase_file(args.new_passphrase_file)
    env = "BISIK_NEW_PASSPHRASE" if args.command == "passphrase" else "BISIK_PASSPHRASE"
    if env == "BISIK_PASSPHRASE" and args.passphrase_file is not None:
        return _read_passphrase_file(args.passphrase_file)
    if env in os.environ:
        return os.environ[env]
    first = _prompt("New passphrase: ")
    if _prompt("Repeat it: ") != first:
        raise CliError("the two passphrases differ")
    return first


def _read_passphrase_file(path: Path) -> str:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PASSPHRASE_FILE + 1)
    except OSError as exc:
        raise CliError(f"cannot read passphrase file {path}: {exc.strerror}") from exc
    if len(data) > MAX_PASSPHRASE_FILE:
        raise CliError("passphrase file is too large")
    try:
        text = data.decode().rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise CliError("passphrase file is not UTF-8 text") from exc
    if not text:
        raise CliError("passphrase file is empty")
    return text


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError("no passphrase: use --passphrase-file or BISIK_PASSPHRASE")
    value = getpass.getpass(label)
    if not value:
        raise CliError("empty passphrase")
    return value


# --- output -------------------------------------------------------------------------------------


class _Printer:
    """Prints either readable lines or one JSON document per command."""

    def __init__(self, out: TextIO, as_json: bool) -> None:
        self.out = out
        self.as_json = as_json

    def emit(self, data: Any, text: str) -> None:
        if self.as_json:
            self.out.write(json.dumps(_plain(data), ensure_ascii=False) + "\n")
        elif text:
            self.out.write(text + "\n")
        self.out.flush()


def _plain(value: Any) -> Any:
    """Dataclasses and enums as JSON-ready values."""
    if hasattr(value, "__dataclass_fields__"):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def _contact_line(contact: Contact) -> str:
    flags = [contact.trust.value]
    if not contact.accepted:
        flags.append("request")
    if contact.blocked:
        flags.append("blocked")
    return f"{contact.contact_id[:12]}  {contact.display_name or '(no name)'}  [{', '.join(flags)}]"


def _message_line(message: Message, names: dict[str, str]) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(message.sent_at))
    who = "me" if message.direction.value == "out" else names.get(message.sender_id, "them")
    body = message.body
    if message.attachment is not None:
        body = f"[file {message.attachment.name}, {message.attachment.size} bytes] {body}".strip()
    status = f" ({message.status.value})" if message.direction.value == "out" else ""
    return f"#{message.message_id} {stamp} {who}: {body}{status}"


# --- commands -----------------------------------------------------------------------------------

Handler = Callable[["MessengerApi", argparse.Namespace, _Printer], None]


def _init(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    link, published = m.invite_link(), m.keys_ready()
    data = {"account_id": m.own_account_id(), "invite": link, "prekeys_published": published}
    note = "" if published else "\n(relay not reachable: keys are published on the next sync)"
    p.emit(data, f"Profile created for {m.own_display_name()}.\nYour invite link:\n{link}{note}")


def _invite(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    link = m.invite_link(https=args.https)
    p.emit({"invite": link}, link)


def _add(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    contact = m.add_contact(args.link)
    p.emit(contact, f"Added {contact.display_name or contact.contact_id}.")


def _contacts(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    contacts = [c for c in m.contacts() if c.accepted or c.blocked]
    waiting = len(m.requests())
    lines = [_contact_line(c) for c in contacts] or ["No contacts yet."]
    if waiting:
        lines.append(f"{waiting} message request(s): bisik-cli requests")
    p.emit(contacts, "\n".join(lines))


def _requests(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    """Strangers' messages wait here, apart from every contact, until the user answers."""
    waiting = m.requests()
    if args.action == "list":
        p.emit(waiting, "\n".join(_contact_line(c) for c in waiting) or "No message requests.")
        return
    if args.contact is None:
        raise CliError(f"requests {args.action} needs the request's id or name")
    chosen = m.find_contact(args.contact)
    if chosen not in waiting:
        raise CliError(f"{args.contact} is not a message request")
    act, done = {
        "accept": (m.accept_request, "Accepted"),
        "block": (m.block, "Blocked"),
        "delete": (m.delete_request, "Deleted"),
    }[args.action]
    act(chosen.contact_id)
    m.flush_outbox()  # an accepted request is told our name
    name = chosen.display_name or chosen.contact_id[:12]
    p.emit(
        {"contact_id": chosen.contact_id, "action": args.action}, f"{done} the request of {name}."
    )


def _move_to(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    told = m.announce_key_change(args.link)
    m.flush_outbox()
    p.emit({"told": told}, f"Told {told} contact(s) about the new install, signed by this key.")


def _send(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    _show_sent(m, m.send_text(_conversation(m, args), args.text), p)


def _send_file(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    _show_sent(m, m.send_file(_conversation(m, args), args.path), p)


def _conversation(m: MessengerApi, args: argparse.Namespace) -> int:
    """The conversation with the command's CONTACT."""
    contact = m.find_contact(args.contact)
    return m.conversation_for_contact(contact.contact_id).conversation_id


def _show_sent(m: MessengerApi, message: Message, p: _Printer) -> None:
    """Send what is queued now (if the relay answers), then show where the message stands."""
    m.flush_outbox()
    message = m.message(message.message_id)
    p.emit(message, f"#{message.message_id} {message.status.value}")


def _sync(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    added: list[Message] = []
    unsubscribe = m.subscribe(
        lambda e: added.append(e.message) if isinstance(e, MessageAdded) else None
    )
    try:
        received = m.sync_once(wait=args.wait)
    finally:
        unsubscribe()
    incoming = [msg for msg in added if msg.direction.value == "in"]
    names = {c.contact_id: c.display_name for c in m.contacts()}
    lines = [_message_line(msg, names) for msg in incoming]
    pending, refused = m.outbox_size(), m.refused_count()
    summary = f"{received} received, {pending} waiting to send"
    if refused:
        summary += f", {refused} refused (blocked, or too many message requests)"
    p.emit(
        {"received": received, "messages": incoming, "pending": pending, "refused": refused},
        "\n".join([*lines, summary]),
    )


def _history(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    contact = m.find_contact(args.contact)
    conversation = m.conversation_for_contact(contact.contact_id)
    messages = list(reversed(m.messages_before(conversation.conversation_id, None, args.limit)))
    names = {contact.contact_id: contact.display_name}
    p.emit(messages, "\n".join(_message_line(msg, names) for msg in messages) or "No messages.")


def _safety_number(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    contact = m.find_contact(args.contact)
    number = m.safety_number(contact.contact_id)
    p.emit(
        {"contact_id": contact.contact_id, "safety_number": number, "trust": contact.trust},
        f"{number}\n({contact.trust.value})",
    )


def _contact_command(act: Callable[[MessengerApi, str], Contact | None], done: str) -> Handler:
    """A command that changes one contact and then shows it; `done` gets its display name. An
    action that moves the contact to another id (an accepted key change) returns it."""

    def handler(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
        contact = m.find_contact(args.contact)
        moved = act(m, contact.contact_id)
        p.emit(moved or m.find_contact(contact.contact_id), done.format(contact.display_name))

    return handler


def _timer(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    m.set_disappearing(_conversation(m, args), args.seconds)
    m.flush_outbox()
    p.emit({"seconds": args.seconds}, f"Disappearing messages: {args.seconds or 'off'}")


def _save(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    m.save_attachment(args.message_id, args.dest)
    p.emit({"saved": str(args.dest)}, f"Saved to {args.dest}")


def _passphrase_change(m: MessengerApi, args: argparse.Namespace, p: _Printer) -> None:
    m.change_passphrase(_passphrase(args), _new_passphrase(args))
    p.emit({"changed": True}, "Passphrase changed.")


_HANDLERS: dict[str, Handler] = {
    "init": _init,
    "invite": _invite,
    "add": _add,
    "contacts": _contacts,
    "requests": _requests,
    "move-to": _move_to,
    "send": _send,
    "send-file": _send_file,
    "sync": _sync,
    "history": _history,
    "safety-number": _safety_number,
    "verify": _contact_command(lambda m, c: m.mark_verified(c), "{} is now verified."),
    "accept-key": _contact_command(
        lambda m, c: m.accept_identity_change(c), "Accepted the new key of {}."
    ),
    "accept": _contact_command(lambda m, c: m.accept_request(c), "Accepted {}."),
    "block": _contact_command(lambda m, c: m.block(c), "Blocked {}."),
    "timer": _timer,
    "save": _save,
    "passphrase": _passphrase_change,
}

if __name__ == "__main__":
    sys.exit(main())
