"""No key and no line is dropped in line mode (issue 14): what is typed at a question and answers
nothing is a note stamped when its typing began; a command key or a /command typed there runs at
once or waits for the question to end; lines typed with no call live are the next call's first
notes. Real keys through prompt-toolkit's pipe input; the filed call read back.
"""

from __future__ import annotations

from tests.line.pipe_driver import CTRL_L, ENTER, F5, F6, F7, AtQuestion, Shows, run_line_desk

END = ["/end" + ENTER, ENTER, ENTER]


def filed(desk) -> dict:
    [record] = list(desk.history.calls())
    return record


def notes(desk) -> list[tuple[float, str]]:
    return [(event["t"], event["text"]) for event in filed(desk)["events"] if event["type"] == "note"]


def of_type(desk, kind: str) -> list[dict]:
    return [event for event in filed(desk)["events"] if event["type"] == kind]


def test_words_at_every_kind_of_question_are_notes_with_their_own_time(desk, clock):
    typed = [
        "/type" + ENTER,
        "she is shouting" + ENTER,  # at the list of caller types
        "1" + ENTER,
        "/offer credit" + ENTER,
        "wants it today" + ENTER,  # at the amount
        "20" + ENTER,
        "maybe later" + ENTER,  # at "did the caller accept it?"
        "y" + ENTER,
        "/end" + ENTER,
        "caller hung up" + ENTER,  # at the outcome
        ENTER,
        ENTER,
    ]

    def advance(chunk):
        clock.advance(5)  # each line begins 5 s after the one before

    said, _ = run_line_desk(desk, typed, advance=advance)
    assert notes(desk) == [(10.0, "she is shouting"), (25.0, "wants it today"), (35.0, "maybe later"), (50.0, "caller hung up")]
    assert [event["value"] for event in of_type(desk, "tag")] == ["emotional"]
    [offer] = of_type(desk, "offer")
    assert (offer["option"], offer["amount"], offer["accepted"]) == ("credit", 20.0, True)
    assert "That is not y or n." in said
    assert [line for line in said if line.startswith("Kept as a note at")] == [
        "Kept as a note at 00:10.",
        "Kept as a note at 00:25.",
        "Kept as a note at 00:35.",
        "Kept as a note at 00:50.",
    ]


def test_text_typed_before_ctrl_c_leaves_a_question_is_kept(desk):
    said, _ = run_line_desk(desk, ["/callback" + ENTER, "she said after six", "\x03", *END])
    assert notes(desk) == [(0.0, "she said after six")]
    assert "The question was left." in said and "Nothing was promised." in said


def test_a_key_pressed_at_a_question_waits_for_it_and_runs_after(desk):
    typed = ["/callback" + ENTER, AtQuestion(F6), AtQuestion(F7), "x" + ENTER, "2" + ENTER, "replacement" + ENTER, ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert "/type waits: it runs once this question is answered." in said
    assert "/offer waits: it runs once this question is answered." in said
    assert [event["value"] for event in of_type(desk, "tag")] == ["principled"]
    assert [event["option"] for event in of_type(desk, "offer")] == ["replacement"]


def test_a_command_typed_at_a_question_runs_or_waits_and_the_question_stays(desk):
    typed = ["/offer credit" + ENTER, "/status" + ENTER, "/next" + ENTER, "/type 3" + ENTER, "15" + ENTER, "n" + ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert "Step Listen, call 00:00, step 00:00." in said  # /status at once
    assert any(line.startswith("Step 2 of 4: Apologize") for line in said)  # /next at once
    assert "/type waits: it runs once this question is answered." in said
    [offer] = of_type(desk, "offer")
    assert (offer["option"], offer["amount"], offer["accepted"]) == ("credit", 15.0, False)
    assert [event["value"] for event in of_type(desk, "tag")] == ["stubborn"]
    assert notes(desk) == []


def test_the_callback_key_at_its_own_question_says_so(desk):
    said, _ = run_line_desk(desk, ["/callback" + ENTER, AtQuestion(F5), AtQuestion(CTRL_L), ENTER, *END])
    assert said.count("/callback is open already: this question is part of it.") == 2
    assert len(of_type(desk, "callback")) == 1


def test_f10_at_a_question_waits_and_the_held_note_goes_with_the_call(desk):
    typed = ["the modem is", F6, AtQuestion("\x1b[21~"), "4" + ENTER, ENTER, ENTER]
    said, _ = run_line_desk(desk, typed)
    assert "/end waits: it runs once this question is answered." in said
    assert notes(desk) == [(0.0, "the modem is")]
    assert filed(desk)["outcome"] == "resolved"


def test_lines_typed_with_no_call_live_are_the_first_notes_of_the_next_call(desk, clock):
    def advance(chunk):
        if chunk.startswith("/call"):
            clock.advance(40)

    typed = ["order 5521 late" + ENTER, "/call +44 20 7031 3000" + ENTER, "/next" + ENTER, "second" + ENTER, *END]
    said, _ = run_line_desk(desk, typed, caller=None, advance=advance)
    assert "No call is live: this line waits and becomes a note of the next call (/call starts one)." in said
    assert "1 line(s) typed before the call are its first notes." in said
    assert notes(desk) == [(0.0, "order 5521 late"), (0.0, "second")]


def test_leaving_asks_and_words_there_are_a_note_then_e_ends_with_the_half_typed_line(desk):
    typed = ["half typed", "\x03", "everything ok" + ENTER, "e" + ENTER, ENTER, ENTER]
    said, _ = run_line_desk(desk, typed)
    assert "That is not e, q or c." in said
    assert sorted(text for _t, text in notes(desk)) == ["everything ok", "half typed"]
    assert any(line.startswith("Call filed") for line in said)


def test_carrying_on_gives_the_half_typed_line_back(desk):
    typed = ["half", "\x03", ENTER, Shows("half"), " done" + ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert notes(desk) == [(0.0, "half done")]
