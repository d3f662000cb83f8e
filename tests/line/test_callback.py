"""/callback in line mode: real keys through prompt-toolkit's pipe input, the call and outbox read back.

The clock is the test clock: Monday 23 November 2026, 14:00 UTC; the agent is in Europe/London
with the default business hours (Mon-Fri 09:00-18:00) and the default calling hours (08:00-21:00).
"""

from __future__ import annotations

import pytest

from tests.line.pipe_driver import ENTER, F5, Shows, run_line_desk
from tui.domain.callback.proposal import CallbackForm
from tui.line.callback import match_zone, read_change
from tui.store.journal import read_journal

END = ["/end" + ENTER, ENTER, ENTER]


def filed(desk) -> dict:
    [record] = list(desk.history.calls())
    return record


def callbacks(record: dict) -> list[dict]:
    return [event for event in record["events"] if event["type"] == "callback"]


def outbox(desk) -> list[str]:
    folder = desk.data_dir / "outbox"
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def test_enter_promises_the_proposed_window_invite_and_journal_first(desk):
    on_disk_when_said: dict = {}

    def on_say(text: str) -> None:
        if text.startswith("Callback promised"):
            [journal] = list(desk.journal_dir.glob("*.jsonl"))
            log, _draft = read_journal(journal)
            on_disk_when_said["journal"] = [line["type"] for line in log]
            on_disk_when_said["outbox"] = outbox(desk)

    said, _ = run_line_desk(desk, ["/callback" + ENTER, ENTER, *END], on_say=on_say)
    assert "Number +442070313000, national 020 7031 3000, fixed line, London. Time zone: Europe/London." in said
    assert (
        "Window, within 24 hours: for you Mon 23 Nov 14:00-16:00 GMT (Europe/London); "
        "for the caller Mon 23 Nov 14:00-16:00 GMT (Europe/London)."
    ) in said
    assert ("Say: I'll call you back today, Monday 23 November, between 14:00 and 16:00 your time, on 020 7031 3000.") in said
    # The invite was in the outbox and the event fsynced in the journal before the line said so.
    assert "callback" in on_disk_when_said["journal"]
    assert on_disk_when_said["outbox"] and on_disk_when_said["outbox"][0].endswith(".publish.ics")
    record = filed(desk)
    [event] = callbacks(record)
    assert (event["number"], event["zone"], event["start"], event["end"]) == (
        "+442070313000",
        "Europe/London",
        "2026-11-23T14:00:00Z",
        "2026-11-23T16:00:00Z",
    )
    assert record["outcome"] == "callback_promised"  # the wrap-up proposed it; Enter took it
    assert outbox(desk) == [event["uid"].replace("@", "_") + ".seq0.publish.ics"]


def test_an_invalid_number_says_why_and_promises_nothing(desk):
    said, _ = run_line_desk(desk, ["/callback 2h 12" + ENTER, ENTER, "x" + ENTER, *END])
    assert any(line.startswith("Cannot promise yet: The number cannot be called back:") for line in said)
    assert any(line.startswith("Not promised: The number cannot be called back:") for line in said)
    assert "Nothing was promised." in said
    assert callbacks(filed(desk)) == [] and outbox(desk) == []


def test_an_unreadable_or_illegal_window_says_why_and_promises_nothing(desk):
    said, _ = run_line_desk(desk, ["/callback custom someday" + ENTER, "tomorrow 22-23" + ENTER, ENTER, "x" + ENTER, *END])
    assert any(line.startswith("Cannot promise yet: Type a day and from-to") for line in said)
    assert any(line.startswith("Cannot promise yet:") and "22:00" in line for line in said)
    assert callbacks(filed(desk)) == [] and outbox(desk) == []


