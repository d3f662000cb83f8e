"""/callback and Ctrl+L in line mode, typed as an agent on a live call would (issue 14): a line is a
number only when it reads as one, a window when it reads as one, and any other words are a note of
the call stamped when their typing began; a second /callback opens the promise for change (the same
invite, SEQUENCE + 1) and `/callback new` makes a separate one. Real keys through prompt-toolkit's
pipe input; the filed call, the outbox and the md and csv exports read back.

The clock is the test clock: Monday 23 November 2026, 14:00 UTC; the agent is in Europe/London.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from tests.line.pipe_driver import CTRL_L, ENTER, F5, run_line_desk
from tui.services.exports import export_all
from tui.services.session import open_desk
from tui.services.summaries import render

END = ["/end" + ENTER, ENTER, ENTER]
CALLER = "+442070313000"


def filed(desk) -> dict:
    [record] = list(desk.history.calls())
    return record


def of_type(record: dict, kind: str) -> list[dict]:
    return [event for event in record["events"] if event["type"] == kind]


def outbox(desk) -> list[str]:
    folder = desk.data_dir / "outbox"
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def exported(desk, fmt: str) -> str:
    return render(export_all(desk.data_dir), fmt, "Europe/London", now=desk.clock.now_utc())


def csv_cells(desk) -> dict[str, str]:
    [row] = list(csv.DictReader(io.StringIO(exported(desk, "csv").lstrip("\ufeff"))))
    return row


def md_commitments(desk) -> list[str]:
    text = exported(desk, "md")
    section = text.split("**Commitment**", 1)[1].split("**", 1)[0]
    return [line[2:] for line in section.strip().splitlines()]


@pytest.fixture
def desk_without_region(config, data_dir, clock):
    return open_desk(replace(config, default_region=None), data_dir, clock)


@pytest.mark.parametrize("region", ["GB", None], ids=["region GB", "no default region"])
@pytest.mark.parametrize("words", ["she works nights so call after 6pm", "a refund for the modem", "call me after 6"])
def test_words_typed_at_the_callback_question_are_a_note_and_the_number_stays(region, words, desk, desk_without_region, clock):
    desk = desk if region else desk_without_region
    half = len(words) // 2

    def advance(chunk):
        if chunk == words[half:] + ENTER:
            clock.advance(20)  # the note is stamped when its typing began, not when Enter came

    said, _ = run_line_desk(desk, ["/next" + ENTER, "/callback" + ENTER, words[:half], words[half:] + ENTER, ENTER, *END], advance=advance)
    record = filed(desk)
    assert [(note["t"], note["text"]) for note in of_type(record, "note")] == [(0.0, words)]
    [promise] = of_type(record, "callback")
    assert promise["number"] == CALLER  # the caller's valid number was never replaced
    assert "That reads as neither a window nor a number, so the callback is unchanged." in said
    assert "Kept as a note at 00:00." in said
    assert not any("country code" in line or "cannot be called back" in line for line in said)


def test_a_refund_for_the_modem_after_ctrl_l_is_a_note_and_x_promises_nothing(desk):
    said, _ = run_line_desk(desk, [CTRL_L, "a refund for the modem" + ENTER, "x" + ENTER, *END])
    record = filed(desk)
    assert [note["text"] for note in of_type(record, "note")] == ["a refund for the modem"]
    assert of_type(record, "callback") == [] and outbox(desk) == []
    assert "Nothing was promised." in said


@pytest.mark.parametrize(
    "window, start, end",
    [
        ("2pm-4pm", "2026-11-23T14:00:00Z", "2026-11-23T16:00:00Z"),
        ("tomorrow afternoon", "2026-11-24T13:00:00Z", "2026-11-24T17:00:00Z"),
        ("tomorrow 2-4pm", "2026-11-24T14:00:00Z", "2026-11-24T16:00:00Z"),
        ("2-4pm tomorrow", "2026-11-24T14:00:00Z", "2026-11-24T16:00:00Z"),
        ("next monday 10-12", "2026-11-30T10:00:00Z", "2026-11-30T12:00:00Z"),
    ],
)
def test_a_window_as_agents_say_it_is_the_window_and_the_number_stays(window, start, end, desk):
    said, _ = run_line_desk(desk, ["/callback" + ENTER, window + ENTER, ENTER, *END])
    [promise] = of_type(filed(desk), "callback")
    assert (promise["number"], promise["start"], promise["end"], promise["preset"]) == (CALLER, start, end, "custom")
    assert of_type(filed(desk), "note") == []


@pytest.mark.parametrize(
    "typed, number",
    [("+1 212 555 0100", "+12125550100"), ("020 7946 0018", "+442079460018"), ("her mobile 07400 123456", "+447400123456")],
)
def test_a_line_that_reads_as_a_number_is_the_number(typed, number, desk):
    said, _ = run_line_desk(desk, ["/callback" + ENTER, typed + ENTER, ENTER, *END])
    [promise] = of_type(filed(desk), "callback")
    assert promise["number"] == number
    assert of_type(filed(desk), "note") == []


def test_a_wrong_number_is_still_a_number_and_says_why(desk):
    said, _ = run_line_desk(desk, ["/callback" + ENTER, "12" + ENTER, "x" + ENTER, *END])
    assert any(line.startswith("Cannot promise yet: The number cannot be called back: too short") for line in said)
    assert of_type(filed(desk), "note") == []


def test_a_window_typed_with_a_national_number_after_it(desk):
    said, _ = run_line_desk(desk, ["/callback tomorrow 10-12 020 7946 0018" + ENTER, ENTER, *END])
    [promise] = of_type(filed(desk), "callback")
    assert (promise["number"], promise["start"]) == ("+442079460018", "2026-11-24T10:00:00Z")


def test_a_mistyped_window_is_kept_as_a_note_and_says_what_could_not_be_read(desk):
    said, _ = run_line_desk(desk, ["/callback" + ENTER, "tomorrow 2pm-4pz" + ENTER, ENTER, *END])
    assert "That is not a window: '4pz' is not a time: type from-to such as 2pm-4pm or 14:00-16:00." in said
    record = filed(desk)
    assert [note["text"] for note in of_type(record, "note")] == ["tomorrow 2pm-4pz"]
    [promise] = of_type(record, "callback")
    assert promise["start"] == "2026-11-23T14:00:00Z"  # Enter then promised the window proposed


def test_words_on_the_callback_command_line_are_a_note_too(desk, clock):
    def advance(chunk):
        if chunk == " her mobile" + ENTER:
            clock.advance(30)  # stamped when "/callback she..." began to be typed

    said, _ = run_line_desk(desk, ["/next" + ENTER, "/callback she prefers", " her mobile" + ENTER, ENTER, *END], advance=advance)
    record = filed(desk)
    assert [(note["t"], note["text"]) for note in of_type(record, "note")] == [(0.0, "she prefers her mobile")]
    [promise] = of_type(record, "callback")
    assert promise["number"] == CALLER


# -- a second /callback: the promise opened for change, or a separate one -------------------------


def test_a_second_callback_changes_the_promise_same_uid_next_sequence(desk, clock):
    def advance(chunk):
        if chunk == "/callback" + ENTER and moved:
            clock.advance(60)
        moved.append(chunk)

    moved: list = []
    typed = ["/callback" + ENTER, ENTER, "/callback" + ENTER, "tomorrow 10-12" + ENTER, ENTER, "/status" + ENTER, *END]
    said, _ = run_line_desk(desk, typed, advance=advance)
    assert "Changing the callback promised at 00:00: Enter re-issues the same invite; new asks for a separate one." in said
    assert any(line.startswith("Callback changed to Tue 24 Nov 10:00 GMT; the same invite, sequence 1") for line in said)
    assert "Callback promised at 00:00, changed at 01:00 (invite sequence 1): Tue 24 Nov 10:00-12:00 GMT on +442070313000." in said
    first, second = of_type(filed(desk), "callback")
    assert first["uid"] == second["uid"] and (first["sequence"], second["sequence"]) == (0, 1)
    assert (second["start"], second["end"]) == ("2026-11-24T10:00:00Z", "2026-11-24T12:00:00Z")
    uid = first["uid"].replace("@", "_")
    assert outbox(desk) == [f"{uid}.seq0.publish.ics", f"{uid}.seq1.publish.ics"]
    ics = (desk.data_dir / "outbox" / f"{uid}.seq1.publish.ics").read_text()
    assert "SEQUENCE:1" in ics and f"UID:{first['uid']}" in ics
    # The exports show the promise and its change; the csv carries both as text.
    commitments = md_commitments(desk)
    assert len(commitments) == 2
    assert commitments == [
        "00:00 call back +442070313000, 2026-11-23 14:00 GMT to 16:00 (caller's time 14:00-16:00 Europe/London) (replaced)",
        "01:00 call back +442070313000, 2026-11-24 10:00 GMT to 12:00 (caller's time 10:00-12:00 Europe/London)"
        " (changed: invite sequence 1); upcoming",
    ]
    cells = csv_cells(desk)
    assert cells["callbacks"].splitlines() == commitments
    assert cells["callback_start"] == "2026-11-24T10:00:00Z"


def test_f5_after_a_promise_opens_it_for_change_and_x_keeps_it(desk):
    typed = ["/callback" + ENTER, ENTER, F5, "x" + ENTER, CTRL_L, "x" + ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert said.count("Nothing was changed.") == 2
    assert len(of_type(filed(desk), "callback")) == 1 and len(outbox(desk)) == 1


def test_callback_new_makes_a_second_separate_promise_and_the_exports_show_both(desk):
    typed = ["/callback" + ENTER, ENTER, "/callback new tomorrow 10-12" + ENTER, ENTER, "/status" + ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert "A second, separate callback: Enter promises it with its own invite." in said
    first, second = of_type(filed(desk), "callback")
    assert first["uid"] != second["uid"] and first["sequence"] == second["sequence"] == 0
    assert "Step Listen, call 00:00, step 00:00, 2 callback(s) promised." in said
    assert "Callback promised at 00:00: Tue 24 Nov 10:00-12:00 GMT on +442070313000." in said
    commitments = md_commitments(desk)
    assert [line.split(" (caller", 1)[0] for line in commitments] == [
        "00:00 call back +442070313000, 2026-11-23 14:00 GMT to 16:00",
        "00:00 call back +442070313000, 2026-11-24 10:00 GMT to 12:00",
    ]
    assert not any("replaced" in line or "changed" in line for line in commitments)
    assert csv_cells(desk)["callbacks"].splitlines() == commitments


def test_new_at_the_change_question_turns_it_into_a_separate_promise(desk):
    typed = ["/callback" + ENTER, ENTER, CTRL_L, "new" + ENTER, "tomorrow afternoon" + ENTER, ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert "A second, separate callback: Enter promises it with its own invite." in said
    first, second = of_type(filed(desk), "callback")
    assert first["uid"] != second["uid"] and second["start"] == "2026-11-24T13:00:00Z"
    assert any(line.startswith("Callback promised for Tue 24 Nov 13:00 GMT") for line in said)


@pytest.mark.parametrize(
    "lang, words, window, not_read, kept",
    [
        ("zh-Hans", "她只有晚上有空", "明天下午", "这既不是时段也不是号码，回电没有更改。", "已存为 00:00 的记录。"),
        ("zh-Hant", "她只有晚上有空", "明天下午", "這既不是時段也不是號碼，回電沒有更改。", "已存為 00:00 的紀錄。"),
    ],
)
def test_words_and_a_window_said_in_chinese(lang, words, window, not_read, kept, config, data_dir, clock, agent_language):
    agent_language(lang)  # as the CLI does at start-up with the config's language (Korean: test_korean)
    desk = open_desk(replace(config, language=lang), data_dir, clock)
    said, _ = run_line_desk(desk, ["/callback" + ENTER, words + ENTER, window + ENTER, ENTER, *END])
    assert not_read in said and kept in said
    record = filed(desk)
    assert [note["text"] for note in of_type(record, "note")] == [words]
    [promise] = of_type(record, "callback")
    assert (promise["number"], promise["start"], promise["end"]) == (CALLER, "2026-11-24T13:00:00Z", "2026-11-24T17:00:00Z")
