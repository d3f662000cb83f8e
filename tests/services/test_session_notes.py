"""The live call's session: the note rules are applied once, before anything reaches the journal."""

from __future__ import annotations

from tui.store.journal import read_journal


def test_card_numbers_in_a_draft_are_masked_before_the_disk(desk) -> None:
    session, _ = desk.start_call("")
    session.save_draft(1.0, "card 4111 1111 1111 1111 cvv 123")
    assert session.writer.flush()
    session.abandon()
    raw = session.journal.read_bytes()
    assert b"4111 1111 1111" not in raw and b"cvv 123" not in raw
    assert read_journal(session.journal)[1]["text"].endswith("1111 cvv ***")


def test_a_note_typed_with_a_card_is_journaled_masked_once_and_says_so(desk) -> None:
    session, _ = desk.start_call("")
    note = session.call.add_note("-15s card 4111 1111 1111 1111 ")
    assert note is not None and note.masked and note.text == "card **** **** **** 1111"
    assert session.writer.flush()
    session.abandon()
    events, _ = read_journal(session.journal)
    assert events[-1] == {"t": 0.0, "type": "note", "n": 0, "text": "card **** **** **** 1111", "masked": True}
