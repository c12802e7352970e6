"""bisik-cli's commands, each a function of the unlocked messenger, its arguments and the
printer; `HANDLERS` maps a command's name to it."""

from __future__ import annotations

import argparse
import glob
import sys
from collections.abc import Callable
from pathlib import Path

from app.cli.devices import device_command
from app.cli.groups import find_group, group_command, member_names
from app.cli.output import Printer, contact_line, message_line
from app.cli.parser import CliError, proxy_override
from app.cli.passphrase import backup_code, new_passphrase, passphrase
from app.service.api import Contact, Message, MessageAdded, MessengerApi
from app.service.errors import ContactNotFound

Handler = Callable[["MessengerApi", argparse.Namespace, Printer], None]


def _init(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    link, published = m.invite_link(), m.keys_ready()
    data = {"account_id": m.own_account_id(), "invite": link, "prekeys_published": published}
    note = "" if published else "\n(relay not reachable: keys are published on the next sync)"
    p.emit(data, f"Profile created for {m.own_display_name()}.\nYour invite link:\n{link}{note}")


def _invite(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    link = m.invite_link(https=args.https)
    p.emit({"invite": link}, link)


def _add(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    contact = m.add_contact(args.link)
    p.emit(contact, f"Added {contact.display_name or contact.contact_id}.")


def _contacts(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    contacts = [c for c in m.contacts() if c.accepted or c.blocked]
    waiting = len(m.requests())
    lines = [contact_line(c) for c in contacts] or ["No contacts yet."]
    if waiting:
        lines.append(f"{waiting} message request(s): bisik-cli requests")
    p.emit(contacts, "\n".join(lines))


def _requests(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    """Strangers' messages wait here, apart from every contact, until the user answers."""
    waiting = m.requests()
    if args.action == "list":
        p.emit(waiting, "\n".join(contact_line(c) for c in waiting) or "No message requests.")
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


def _move_to(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    told = m.announce_key_change(args.link)
    m.flush_outbox()
    p.emit({"told": told}, f"Told {told} contact(s) about the new install, signed by this key.")


def _send(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    _show_sent(m, m.send_text(_conversation(m, args), args.text), p)


def _send_file(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    _show_sent(m, m.send_file(_conversation(m, args), args.path), p)


def _conversation(m: MessengerApi, args: argparse.Namespace) -> int:
    """The conversation with the command's CONTACT."""
    contact = m.find_contact(args.contact)
    return m.conversation_for_contact(contact.contact_id).conversation_id


def _show_sent(m: MessengerApi, message: Message, p: Printer) -> None:
    """Send what is queued now (if the relay answers), then show where the message stands."""
    m.flush_outbox()
    message = m.message(message.message_id)
    p.emit(message, f"#{message.message_id} {message.status.value}")


def _sync(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    added: list[Message] = []
    unsubscribe = m.subscribe(
        lambda e: added.append(e.message) if isinstance(e, MessageAdded) else None
    )
    try:
        received = m.sync_once(wait=args.wait)
    finally:
        unsubscribe()
    incoming = [msg for msg in added if msg.direction.value == "in"]
    names = member_names(m)
    groups = {c.conversation_id: c.group_name for c in m.conversations() if c.is_group}
    lines = [message_line(msg, names, groups.get(msg.conversation_id, "")) for msg in incoming]
    pending, refused = m.outbox_size(), m.refused_count()
    summary = f"{received} received, {pending} waiting to send"
    if refused:
        summary += f", {refused} refused (blocked, or too many message requests)"
    p.emit(
        {"received": received, "messages": incoming, "pending": pending, "refused": refused},
        "\n".join([*lines, summary]),
    )


def _history(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    """A contact's conversation, or a group's (by its name or conversation id)."""
    try:
        contact = m.find_contact(args.contact)
    except ContactNotFound:
        conversation = find_group(m, args.contact)
    else:
        conversation = m.conversation_for_contact(contact.contact_id)
    messages = list(reversed(m.messages_before(conversation.conversation_id, None, args.limit)))
    names = member_names(m)
    p.emit(messages, "\n".join(message_line(msg, names) for msg in messages) or "No messages.")


def _safety_number(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    contact = m.find_contact(args.contact)
    number = m.safety_number(contact.contact_id)
    p.emit(
        {"contact_id": contact.contact_id, "safety_number": number, "trust": contact.trust},
        f"{number}\n({contact.trust.value})",
    )


def _contact_command(act: Callable[[MessengerApi, str], Contact | None], done: str) -> Handler:
    """A command that changes one contact and then shows it; `done` gets its display name. An
    action that moves the contact to another id (an accepted key change) returns it."""

    def handler(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
        contact = m.find_contact(args.contact)
        moved = act(m, contact.contact_id)
        p.emit(moved or m.find_contact(contact.contact_id), done.format(contact.display_name))

    return handler


def _timer(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    m.set_disappearing(_conversation(m, args), args.seconds)
    m.flush_outbox()
    p.emit({"seconds": args.seconds}, f"Disappearing messages: {args.seconds or 'off'}")


def _save(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    m.save_attachment(args.message_id, args.dest)
    p.emit({"saved": str(args.dest)}, f"Saved to {args.dest}")


def _passphrase_change(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    m.change_passphrase(passphrase(args), new_passphrase(args))
    p.emit({"changed": True}, "Passphrase changed.")


def _proxy(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    """Show the proxy in effect, or store one in the profile; a password in it never shows."""
    from app.service.messenger import redacted_proxy

    if (args.action == "set") != bool(args.url):
        raise CliError("proxy set takes a URL (Tor: socks5h://127.0.0.1:9050); show, clear none")
    if args.action != "show":
        m.set_proxy_url(args.url)  # None for clear
    shown = redacted_proxy(m.proxy_url())
    source = "profile" if args.action != "show" or proxy_override(args) is None else "override"
    text = f"Proxy: {shown}" if shown else "No proxy: the relay is reached directly."
    if source == "override":
        text += " (for this run, from --proxy or BISIK_PROXY)"
    p.emit({"proxy": shown, "from": source}, text)


def _progress(label: str) -> Callable[[int, int], None] | None:
    """A progress line on stderr when it is a terminal; None (nothing printed) otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        end = "\n" if done >= total else ""
        print(f"\r{label}: {percent:3d}%", end=end, file=sys.stderr, flush=True)

    return show


def restore_backup(args: argparse.Namespace, proxy: str | None) -> MessengerApi:
    """`backup restore FILE`: dispatched before any profile is opened, as `init` is; the
    `backup` handler then reports on the restored profile."""
    from app.service.account import restore_profile

    code = backup_code(args)
    secret = new_passphrase(args)
    before = set(_kept_aside(args.profile))
    messenger = restore_profile(
        args.file,
        code,
        args.profile,
        secret,
        replace=args.replace,
        progress=_progress("Restoring"),
        proxy=proxy,
    )
    aside = sorted(set(_kept_aside(args.profile)) - before)
    args.kept_aside = aside[-1] if aside else None
    return messenger


def _kept_aside(profile: Path) -> list[Path]:
    return list(profile.parent.glob(f"{glob.escape(profile.name)}.before-restore-*"))


def _backup(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    if args.backup_action == "restore":
        _restored(m, args, p)
        return
    result = m.create_backup(
        args.file,
        include_attachments=not args.no_attachments,
        new_code=args.new_code,
        progress=_progress("Backing up"),
    )
    data = {
        "file": str(args.file),
        "code": result.code,
        "messages": result.messages,
        "attachments": result.attachments,
        "bytes": result.size,
    }
    left_out = ", attachments left out" if args.no_attachments else ""
    text = (
        f"Backup written to {args.file}: {result.messages} messages,"
        f" {result.attachments} attachments{left_out}, {result.size:,} bytes."
    )
    if result.code is not None:
        text += (
            f"\n\nYour backup code:\n\n    {result.code}\n\n"
            "Write it down now and keep it safe. It is shown only this once, and without it"
            " the backup cannot be read. Later backups use the same code."
        )
    else:
        text += "\nIt opens with the backup code you wrote down (--new-code makes a new one)."
    p.emit(data, text)


def _restored(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    conversations = m.conversations()
    messages = sum(m.message_count(c.conversation_id) for c in conversations)
    aside: Path | None = getattr(args, "kept_aside", None)
    data = {
        "profile": str(args.profile),
        "account_id": m.own_account_id(),
        "conversations": len(conversations),
        "messages": messages,
        "kept_aside": None if aside is None else str(aside),
    }
    lines = [
        f"Restored the profile of {m.own_display_name()} into {args.profile}:"
        f" {len(conversations)} conversations, {messages} messages.",
        "The next message to each contact starts a new session; messages that were waiting"
        " to be sent are marked failed, to retry.",
    ]
    if aside is not None:
        lines.append(f"The profile that was there is kept in {aside}.")
    p.emit(data, "\n".join(lines))


HANDLERS: dict[str, Handler] = {
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
    "proxy": _proxy,
    "backup": _backup,
    "group": group_command,
    "device": device_command,
}
