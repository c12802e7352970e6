"""bisik-cli's `group` command: create a group, change its members, leave it, send to it, list
its members and the groups; GROUP is a group's name (unique, any case) or its conversation id."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.output import Printer
from app.cli.parser import CliError
from app.service.api import Conversation, MessengerApi

GROUP_ACTIONS = ("create", "add", "remove", "leave", "send", "members", "list")


def add_group_parser(commands: Any) -> None:
    """`group` and its actions, on bisik-cli's subparsers (`commands`, argparse's private type)."""
    group = commands.add_parser("group", help="private groups: create, add, remove, leave, ...")
    actions = group.add_subparsers(dest="group_action", required=True, parser_class=type(group))
    create = actions.add_parser("create", help="create a group of you and contacts")
    create.add_argument("name")
    create.add_argument("members", nargs="+", metavar="MEMBER", help="contacts (name or id)")
    for name, text in (("add", "add contacts (admins)"), ("remove", "remove members (admins)")):
        change = actions.add_parser(name, help=text)
        change.add_argument("group")
        change.add_argument("members", nargs="+", metavar="MEMBER")
    actions.add_parser("leave", help="leave a group").add_argument("group")
    send = actions.add_parser("send", help="send a text to a group")
    send.add_argument("group")
    send.add_argument("text")
    actions.add_parser("members", help="list a group's members").add_argument("group")
    actions.add_parser("list", help="list your groups")


def find_group(m: MessengerApi, query: str) -> Conversation:
    """The group named `query` (any case, unique) or with that conversation id."""
    groups = [c for c in m.conversations() if c.is_group]
    by_id = [c for c in groups if query.isdigit() and c.conversation_id == int(query)]
    named = by_id or [c for c in groups if c.group_name.casefold() == query.strip().casefold()]
    if len(named) == 1:
        return named[0]
    if named:
        raise CliError(f"{len(named)} groups are named {query!r}: use the conversation id")
    raise CliError(f"no group matches {query!r}")


def group_command(m: MessengerApi, args: argparse.Namespace, p: Printer) -> None:
    action = args.group_action
    if action == "list":
        groups = [c for c in m.conversations() if c.is_group]
        lines = [f"#{c.conversation_id}  {c.group_name}" for c in groups]
        p.emit(
            [{"conversation_id": c.conversation_id, "name": c.group_name} for c in groups],
            "\n".join(lines) or "No groups.",
        )
        return
    if action == "create":
        conversation = m.create_group(args.name, args.members)
        m.flush_outbox()
        _show_members(m, conversation, p, f"Created {conversation.group_name}.")
        return
    conversation = find_group(m, args.group)
    cid = conversation.conversation_id
    if action == "send":
        message = m.send_text(cid, args.text)
        m.flush_outbox()
        message = m.message(message.message_id)
        p.emit(message, f"#{message.message_id} {message.status.value}")
        return
    if action == "members":
        _show_members(m, conversation, p, "")
        return
    if action == "add":
        m.add_group_members(cid, args.members)
    elif action == "remove":
        m.remove_group_members(cid, args.members)
    else:
        m.leave_group(cid)
    m.flush_outbox()
    if action == "leave":
        p.emit({"left": cid}, f"You left {conversation.group_name}.")
        return
    _show_members(m, conversation, p, f"Members of {conversation.group_name} changed.")


def _show_members(m: MessengerApi, conversation: Conversation, p: Printer, head: str) -> None:
    members = m.group_members(conversation.conversation_id)
    lines = [
        f"{g.account_id[:12]}  {g.name or '(no name)'}"
        + (" [admin]" if g.is_admin else "")
        + (" (you)" if g.is_self else "")
        for g in members
    ]
    p.emit(
        {"conversation_id": conversation.conversation_id, "members": members},
        "\n".join([head, *lines] if head else lines),
    )


def member_names(m: MessengerApi) -> dict[str, str]:
    """Account id -> display name, for contacts and the members of every group (who need not be
    contacts), so that a group message shows who wrote it."""
    names: dict[str, str] = {}
    for conversation in m.conversations():
        if conversation.is_group:
            for member in m.group_members(conversation.conversation_id):
                names.setdefault(member.account_id, member.name)
    names.update({c.contact_id: c.display_name for c in m.contacts()})
    return names
