"""Messages: keyset paging, unread counts, search, de-duplication, expiry and transactions."""

from __future__ import annotations

import pytest
import sqlcipher3
from hypothesis import given
from hypothesis import strategies as st

from app.session import account_id, identity_public_key
from app.store import NotFound, Store, StoreConflict
from app.store.messages import fts_match
from app.store.records import Direction, MessageStatus

PEER = "b" * 64
OWN_SEED = b"\x01" * 32
OWN = account_id(identity_public_key(OWN_SEED))  # derived from the key (protocol v2)

# Bahasa Indonesia, with a few words in other languages and scripts.
TEXTS = [
    "Selamat pagi! Apa kabar hari ini?",
    "Saya sudah makan nasi goreng di warung dekat kantor.",
    "Besok kita bertemu di stasiun kereta jam tujuh.",
    "Jangan lupa membawa payung, sepertinya akan hujan.",
    "Terima kasih banyak atas bantuannya kemarin.",
    "Rapat dipindahkan ke ruang pertemuan lantai tiga.",
    "Ich wünsche dir einen schönen Tag im Café.",
    "Nous avons mangé une crème brûlée délicieuse.",
    "Встретимся завтра у библиотеки.",
]


def add(store: Store, conversation: int, body: str, **kw: object) -> int:
    message_id = store.add_message(conversation, Direction.INCOMING, PEER, body, 1.0, **kw)  # type: ignore[arg-type]
    assert message_id is not None
    return message_id


def test_ids_increase_and_are_never_reused(store: Store, conversation: int) -> None:
    first = add(store, conversation, "satu")
    second = add(store, conversation, "dua")
    store.delete_messages([second])
    third = add(store, conversation, "tiga")
    assert first < second < third


def test_keyset_paging_walks_the_whole_history_both_ways(store: Store, conversation: int) -> None:
    other = store.add_contact("c" * 64, "Citra")
    other_conversation = store.conversation_for_contact(other.account_id).id
    ids = []
    with store.transaction():
        for i in range(237):
            ids.append(add(store, conversation, f"pesan {i}"))
            add(store, other_conversation, f"lain {i}")  # interleaved, must never show up
    seen: list[int] = []
    before = None
    while page := store.messages_before(conversation, before, 50):
        assert all(m.conversation_id == conversation for m in page)
        seen.extend(m.id for m in page)
        before = page[-1].id
    assert seen == sorted(ids, reverse=True)
    forward: list[int] = []
    after = 0
    while page := store.messages_after(conversation, after, 40):
        forward.extend(m.id for m in page)
        after = page[-1].id
    assert forward == ids
    assert store.message_count(conversation) == 237
    newest = store.messages_before(conversation, None, 1)[0]
    assert newest.body == "pesan 236"
    assert store.messages_before(conversation, ids[0], 50) == []


@pytest.mark.parametrize("limit", [0, -1, 501])
def test_page_limit_is_bounded(store: Store, conversation: int, limit: int) -> None:
    with pytest.raises(ValueError):
        store.messages_before(conversation, None, limit)


def test_unread_counts_and_mark_read(store: Store, conversation: int) -> None:
    incoming = [add(store, conversation, f"masuk {i}") for i in range(5)]
    store.add_message(conversation, Direction.OUTGOING, OWN, "keluar", 2.0)
    assert store.unread_count(conversation) == 5
    assert store.conversation(conversation).unread == 5
    changed = store.mark_read(conversation, up_to_id=incoming[2])
    assert [m.id for m in changed] == incoming[:3]
    assert store.unread_count(conversation) == 2
    assert [m.id for m in store.mark_read(conversation)] == incoming[3:]
    assert store.mark_read(conversation) == []
    assert store.total_unread() == 0


def test_redelivery_is_stored_once(store: Store, conversation: int) -> None:
    first = store.add_message(
        conversation, Direction.INCOMING, PEER, "halo", 1.0, message_uuid="u-1"
    )
    again = store.add_message(
        conversation, Direction.INCOMING, PEER, "halo", 1.0, message_uuid="u-1"
    )
    other_sender = store.add_message(
        conversation, Direction.INCOMING, "c" * 64, "halo", 1.0, message_uuid="u-1"
    )
    assert first is not None and other_sender is not None
    assert again is None
    assert store.message_count(conversation) == 2
    found = store.find_remote_message(PEER, "u-1")
    assert found is not None and found.id == first


