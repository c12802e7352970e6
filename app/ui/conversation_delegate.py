"""The conversation list's rows: avatar, name, time, one-line preview and an unread badge."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.service.api import Conversation
from app.ui.avatar import paint_avatar
from app.ui.formatting import short_time
from app.ui.models import AnyIndex, Role
from app.ui.theme import colors


class ConversationDelegate(QStyledItemDelegate):
    """Avatar with initials, name, time, one-line preview and an unread badge. In a group the
    preview starts with who wrote it, as `last_sender(conversation id)` names them."""

    HEIGHT = 66

    def __init__(
        self, parent: QObject | None = None, last_sender: Callable[[int], str] | None = None
    ) -> None:
        super().__init__(parent)
        self._last_sender = last_sender

    def preview_text(self, conv: Conversation) -> str:
        """The row's second line: the last message, after its author's name in a group."""
        preview = conv.last_message_preview.replace("\n", " ")
        if not conv.contact.accepted:
            return QCoreApplication.translate("Chat", "Message request")
        if conv.contact.blocked:
            return QCoreApplication.translate("Chat", "Blocked")
        sender = self._last_sender(conv.conversation_id) if self._last_sender else ""
        if conv.is_group and sender and preview:
            return f"{sender}: {preview}"
        return preview

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
        contact = conv.contact
        paint_avatar(painter, avatar, contact.display_name, contact.contact_id, conv.is_group)

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
        preview = self.preview_text(conv)
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
