"""Where everything of one chat row goes: computed once per paint or size query by
`bubble_layout`, and the same layout answers hit tests (retry, attachment), so what is drawn and
what is clickable never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics

from app.service.api import Direction, Message, MessageStatus
from app.ui.formatting import disappearing_choices, local_day
from app.ui.group_lines import group_line_text

PAD = 10  # inside a bubble
GAP = 4  # between rows
SEPARATOR_HEIGHT = 34
CARD_HEIGHT = 58
SYSTEM_KINDS = ("timer", "group")  # messages the service stores about the chat, not in it


@dataclass(frozen=True)
class BubbleLayout:
    """Every rectangle of one chat row, relative to the row's top-left corner."""

    height: int
    separator: QRect | None
    bubble: QRect
    quote: QRect | None
    body: QRect | None
    card: QRect | None
    footer: QRect
    reactions: QRect | None
    retry: QRect | None
    name: QRect | None = None  # the sender's name, above the text (groups)
    system: bool = False  # a centred line (a timer change), not a bubble: `bubble` is its pill


def is_system(message: Message) -> bool:
    return message.kind in SYSTEM_KINDS


def bubble_layout(
    message: Message, previous: Message | None, width: int, font: QFont, sender: str = ""
) -> BubbleLayout:
    """Where everything of one row goes; `previous` decides the day separator and, in a group,
    whether `sender` (the author's name) is shown: once for consecutive messages of one author."""
    fm = QFontMetrics(font)
    small = QFontMetrics(small_font(font))
    y = GAP
    separator = None
    if previous is None or local_day(previous.sent_at) != local_day(message.sent_at):
        separator = QRect(0, y, width, SEPARATOR_HEIGHT)
        y += SEPARATOR_HEIGHT
    max_inner = max(120, min(int(width * 0.72), 560) - 2 * PAD)
    if is_system(message):
        text = system_text(message, sender)
        bound = small.boundingRect(QRect(0, 0, max_inner, 10_000), _centred(), text)
        pill = QRect((width - bound.width()) // 2 - 12, y + 4, bound.width() + 24, bound.height())
        pill.setHeight(bound.height() + 8)
        line = pill.adjusted(12, 4, -12, -4)
        y = pill.bottom() + 1 + 4
        return BubbleLayout(
            y + GAP, separator, pill, None, line, None, QRect(), None, None, None, True
        )
    repeat = previous is not None and separator is None and not is_system(previous)
    if repeat and previous is not None and previous.sender_id == message.sender_id:
        sender = ""  # the same author again: the name shows once
    if message.direction is Direction.OUTGOING:
        sender = ""
    inner_w = small.horizontalAdvance("00:00") + 40  # room for the footer
    name_h = 0
    if sender:
        name_h = small.height() + 2
        inner_w = max(inner_w, min(max_inner, name_font_metrics(font).horizontalAdvance(sender)))
    quote_h = 0
    if message.reply_to is not None:
        quote_h = small.height() * 2 + 10
        inner_w = max(inner_w, min(max_inner, 180))
    body_size = QSize(0, 0)
    text = shown_text(message)
    if message.attachment is not None:
        inner_w = max(inner_w, min(max_inner, 260))
    if text:
        bound = fm.boundingRect(QRect(0, 0, max_inner, 100_000), text_flags(), text)
        body_size = QSize(bound.width() + 1, bound.height())
        inner_w = max(inner_w, body_size.width())
    footer_h = small.height()
    top = y
    outgoing = message.direction is Direction.OUTGOING
    x = width - PAD - inner_w - 2 * PAD - 8 if outgoing else 8 + PAD
    cy = top + PAD
    name = None
    if name_h:
        name = QRect(x + PAD, cy - 2, inner_w, name_h)
        cy += name_h
    quote = None
    if quote_h:
        quote = QRect(x + PAD, cy, inner_w, quote_h)
        cy += quote_h + 6
    card = None
    if message.attachment is not None:
        card = QRect(x + PAD, cy, inner_w, CARD_HEIGHT)
        cy += CARD_HEIGHT + (4 if text else 0)
    body = None
    if text:
        body = QRect(x + PAD, cy, inner_w, body_size.height())
        cy += body_size.height()
    footer = QRect(x + PAD, cy + 2, inner_w, footer_h)
    cy = footer.bottom() + 1 + PAD - 2
    bubble = QRect(x, top, inner_w + 2 * PAD, cy - top)
    y = bubble.bottom() + 1
    reactions = None
    if message.reactions:
        chips = reaction_text(message)
        w = small.horizontalAdvance(chips) + 16
        rx = bubble.right() - w - 6 if outgoing else bubble.left() + 6
        reactions = QRect(rx, y - 4, w, small.height() + 6)
        y = reactions.bottom() + 1
    retry = None
    if outgoing and message.status is MessageStatus.FAILED:
        label = QCoreApplication.translate("Chat", "Not sent. Click to retry.")
        w = small.horizontalAdvance(label) + 4
        retry = QRect(bubble.right() - w, y + 2, w, small.height() + 2)
        y = retry.bottom() + 1
    return BubbleLayout(
        y + GAP, separator, bubble, quote, body, card, footer, reactions, retry, name
    )


def small_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    return small


def name_font(font: QFont) -> QFont:
    bold = small_font(font)
    bold.setBold(True)
    return bold


def name_font_metrics(font: QFont) -> QFontMetrics:
    return QFontMetrics(name_font(font))


def _centred() -> int:
    return int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignHCenter)


def text_flags() -> int:
    return int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)


def shown_text(message: Message) -> str:
    if message.deleted:
        return QCoreApplication.translate("Chat", "This message was deleted.")
    if message.kind == "unsupported":
        return QCoreApplication.translate("Chat", "This message needs a newer version of Bisik.")
    if is_system(message):
        return system_text(message, "")
    return message.body


def system_text(message: Message, sender: str) -> str:
    """A timer change as a sentence: who set it (`sender`, or "You") and to what; a group's
    membership change as its own (app/ui/group_lines.py)."""
    if message.kind == "group":
        return group_line_text(message.body)
    choices = dict(disappearing_choices())
    seconds = int(message.body) if message.body.isdigit() else -1
    outgoing = message.direction is Direction.OUTGOING
    if seconds == 0:
        text = (
            QCoreApplication.translate("Chat", "You turned disappearing messages off.")
            if outgoing
            else QCoreApplication.translate("Chat", "%1 turned disappearing messages off.")
        )
    elif seconds > 0:
        text = (
            QCoreApplication.translate("Chat", "You set disappearing messages to %2.")
            if outgoing
            else QCoreApplication.translate("Chat", "%1 set disappearing messages to %2.")
        )
        text = text.replace("%2", choices.get(seconds) or format_duration(seconds))
    else:
        return QCoreApplication.translate("Chat", "Disappearing messages changed.")
    return text.replace("%1", sender or QCoreApplication.translate("Chat", "The other side"))


def format_duration(seconds: int) -> str:
    if seconds % 86400 == 0:
        return QCoreApplication.translate("Chat", "%n day(s)", "", seconds // 86400)
    if seconds % 3600 == 0:
        return QCoreApplication.translate("Chat", "%n hour(s)", "", seconds // 3600)
    return QCoreApplication.translate("Chat", "%n minute(s)", "", max(1, seconds // 60))


def reaction_text(message: Message) -> str:
    counts: dict[str, int] = {}
    for emoji in message.reactions.values():
        counts[emoji] = counts.get(emoji, 0) + 1
    return "  ".join(f"{e} {n}" if n > 1 else e for e, n in counts.items())
