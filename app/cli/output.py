"""bisik-cli's output: readable lines, or one JSON document per command for scripts."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from typing import Any, TextIO

from app.service.api import Contact, Message


class Printer:
    """Prints either readable lines or one JSON document per command."""

    def __init__(self, out: TextIO, as_json: bool) -> None:
        self.out = out
        self.as_json = as_json

    def emit(self, data: Any, text: str) -> None:
        if self.as_json:
            self.out.write(json.dumps(plain(data), ensure_ascii=False) + "\n")
        elif text:
            self.out.write(text + "\n")
        self.out.flush()


def plain(value: Any) -> Any:
    """Dataclasses and enums as JSON-ready values."""
    if hasattr(value, "__dataclass_fields__"):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def contact_line(contact: Contact) -> str:
    flags = [contact.trust.value]
    if not contact.accepted:
        flags.append("request")
    if contact.blocked:
        flags.append("blocked")
    return f"{contact.contact_id[:12]}  {contact.display_name or '(no name)'}  [{', '.join(flags)}]"


def message_line(message: Message, names: dict[str, str], group: str = "") -> str:
    """One message; in a group (`group`, its name) the sender's name is the member's."""
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(message.sent_at))
    who = "me" if message.direction.value == "out" else names.get(message.sender_id, "them")
    if group:
        who = f"[{group}] {who}"
    body = message.body
    if message.attachment is not None:
        body = f"[file {message.attachment.name}, {message.attachment.size} bytes] {body}".strip()
    status = f" ({message.status.value})" if message.direction.value == "out" else ""
    return f"#{message.message_id} {stamp} {who}: {body}{status}"