def test_a_multi_zone_number_is_promised_once_the_agent_picks_the_zone(desk):
    typed = ["/callback 2h +1 800 555 0100" + ENTER, "z america" + ENTER, "z chicago" + ENTER, ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    assert any(line.startswith("The window must be legal in all 42 zones: 1 America/New_York") for line in said)
    assert any(line.startswith("Cannot promise yet: No 30-minute window in the next 2 hours") for line in said)
    assert any(line.startswith("'america' matches") for line in said)
    assert "Caller's zone: America/Chicago (picked; z all for every zone)." in said
    assert any("for the caller Mon 23 Nov 08:00-10:00 CST (America/Chicago)" in line for line in said)
    [event] = callbacks(filed(desk))
    assert (event["zone"], event["zone_choice"], event["preset"]) == ("America/Chicago", "America/Chicago", "within_2h")


def test_zone_given_with_a_new_number_on_the_command_line_is_that_numbers_zone(desk):
    said, _ = run_line_desk(desk, ["/callback 24h +1 800 555 0100 zone chicago" + ENTER, ENTER, *END])
    assert "Caller's zone: America/Chicago (picked; z all for every zone)." in said
    [event] = callbacks(filed(desk))
    assert (event["number"], event["zone"], event["preset"]) == ("+18005550100", "America/Chicago", "within_24h")


def test_zone_and_email_on_the_command_line_and_a_custom_window_in_the_callers_time(desk):
    typed = [
        "/callback tomorrow 10-12 +1 212 555 0100 email ana@example" + ENTER,  # 05:00 in New York
        "t" + ENTER,
        "e ana@example.com" + ENTER,
        ENTER,
        *END,
    ]
    said, _ = run_line_desk(desk, typed)
    assert any("is not an e-mail address" in line for line in said)
    assert any("(typed in the caller's time): for you Tue 24 Nov 15:00-17:00 GMT" in line for line in said)
    [event] = callbacks(filed(desk))
    assert (event["start"], event["email"], event["zone"]) == ("2026-11-24T15:00:00Z", "ana@example.com", "America/New_York")
    assert sorted(name.rsplit(".", 2)[-2:][1] for name in outbox(desk)) == ["eml", "ics"]


def test_f5_opens_the_callback_and_the_half_typed_note_comes_back(desk):
    typed = ["she wants a call", F5, "24h" + ENTER, ENTER, Shows("she wants a call"), " tomorrow" + ENTER, *END]
    said, _ = run_line_desk(desk, typed)
    record = filed(desk)
    assert len(callbacks(record)) == 1
    assert [e["text"] for e in record["events"] if e["type"] == "note"] == ["she wants a call tomorrow"]


def test_leaving_the_question_with_ctrl_c_promises_nothing(desk):
    said, _ = run_line_desk(desk, ["/callback" + ENTER, "\x03", *END])
    assert "Nothing was promised." in said
    assert callbacks(filed(desk)) == [] and outbox(desk) == []


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("24h", CallbackForm(number="+44", preset="within_24h")),
        ("3", CallbackForm(number="+44", preset="within_24h")),
        ("morning +1 212 555 0100", CallbackForm(number="+1 212 555 0100", preset="next_business_morning")),
        ("fri 14-16", CallbackForm(number="+44", preset="custom", custom="fri 14-16")),
        ("tomorrow 9:30-11 +33 1 23 45 67 89", CallbackForm(number="+33 1 23 45 67 89", preset="custom", custom="tomorrow 9:30-11")),
        ("020 7031 3000", CallbackForm(number="020 7031 3000")),
        ("n 07700 900123", CallbackForm(number="07700 900123")),
        ("e ana@example.com", CallbackForm(number="+44", email="ana@example.com")),
        ("2h ana@example.com", CallbackForm(number="+44", preset="within_2h", email="ana@example.com")),
    ],
)
def test_one_typed_line_changes_the_form(typed, expected):
    change = read_change(typed, CallbackForm(number="+44"), lambda number: ())
    assert (change.form, change.action, change.problem) == (expected, "show", None)


def test_a_zone_name_of_several_words_then_an_email():
    zones = ("America/New_York", "America/North_Dakota/New_Salem", "America/Chicago")
    change = read_change("z new york e ana@example.com", CallbackForm(number="+1 800 555 0100"), lambda number: zones)
    assert (change.form.zone_choice, change.form.email, change.problem) == ("America/New_York", "ana@example.com", None)
    change = read_change("z new", CallbackForm(number="+1 800 555 0100"), lambda number: zones)
    assert change.problem.startswith("'new' matches 2 zones")


def test_a_window_that_moved_while_the_agent_waited_is_said_again_before_it_is_promised(desk, clock):
    def advance(chunk):
        if chunk == ENTER and not moved:
            moved.append(True)
            clock.advance(20 * 60)  # 14:00 -> 14:20: the first window now starts at 14:30

    moved: list = []
    said, _ = run_line_desk(desk, ["/callback" + ENTER, ENTER, ENTER, *END], advance=advance)
    assert any(line.startswith("The time moved on since that was said") for line in said)
    assert any("between 14:30 and 16:30 your time" in line for line in said)
    [event] = callbacks(filed(desk))
    assert event["start"] == "2026-11-23T14:30:00Z"


def test_zone_picking_by_name_place_or_all():
    zones = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
    assert match_zone("chicago", zones) == ("America/Chicago", None)
    assert match_zone("los angeles", zones) == ("America/Los_Angeles", None)
    assert match_zone("3", zones) == ("America/Denver", None)
    assert match_zone("all", zones) == (None, None)
    assert match_zone("9", zones)[1].startswith("Zone 9 is not in the list")
    assert match_zone("paris", zones)[1].startswith("No zone of this number matches 'paris'")
    assert match_zone("chicago", ("Europe/London",))[1] == "This number has one time zone; there is none to pick."
    assert match_zone("chicago", ())[1].startswith("The number is not one that can be called yet")


# -- issue 14: a line is a number only when it reads as one; a second /callback changes the promise ---


@pytest.mark.parametrize(
    "typed, custom",
    [("2pm-4pm", "2pm-4pm"), ("tomorrow afternoon", "tomorrow afternoon"), ("next monday 10-12", "next monday 10-12")],
)
def test_windows_as_agents_say_them_are_windows_in_line_mode(typed, custom):
    change = read_change(typed, CallbackForm(number="+442070313000"), lambda number: ())
    assert (change.action, change.form.preset, change.form.custom, change.form.number) == ("show", "custom", custom, "+442070313000")


def test_a_second_callback_changes_the_promise_and_new_makes_a_separate_one(desk):
    typed = [
        "/callback" + ENTER,
        ENTER,  # promised: today 14:00-16:00
        "/callback" + ENTER,  # that promise, for change
        "4" + ENTER,
        ENTER,  # re-issued: the same invite, sequence 1
        "/callback" + ENTER,
        "new" + ENTER,  # a second, separate promise
        "3" + ENTER,
        ENTER,
        *END,
    ]
    said, _ = run_line_desk(desk, typed)
    assert any(line.startswith("Changing the callback promised at 00:00") for line in said)
    assert any(line.startswith("Callback changed to Tue 24 Nov 09:00 GMT; the same invite, sequence 1") for line in said)
    first, changed, separate = callbacks(filed(desk))
    assert changed["uid"] == first["uid"] and (first["sequence"], changed["sequence"]) == (0, 1)
    assert separate["uid"] != first["uid"] and separate["sequence"] == 0
    assert len(outbox(desk)) == 3
