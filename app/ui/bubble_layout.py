"""Where everything of one chat row goes: computed once per paint or size query by
`bubble_layout`, and the same layout answers hit tests (retry, attachment), so what is drawn and
what is clickable never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics

from app.service.api import Direction, Message, MessageStatus
from app.ui.formatting import local_day

PAD = 10  # inside a bubble
GAP = 4  # between rows
SEPARATOR_HEIGHT = 34
CARD_HEIGHT = 58


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


def bubble_layout(
    message: Message, previous: Message | None, width: int, font: QFont
) -> BubbleLayout:
    """Where everything of one row goes; `previous` decides the day separator."""
    fm = QFontMetrics(font)
    small = QFontMetrics(small_font(font))
    y = GAP
    separator = None
    if previous is None or local_day(previous.sent_at) != local_day(message.sent_at):
        separator = QRect(0, y, width, SEPARATOR_HEIGHT)
        y += SEPARATOR_HEIGHT
    max_inner = max(120, min(int(width * 0.72), 560) - 2 * PAD)
    inner_w = small.horizontalAdvance("00:00") + 40  # room for the footer
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
    return BubbleLayout(y + GAP, separator, bubble, quote, body, card, footer, reactions, retry)


def small_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    return small


def text_flags() -> int:
    return int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)


def shown_text(message: Message) -> str:
    if message.deleted:
        return QCoreApplication.translate("Chat", "This message was deleted.")
    if message.kind == "unsupported":
        return QCoreApplication.translate("Chat", "This message needs a newer version of Bisik.")
    if message.kind == "timer":
        return message.body or QCoreApplication.translate("Chat", "Disappearing messages changed.")
    return message.body


def reaction_text(message: Message) -> str:
    counts: dict[str, int] = {}
    for emoji in message.reactions.values():
        counts[emoji] = counts.get(emoji, 0) + 1
    return "  ".join(f"{e} {n}" if n > 1 else e for e, n in counts.items())
