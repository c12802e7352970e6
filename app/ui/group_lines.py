"""A group's membership changes as sentences in the chat ("Ani added Dewi").

The service stores each change as a message of kind "group" whose body is a small JSON object
(app/service/group_receive.py `changes`): `e` the event, `by` the author's name, `who` the names
it concerns, `name` the group's name; an empty name stands for this profile ("you").
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication


def _you(name: object, *, subject: bool) -> str:
    if not isinstance(name, str) or name:
        return str(name)
    return (
        QCoreApplication.translate("GroupLine", "You")
        if subject
        else QCoreApplication.translate("GroupLine", "you")
    )


def group_line_text(body: str) -> str:
    """The sentence for one stored change; a generic one for a body it cannot read."""
    try:
        line: Any = json.loads(body)
        event, by, who, name = line["e"], line["by"], line["who"], line["name"]
    except (ValueError, TypeError, KeyError):
        return QCoreApplication.translate("GroupLine", "The group changed.")
    if not isinstance(who, list):
        return QCoreApplication.translate("GroupLine", "The group changed.")
    names = ", ".join(_you(n, subject=False) for n in who)
    templates = {
        "created": QCoreApplication.translate("GroupLine", "%1 created the group “%3”."),
        "added_you": QCoreApplication.translate("GroupLine", "%1 added you to the group."),
        "added": QCoreApplication.translate("GroupLine", "%1 added %2."),
        "removed": QCoreApplication.translate("GroupLine", "%1 removed %2."),
        "left": QCoreApplication.translate("GroupLine", "%1 left the group."),
        "renamed": QCoreApplication.translate("GroupLine", "%1 renamed the group to “%3”."),
        "admin": QCoreApplication.translate("GroupLine", "%1 made %2 an admin."),
        "unadmin": QCoreApplication.translate("GroupLine", "%1 dismissed %2 as admin."),
    }
    template = templates.get(str(event))
    if template is None:
        return QCoreApplication.translate("GroupLine", "The group changed.")
    return (
        template.replace("%1", _you(by, subject=True)).replace("%2", names).replace("%3", str(name))
    )
