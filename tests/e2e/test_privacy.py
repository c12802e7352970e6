"""After a conversation using every content kind, the relay's database and `bisik-relay inspect`
hold no plaintext and no display name, and neither profile folder holds plaintext."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.support import (
    conversation_id,
    files_containing,
    make_profile,
    pair,
    relay_inspect,
)
from tests.relay_process import relay_process

NAMES = ("Kartika Zephyrine", "Wibisono Quillfeather")
TEXTS = (
    "Kode brankas: 7391-ZEBRA-MANGGA",
    "Kita bertemu di Stasiun Gambir jam sembilan",
    "Jawaban rahasia: kucing oranye bernama Pisang",
)
FILE_TEXT = b"Isi berkas yang sangat pribadi: nomor rekening 0042-77-1234"


def test_relay_and_profiles_hold_no_plaintext(tmp_path: Path) -> None:
    with relay_process(tmp_path / "relay_dir") as relay:
        a = make_profile(tmp_path / "a", NAMES[0], relay.url)
        b = make_profile(tmp_path / "b", NAMES[1], relay.url)
        pair(a, b)
        a_conv, b_conv = conversation_id(a, b), conversation_id(b, a)
        first = a.send_text(a_conv, TEXTS[0])
        a.send_typing(a_conv, True)
        a.flush_outbox()
        b.sync_once()
        incoming = b.messages_before(b_conv, None, 1)[0]
        b.send_text(b_conv, TEXTS[1], reply_to=incoming.message_id)
        b.react(incoming.message_id, "❤")
        b.set_disappearing(b_conv, 3600)
        b.mark_read(b_conv)
        b.set_display_name(NAMES[1] + " Baru")
        document = tmp_path / "pribadi.txt"
        document.write_bytes(FILE_TEXT * 20)
        b.send_file(b_conv, document)
        b.flush_outbox()
        a.sync_once()
        a.send_text(a_conv, TEXTS[2])
        a.flush_outbox()
        assert a.message(first.message_id).reactions == {b.own_account_id(): "❤"}
        reply = a.messages_before(a_conv, None, 5)
        assert any(m.reply_to == first.message_id for m in reply)
        inspect = relay_inspect(relay.db)
        inspect_json = relay_inspect(relay.db, "--json")
        a.lock()
        b.lock()
    assert len(inspect) > 200 and b"envelope" in inspect.lower()
    document.unlink()

    secrets = [t.encode() for t in (*TEXTS, *NAMES)] + [FILE_TEXT[:40], b"Pisang", b"Gambir"]
    assert [s for s in secrets if s in inspect or s in inspect_json] == []
    assert files_containing(tmp_path / "relay_dir", secrets) == []
    assert files_containing(tmp_path / "a", secrets) == []
    assert files_containing(tmp_path / "b", secrets) == []
