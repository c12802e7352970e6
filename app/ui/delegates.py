"""Delegates that paint the conversation list rows and the chat bubbles.

Message geometry is computed once per paint or size query by `bubble_layout`, and the same layout
answers hit tests (retry, attachment), so what is drawn and what is clickable never disagree.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.service.api import Conversation, Direction, Message, MessageStatus
from app.ui.models import AnyIndex, Role
from app.ui.theme import colors

AVATAR_PALETTE = ("#d9534f", "#e8890c", "#2e9d5b", "#1f8a9e", "#2f6fde", "#7a5cd6", "#c2418f")
PAD = 10  # inside a bubble
GAP = 4  # between rows
SEPARATOR_HEIGHT = 34
CARD_HEIGHT = 58


def disappearing_choices() -> list[tuple[int, str]]:
    """Timer values offered for disappearing messages, with their labels."""

    return [
        (0, QCoreApplication.translate("Disappearing", "Off")),
        (300, QCoreApplication.translate("Disappearing", "5 minutes")),
        (3600, QCoreApplication.translate("Disappearing", "1 hour")),
        (86400, QCoreApplication.translate("Disappearing", "1 day")),
        (604800, QCoreApplication.translate("Disappearing", "1 week")),
    ]


def initials(name: str) -> str:
    parts = [p for p in name.split() if p[:1].isalnum()]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[1][0] if len(parts) > 1 else "")
    return letters.upper()


def avatar_color(key: str) -> QColor:
    digest = hashlib.sha256(key.encode()).digest()
    return QColor(AVATAR_PALETTE[digest[0] % len(AVATAR_PALETTE)])


def paint_avatar(painter: QPainter, rect: QRect, name: str, key: str) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(avatar_color(key))
    painter.drawEllipse(rect)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(10, rect.height() * 2 // 5))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.restore()


def short_time(at: float | None, now: float | None = None) -> str:
    """ "14:05" today, a weekday this week, else a short date — as chat lists show it."""
    if at is None:
        return ""
    moment = QDateTime.fromSecsSinceEpoch(int(at))
    today = QDateTime.fromSecsSinceEpoch(int(now or time.time())).date()
    locale = QLocale()
    if moment.date() == today:
        return locale.toString(moment.time(), "HH:mm")
    if moment.date().daysTo(today) < 7:
        return locale.toString(moment.date(), "ddd")
    return locale.toString(moment.date(), QLocale.FormatType.ShortFormat)


def day_label(day: QDate, today: QDate) -> str:
    if day == today:
        return QCoreApplication.translate("Chat", "Today")
    if day.daysTo(today) == 1:
        return QCoreApplication.translate("Chat", "Yesterday")
    return QLocale().toString(day, "d MMMM yyyy")


def local_day(at: float) -> QDate:
    return QDateTime.fromSecsSinceEpoch(int(at)).date()


class ConversationDelegate(QStyledItemDelegate):
    """Avatar with initials, name, time, one-line preview and an unread badge."""

    HEIGHT = 66

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(option.rect.width(), self.HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        conv: Conversation | None = index.data(Role.CONVERSATION)
        if conv is None:
            return
        c = colors()
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(c.highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(c.base))
        avatar = QRect(rect.left() + 12, rect.top() + (rect.height() - 42) // 2, 42, 42)
        paint_avatar(painter, avatar, conv.contact.display_name, conv.contact.contact_id)

        left = avatar.right() + 12
        right = rect.right() - 12
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.88)

        stamp = short_time(conv.last_message_at)
        painter.setFont(small)
        stamp_w = QFontMetrics(small).horizontalAdvance(stamp)
        top_line = QRect(left, rect.top() + 12, right - left, 20)
        painter.setPen(QColor(c.accent if conv.unread else c.muted))
        painter.drawText(
            top_line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, stamp
        )

        painter.setFont(bold)
        painter.setPen(QColor(c.text))
        name_rect = QRect(left, top_line.top(), top_line.width() - stamp_w - 8, 20)
        name = QFontMetrics(bold).elidedText(
            conv.contact.display_name, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(
            name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name
        )

        badge_w = 0
        bottom_line = QRect(left, rect.top() + 35, right - left, 20)
        if conv.unread:
            painter.setFont(small)
            text = str(conv.unread) if conv.unread < 1000 else "999+"
            badge_w = max(20, QFontMetrics(small).horizontalAdvance(text) + 12)
            badge = QRect(right - badge_w, bottom_line.top(), badge_w, 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.accent))
            painter.drawRoundedRect(badge, 10, 10)
            painter.setPen(QColor(c.accent_text))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        preview = conv.last_message_preview.replace("\n", " ")
        if not conv.contact.accepted:
            preview = QCoreApplication.translate("Chat", "Message request")
        elif conv.contact.blocked:
            preview = QCoreApplication.translate("Chat", "Blocked")
        painter.setFont(base)
        painter.setPen(QColor(c.muted))
        preview_rect = bottom_line.adjusted(0, 0, -(badge_w + 8 if badge_w else 0), 0)
        painter.drawText(
            preview_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(base).elidedText(
                preview, Qt.TextElideMode.ElideRight, preview_rect.width()
            ),
        )
        painter.restore()


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
    small = QFontMetrics(_small(font))
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
    text = _shown_text(message)
    if message.attachment is not None:
        inner_w = max(inner_w, min(max_inner, 260))
    if text:
        bound = fm.boundingRect(QRect(0, 0, max_inner, 100_000), _text_flags(), text)
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
        chips = _reaction_text(message)
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


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    return small


def _text_flags() -> int:
    return int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)


def _shown_text(message: Message) -> str:
    if message.deleted:
        return QCoreApplication.translate("Chat", "This message was deleted.")
    if message.kind == "unsupported":
        return QCoreApplication.translate("Chat", "This message needs a newer version of Bisik.")
    if message.kind == "timer":
        return message.body or QCoreApplication.translate("Chat", "Disappearing messages changed.")
    return message.body


def _reaction_text(message: Message) -> str:
    counts: dict[str, int] = {}
    for emoji in message.reactions.values():
        counts[emoji] = counts.get(emoji, 0) + 1
    return "  ".join(f"{e} {n}" if n > 1 else e for e, n in counts.items())


def format_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class MessageDelegate(QStyledItemDelegate):
    """Paints day separators, bubbles, quotes, attachment cards, ticks, reactions and retry."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view

    def layout_for(self, index: AnyIndex, width: int | None = None) -> BubbleLayout:
        message: Message = index.data(Role.MESSAGE)
        previous = index.sibling(index.row() - 1, 0).data(Role.MESSAGE) if index.row() else None
        w = self._row_width() if width is None else width
        return bubble_layout(message, previous, w, self._view.font())

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        if index.data(Role.MESSAGE) is None:
            return QSize(0, 0)
        width = self._row_width()
        return QSize(width, self.layout_for(index, width).height)

    def _row_width(self) -> int:
        viewport = getattr(self._view, "viewport", None)
        return max(200, (viewport().width() if viewport else self._view.width()) - 2)

    def hit(self, index: QModelIndex, row_rect: QRect, pos: QPoint) -> str | None:
        """ "retry", "attachment" or None for a click at `pos` (viewport coordinates)."""
        layout = self.layout_for(index, self._row_width())
        local = pos - row_rect.topLeft()
        if layout.retry is not None and layout.retry.contains(local):
            return "retry"
        if layout.card is not None and layout.card.contains(local):
            return "attachment"
        return None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        message: Message | None = index.data(Role.MESSAGE)
        if message is None:
            return
        c = colors()
        layout = self.layout_for(index, self._row_width())
        font = self._view.font()
        small = _small(font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(option.rect.topLeft())
        outgoing = message.direction is Direction.OUTGOING

        if layout.separator is not None:
            today = QDate.currentDate()
            label = day_label(local_day(message.sent_at), today)
            painter.setFont(small)
            w = QFontMetrics(small).horizontalAdvance(label) + 24
            pill = QRect((layout.separator.width() - w) // 2, layout.separator.top() + 6, w, 22)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.bubble_in))
            painter.drawRoundedRect(pill, 11, 11)
            painter.setPen(QColor(c.muted))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)

        fill = QColor(c.bubble_out if outgoing else c.bubble_in)
        ink = QColor(c.bubble_out_text if outgoing else c.bubble_in_text)
        faint = QColor(ink)
        faint.setAlpha(185)
        if option.state & QStyle.StateFlag.State_Selected:
            fill = fill.darker(115) if outgoing else fill.darker(108)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(layout.bubble, 14, 14)

        if layout.quote is not None:
            quoted = index.data(Role.QUOTED)
            self._paint_quote(painter, layout.quote, quoted, index.data(Role.PEER_NAME), ink, small)
        if layout.card is not None and message.attachment is not None:
            self._paint_card(painter, layout.card, message, ink, small)
        if layout.body is not None:
            painter.setFont(font)
            painter.setPen(ink)
            if message.deleted or message.kind != "text":
                italic = QFont(font)
                italic.setItalic(True)
                painter.setFont(italic)
            painter.drawText(layout.body, _text_flags(), _shown_text(message))

        painter.setFont(small)
        painter.setPen(faint)
        stamp = QLocale().toString(
            QDateTime.fromSecsSinceEpoch(int(message.sent_at)).time(), "HH:mm"
        )
        if message.edited:
            stamp = QCoreApplication.translate("Chat", "edited") + "  " + stamp
        footer = layout.footer
        tick_w = 22 if outgoing else 0
        painter.drawText(
            footer.adjusted(0, 0, -tick_w, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            stamp,
        )
        if outgoing:
            tick_rect = QRect(footer.right() - 18, footer.top(), 18, footer.height())
            paint_ticks(painter, tick_rect, message.status, faint)

        if layout.reactions is not None:
            painter.setPen(QPen(QColor(c.border), 1))
            painter.setBrush(QColor(c.base))
            painter.drawRoundedRect(layout.reactions, layout.reactions.height() / 2, 10)
            painter.setPen(QColor(c.text))
            painter.drawText(
                layout.reactions, Qt.AlignmentFlag.AlignCenter, _reaction_text(message)
            )
        if layout.retry is not None:
            painter.setPen(QColor(c.danger))
            underline = QFont(small)
            underline.setUnderline(True)
            painter.setFont(underline)
            painter.drawText(
                layout.retry,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                QCoreApplication.translate("Chat", "Not sent. Click to retry."),
            )
        painter.restore()

    def _paint_quote(
        self,
        painter: QPainter,
        rect: QRect,
        quoted: Message | None,
        peer_name: str,
        ink: QColor,
        small: QFont,
    ) -> None:
        shade = QColor(ink)
        shade.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(shade)
        painter.drawRoundedRect(rect, 6, 6)
        painter.setBrush(ink)
        painter.drawRect(QRect(rect.left(), rect.top(), 3, rect.height()))
        text = (
            (quoted.body or (quoted.attachment.name if quoted.attachment else "")) if quoted else ""
        )
        if quoted is None:
            who = QCoreApplication.translate("Chat", "Reply")
        elif quoted.direction is Direction.OUTGOING:
            who = QCoreApplication.translate("Chat", "You")
        else:
            who = peer_name
        painter.setPen(ink)
        bold = QFont(small)
        bold.setBold(True)
        painter.setFont(bold)
        fm = QFontMetrics(small)
        inner = rect.adjusted(9, 4, -6, -4)
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), fm.height()), 0, who)
        painter.setFont(small)
        line = fm.elidedText(
            text.replace("\n", " ")
            or QCoreApplication.translate("Chat", "Original message not loaded"),
            Qt.TextElideMode.ElideRight,
            inner.width(),
        )
        painter.drawText(
            QRect(inner.left(), inner.top() + fm.height(), inner.width(), fm.height()), 0, line
        )

    def _paint_card(
        self, painter: QPainter, rect: QRect, message: Message, ink: QColor, small: QFont
    ) -> None:
        info = message.attachment
        assert info is not None
        shade = QColor(ink)
        shade.setAlpha(30)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(shade)
        painter.drawRoundedRect(rect, 8, 8)
        glyph = QRect(rect.left() + 8, rect.top() + 9, 32, 40)
        path = QPainterPath()
        path.addRoundedRect(QRectF(glyph), 4, 4)
        painter.setPen(QPen(ink, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setFont(_small(small))
        painter.drawText(
            glyph,
            Qt.AlignmentFlag.AlignCenter,
            (info.name.rsplit(".", 1)[-1][:4] if "." in info.name else "").upper(),
        )
        text_left = glyph.right() + 10
        text_w = rect.right() - 8 - text_left
        bold = QFont(small)
        bold.setBold(True)
        painter.setFont(bold)
        fm = QFontMetrics(bold)
        downloading = not info.complete and info.transferred > 0
        block = 2 * fm.height() + 2 + (10 if downloading else 0)  # name, status, progress bar
        text_top = rect.top() + (rect.height() - block) // 2
        painter.drawText(
            QRect(text_left, text_top, text_w, fm.height()),
            0,
            fm.elidedText(info.name, Qt.TextElideMode.ElideMiddle, text_w),
        )
        painter.setFont(small)
        if info.complete:
            status = format_size(info.size)
        elif info.transferred == 0 and message.direction is Direction.INCOMING:
            status = (
                format_size(info.size)
                + " · "
                + QCoreApplication.translate("Chat", "click to download")
            )
        else:
            status = f"{format_size(info.transferred)} / {format_size(info.size)}"
        painter.drawText(
            QRect(text_left, text_top + 2 + fm.height(), text_w, fm.height()), 0, status
        )
        if downloading:
            bar = QRectF(text_left, text_top + 2 * fm.height() + 8, text_w, 4)
            track = QColor(ink)
            track.setAlpha(60)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 2, 2)
            done = bar.adjusted(
                0, 0, -(bar.width() * (1 - info.transferred / max(1, info.size))), 0
            )
            painter.setBrush(ink)
            painter.drawRoundedRect(done, 2, 2)


def paint_ticks(painter: QPainter, rect: QRect, status: MessageStatus, ink: QColor) -> None:
    """Clock (pending), one tick (sent), two (delivered), two coloured (read), "!" (failed)."""
    c = colors()
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    mid = QPointF(rect.center())
    if status is MessageStatus.PENDING:
        painter.setPen(QPen(ink, 1.3))
        painter.drawEllipse(mid, 5.0, 5.0)
        painter.drawLine(mid, mid + QPointF(0, -3.5))
        painter.drawLine(mid, mid + QPointF(2.5, 0))
    elif status is MessageStatus.FAILED:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c.danger))
        painter.drawEllipse(mid, 6.0, 6.0)
        painter.setPen(QPen(QColor("#ffffff"), 1.6))
        painter.drawLine(mid + QPointF(0, -3.5), mid + QPointF(0, 1))
        painter.drawPoint(mid + QPointF(0, 3.2))
    else:
        color = QColor(c.read_tick) if status is MessageStatus.READ else ink
        painter.setPen(
            QPen(
                color,
                1.6,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        offsets = (0.0,) if status is MessageStatus.SENT else (-3.0, 2.0)
        for dx in offsets:
            path = QPainterPath(mid + QPointF(dx - 4, 0))
            path.lineTo(mid + QPointF(dx - 1.5, 2.8))
            path.lineTo(mid + QPointF(dx + 4, -3.2))
            painter.drawPath(path)
    painter.restore()
