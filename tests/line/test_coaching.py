"""/type and /offer in line mode (the desk's F6 and F7): real keys through pipe input, the call read back."""

from __future__ import annotations

from tests.line.pipe_driver import ENTER, F6, F7, UP, Shows, run_line_desk

END = ["/end" + ENTER, ENTER, ENTER]


def events(desk, kind: str) -> list[dict]:
    [record] = list(desk.history.calls())
    return [event for event in record["events"] if event["type"] == kind]


def test_type_by_name_tags_the_call_and_says_the_hint(desk):
    said, _ = run_line_desk(desk, ["/type stubborn" + ENTER, *END])
    assert [(e["tag"], e["value"]) for e in events(desk, "tag")] == [("caller_type", "stubborn")]
    assert "Caller: Stubborn. Acknowledge their view; explain patiently, with facts about the product." in said


def test_type_asks_with_the_list_refuses_a_wrong_answer_and_enter_keeps_the_current_one(desk):
    typed = ["/type" + ENTER, "9" + ENTER, "2" + ENTER, "/type" + ENTER, ENTER, "/type banana" + ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert "1 Emotional: crying, shouting." in said
    assert any(line.startswith("'9' is not one of: 1 Emotional, 2 Principled") for line in said)
    assert "Caller type stays Principled." in said
    assert any(line.startswith("'banana' is not a caller type") for line in said)
    assert [e["value"] for e in events(desk, "tag")] == ["principled"]


def test_f6_keeps_the_half_typed_note(desk):
    said, _ = run_line_desk(desk, ["shouting", F6, "emo" + ENTER, Shows("shouting"), " at us" + ENTER, *END])
    assert [e["value"] for e in events(desk, "tag")] == ["emotional"]
    assert [e["text"] for e in events(desk, "note")] == ["shouting at us"]


def test_offer_on_one_line_is_judged_against_authority(desk):
    said, _ = run_line_desk(desk, ["/offer refund 20 spend 150 accepted" + ENTER, *END])
    assert "Inside your authority: you may offer this now. (limit 30)" in said
    [offer] = events(desk, "offer")
    assert (offer["option"], offer["amount"], offer["prior_spend"], offer["accepted"], offer["within_authority"]) == (
        "refund",
        20.0,
        150.0,
        True,
        True,
    )
    assert not any("Offer a second" in line for line in said)  # accepted: no L8 nudge


def test_offer_asks_what_is_missing_one_line_each_then_nudges_for_a_second_option(desk):
    typed = [
        "/offer" + ENTER,
        ENTER,
        "lots" + ENTER,
        "40" + ENTER,
        "100" + ENTER,
        "n" + ENTER,
        "/offer" + ENTER,
        ENTER,
        "10" + ENTER,
        "y" + ENTER,
        *END,
    ]
    said, _ = run_line_desk(desk, typed)
    assert any(line.startswith("'lots' is not an amount") for line in said)
    assert "Over your limit of 20: needs approval before you offer it." in said
    nudge = "One option on the table. Offer a second, and let them choose (F7). /offer records it."
    assert said.count(nudge) == 1  # after the first offer only
    first, second = events(desk, "offer")
    assert (first["option"], first["amount"], first["prior_spend"], first["within_authority"], first["accepted"]) == (
        "refund",
        40.0,
        100.0,
        False,
        False,
    )
    # Enter took the proposal: the first kind not yet offered (L8: a different option).
    assert (second["option"], second["amount"], second["within_authority"], second["accepted"]) == ("credit", 10.0, True, True)


def test_offer_refuses_words_it_cannot_read_and_f7_keeps_the_half_typed_note(desk):
    typed = ["/offer refund 20 maybe" + ENTER, "new phone", F7, "3" + ENTER, ENTER, Shows("new phone"), ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert any(line.startswith("'maybe' is not part of an offer") for line in said)
    [offer] = events(desk, "offer")
    assert (offer["option"], offer["within_authority"], offer["accepted"]) == ("replacement", True, False)
    assert [e["text"] for e in events(desk, "note")] == ["new phone"]


def test_ctrl_c_in_an_offer_question_records_nothing(desk):
    said, _ = run_line_desk(desk, ["/offer credit" + ENTER, "\x03", *END])
    assert "No offer recorded." in said
    assert events(desk, "offer") == []


def test_up_recalls_notes_and_commands_not_the_answers_to_questions(desk):
    typed = ["first note" + ENTER, "/type" + ENTER, "3" + ENTER, UP, Shows("/type"), ENTER, "4" + ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert [e["value"] for e in events(desk, "tag")] == ["stubborn", "prepared"]


def test_a_card_number_typed_as_an_amount_is_refused_and_never_said_back(desk):
    card = "4111 1111 1111 1111"
    said, _ = run_line_desk(desk, [f"/offer refund {card}" + ENTER, "/offer credit" + ENTER, card + ENTER, "10" + ENTER, ENTER, *END])
    assert "That is a card number, not an amount: it is not recorded. Nothing was recorded." in said
    assert "That is a card number, not an amount: it is not recorded." in said
    assert not any("4111" in line for line in said)
    [offer] = events(desk, "offer")
    assert (offer["option"], offer["amount"]) == ("credit", 10.0)


def test_offer_says_what_is_wrong_with_an_amount(desk):
    """'/offer refund -5' said "'-5' is not part of an offer", and -5 typed when asked for the amount
    got the generic sentence: both now say what to change, and nothing is recorded from them."""
    typed = ["/offer refund -5" + ENTER, "/offer credit" + ENTER, "$20" + ENTER, "20" + ENTER, ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert "An amount cannot be below zero: type 5, not '-5'." in said
    assert "Type the amount without its currency: 20." in said
    assert [(offer["option"], offer["amount"]) for offer in events(desk, "offer")] == [("credit", 20.0)]
