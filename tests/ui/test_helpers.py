"""Small helpers: initials, sizes, search snippets (hostile input), passphrase hints, layout."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.service.api import AttachmentInfo, Direction, Message, MessageStatus
from app.ui.avatar import initials
from app.ui.bubble_layout import bubble_layout
from app.ui.dialogs import snippet_html
from app.ui.formatting import format_size
from app.ui.onboarding import passphrase_strength


def test_initials() -> None:
    assert initials("Ayu Lestari") == "AL"
    assert initials("budi") == "B"
    assert initials("  ") == "?"
    assert initials("🙂 Citra Dewi") == "CD"
    assert initials("Ñoño Ávila Cruz") == "ÑÁ"


def test_format_size() -> None:
    assert format_size(0) == "0 B"
    assert format_size(1023) == "1023 B"
    assert format_size(1536) == "1.5 KB"
    assert format_size(100 * 1024 * 1024) == "100.0 MB"
    assert format_size(5 * 1024**4) == "5120.0 GB"


def test_snippet_marks_matches_and_escapes_everything_else() -> None:
    assert snippet_html("makan [gudeg] di [Wijilan]") == "makan <b>gudeg</b> di <b>Wijilan</b>"
    hostile = snippet_html("<img src=x onerror=alert(1)> [<b>] & ]][[ [")
    assert "<img" not in hostile and "&lt;img" in hostile
    assert "<b>&lt;b&gt;</b>" in hostile and "&amp;" in hostile
    assert snippet_html("") == ""
    assert len(snippet_html("[" * 10_000)) == 10_000


def test_passphrase_strength() -> None:
    assert passphrase_strength("") == 0
    assert passphrase_strength("1234567") == 0
    assert passphrase_strength("abcdefgh") == 1
    assert passphrase_strength("kuda merah makan apel") == 3
    assert passphrase_strength("Tr0ub4dor&3x!") == 2


def test_bubble_layout_sides_and_parts(qapp: QApplication) -> None:
    font = QFont()
    text = Message(1, 1, Direction.INCOMING, "b", "halo " * 200, 1.7e9, 1.7e9, MessageStatus.READ)
    failed, read = MessageStatus.FAILED, MessageStatus.READ
    mine = Message(
        2, 1, Direction.OUTGOING, "a", "ok", 1.7e9, None, failed, 1, reactions={"b": "❤"}
    )
    pdf = AttachmentInfo(3, "a.pdf", "application/pdf", 10, 0, False)
    file = Message(3, 1, Direction.INCOMING, "b", "", 1.7e9 + 86400, 1.7e9, read, attachment=pdf)

    first = bubble_layout(text, None, 800, font)
    assert first.separator is not None and first.bubble.left() < 400
    assert first.body is not None and first.body.width() <= 560  # long text wraps
    assert first.bubble.right() < 800 * 0.8

    reply = bubble_layout(mine, text, 800, font)
    assert reply.separator is None, "same day: no separator"
    assert reply.bubble.right() > 400, "outgoing bubbles sit on the right"
    assert reply.quote is not None and reply.retry is not None and reply.reactions is not None
    assert reply.height > reply.bubble.bottom()

    card = bubble_layout(file, mine, 800, font)
    assert card.separator is not None, "a new day gets a separator"
    assert card.card is not None and card.body is None