def test_search_bahasa_indonesia_and_other_languages(store: Store, conversation: int) -> None:
    ids = {text: add(store, conversation, text) for text in TEXTS}
    hits = store.search("nasi goreng")
    assert [h.message_id for h in hits] == [ids[TEXTS[1]]]
    assert hits[0].conversation_id == conversation
    assert "[nasi] [goreng]" in hits[0].snippet
    assert [h.message_id for h in store.search("kereta")] == [ids[TEXTS[2]]]
    assert [h.message_id for h in store.search("terima")] == [ids[TEXTS[4]]]
    assert [h.message_id for h in store.search("pertemu")] == [ids[TEXTS[5]]]  # prefix
    assert [h.message_id for h in store.search("cafe")] == [ids[TEXTS[6]]]  # diacritics
    assert [h.message_id for h in store.search("CREME BRULEE")] == [ids[TEXTS[7]]]
    assert [h.message_id for h in store.search("библиотеки")] == [ids[TEXTS[8]]]
    assert [h.message_id for h in store.search("kabar hari")] == [ids[TEXTS[0]]]
    assert store.search("tidakada") == []
    assert store.search("   ") == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("AND", True),  # FTS5's operator, searched as the word it is
        ("kopi AND", True),
        ("nasi OR", False),  # "or" is a word too, and this message lacks it
        ("OR NOT", False),
        ("NEAR(nasi kopi)", False),
        ("goreng:kopi", False),
        ('"', False),
        ("*", False),
        ("(", False),
        ("^", False),
        ("'\"'", False),
        ("\x00", False),
    ],
)
def test_search_syntax_in_input_is_just_words(
    store: Store, conversation: int, query: str, found: bool
) -> None:
    message_id = add(store, conversation, "nasi goreng AND kopi")
    add(store, conversation, "teh manis")
    hits = [hit.message_id for hit in store.search(query)]  # never an FTS5 syntax error
    assert hits == ([message_id] if found else [])


@given(st.text(max_size=200))
def test_any_text_makes_a_valid_match_expression(query: str) -> None:
    conn = sqlcipher3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5 (body, tokenize = 'unicode61')")
    conn.execute("INSERT INTO t VALUES ('nasi goreng')")
    match = fts_match(query)
    if match is None:
        assert not query.replace("\x00", " ").split()
    else:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()
    conn.close()


def test_edit_and_delete_keep_the_index_in_step(store: Store, conversation: int) -> None:
    edited = add(store, conversation, "kopi susu")
    gone = add(store, conversation, "teh manis rahasia")
    store.edit_message(edited, "kopi hitam")
    assert store.search("susu") == []
    assert [h.message_id for h in store.search("hitam")] == [edited]
    assert store.message(edited).edited
    store.delete_for_everyone(gone)
    assert store.search("rahasia") == []
    placeholder = store.message(gone)
    assert placeholder.deleted and placeholder.body == ""
    store.delete_messages([edited])
    assert store.search("kopi") == []


def test_expiring_messages_leave_table_and_index(store: Store, conversation: int) -> None:
    soon = add(store, conversation, "pesan sementara", expires_at=100.0)
    later = add(store, conversation, "pesan nanti", expires_at=200.0)
    keep = add(store, conversation, "pesan tetap")
    assert store.next_expiry() == 100.0
    assert store.expire_messages(99.0) == []
    assert store.expire_messages(100.0) == [(conversation, soon)]
    assert [h.message_id for h in store.search("pesan")] == [keep, later]
    assert store.expire_messages(1000.0) == [(conversation, later)]
    assert store.next_expiry() is None
    assert [m.id for m in store.messages_before(conversation)] == [keep]
    store.set_expiry(keep, 5.0)
    assert store.expire_messages(6.0) == [(conversation, keep)]


def test_expiry_removes_the_attachment_too(store: Store, conversation: int) -> None:
    attachment = store.create_attachment("foto.jpg", "image/jpeg", 3)
    store.append_attachment(attachment, b"abc")
    add(store, conversation, "", kind="attachment", attachment_id=attachment, expires_at=1.0)
    store.expire_messages(2.0)
    with pytest.raises(NotFound):
        store.attachment(attachment)


def test_transaction_rolls_back_on_exception(store: Store, conversation: int) -> None:
    add(store, conversation, "sebelum")
    store.store_session(PEER, b"session-1")
    with pytest.raises(RuntimeError), store.transaction():
        add(store, conversation, "di dalam")
        store.store_session(PEER, b"session-2")
        raise RuntimeError("decrypt failed")
    assert store.message_count(conversation) == 1
    assert store.load_session(PEER) == b"session-1"
    assert store.search("dalam") == []


def test_nested_transaction_rolls_back_only_its_part(store: Store, conversation: int) -> None:
    with store.transaction():
        add(store, conversation, "luar")
        with pytest.raises(KeyError), store.transaction():
            add(store, conversation, "dalam")
            raise KeyError
        add(store, conversation, "luar lagi")
    assert [m.body for m in store.messages_before(conversation)] == ["luar lagi", "luar"]


def test_status_reactions_and_reply(store: Store, conversation: int) -> None:
    original = add(store, conversation, "siapa ikut?")
    reply = store.add_message(conversation, Direction.OUTGOING, OWN, "saya", 2.0, reply_to=original)
    assert reply is not None
    assert store.message(reply).status == "sent"
    store.set_status(reply, MessageStatus.DELIVERED)
    assert store.message(reply).status == "delivered"
    assert store.message(reply).reply_to == original
    store.set_reaction(original, OWN, "👍")
    store.set_reaction(original, PEER, "❤️")
    store.set_reaction(original, OWN, "😂")
    assert store.reactions([original, reply]) == {original: {OWN: "😂", PEER: "❤️"}}
    store.set_reaction(original, PEER, None)
    assert store.reactions([original]) == {original: {OWN: "😂"}}
    with pytest.raises(StoreConflict):  # the schema's CHECK, behind the type hint
        store.set_status(reply, "lost")  # type: ignore[arg-type]
