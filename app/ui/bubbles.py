"""The chat bubbles' delegate: day separators, bubbles, quotes, attachment cards, ticks,
reactions and retry, painted where `bubble_layout` puts them."""

from __future__ import annotations

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

from app.service.api import Direction, Message, MessageStatus
from app.ui.avatar import name_color
from app.ui.bubble_layout import (
    BubbleLayout,
    bubble_layout,
    is_system,
    name_font,
    reaction_text,
    shown_text,
    small_font,
    system_text,
    text_flags,
)
from app.ui.formatting import day_label, format_size, local_day
from app.ui.models import AnyIndex, Role
from app.ui.theme import DARK, colors


class MessageDelegate(QStyledItemDelegate):
    """Paints day separators, bubbles, quotes, attachment cards, ticks, reactions and retry."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view

    def layout_for(self, index: AnyIndex, width: int | None = None) -> BubbleLayout:
        message: Message = index.data(Role.MESSAGE)
        previous = index.sibling(index.row() - 1, 0).data(Role.MESSAGE) if index.row() else None
        w = self._row_width() if width is None else width
        return bubble_layout(message, previous, w, self._view.font(), self._sender(index))

    @staticmethod
    def _sender(index: AnyIndex) -> str:
        """The author's name: a group member's, or for a timer line in a 1:1 chat the peer's."""
        sender: str = index.data(Role.SENDER_NAME) or ""
        if not sender and is_system(index.data(Role.MESSAGE)):
            sender = index.data(Role.PEER_NAME) or ""
        return sender

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
        small = small_font(font)
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

        if layout.system:
            self._paint_system(painter, layout, system_text(message, self._sender(index)), small)
            painter.restore()
            return

        fill = QColor(c.bubble_out if outgoing else c.bubble_in)
        ink = QColor(c.bubble_out_text if outgoing else c.bubble_in_text)
        faint = QColor(ink)
        faint.setAlpha(185)
        if option.state & QStyle.StateFlag.State_Selected:
            fill = fill.darker(115) if outgoing else fill.darker(108)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(layout.bubble, 14, 14)

        if layout.name is not None:
            bold = name_font(font)
            painter.setFont(bold)
            painter.setPen(name_color(message.sender_id, c is DARK))
            sender = QFontMetrics(bold).elidedText(
                self._sender(index), Qt.TextElideMode.ElideRight, layout.name.width()
            )
            painter.drawText(layout.name, Qt.AlignmentFlag.AlignLeft, sender)
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
            painter.drawText(layout.body, text_flags(), shown_text(message))

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
            painter.drawText(layout.reactions, Qt.AlignmentFlag.AlignCenter, reaction_text(message))
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

    def _paint_system(
        self, painter: QPainter, layout: BubbleLayout, text: str, small: QFont
    ) -> None:
        """A centred, muted line about the chat (a timer change), on a faint pill."""
        c = colors()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c.panel))
        painter.drawRoundedRect(layout.bubble, 10, 10)
        painter.setFont(small)
        painter.setPen(QColor(c.muted))
        assert layout.body is not None
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignHCenter)
        painter.drawText(layout.body, flags, text)

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
        painter.setFont(small_font(small))
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
