"""The call log and the state derived from it (DESIGN.md "Core model")."""

from __future__ import annotations

import pytest

from tui.config.data_files import load_playbook
from tui.domain.call.clock import ManualClock
from tui.domain.call.live import LiveCall
from tui.domain.call.notes import split_backdate
from tui.domain.call.record import call_record
from tui.domain.call.state import derive


@pytest.fixture
def playbook():
    return load_playbook("last")


@pytest.fixture
def call(playbook):
    clock = ManualClock()
    sunk: list[dict] = []
    live = LiveCall.start(
        playbook=playbook,
        agent="Ana",
        caller_typed="+1 650 253 0000",
        caller_e164="+16502530000",
        zone="America/Los_Angeles",
        clock=clock,
        sink=sunk.append,
    )
    live.sunk = sunk
    return live


def advance(call, seconds):
    call.clock.advance(seconds)


def test_every_event_goes_to_the_sink_in_order(call):
    call.add_note("hello")
    call.next_step()
    assert call.sunk == call.log
    assert [e["type"] for e in call.log] == ["started", "step", "note", "step"]


def test_started_event_has_local_wall_clock_with_offset(call):
    started = call.log[0]
    assert started["started_at"] == "2026-11-23T06:00:00-08:00"
    assert started["zone"] == "America/Los_Angeles"


@pytest.mark.parametrize(
    "moves, expected_step",
    [
        ([], "listen"),
        (["next"], "apologize"),
        (["next", "next", "next"], "thank"),
        (["next", "next", "next", "next"], "thank"),  # past the last step: stays
        (["back"], "listen"),  # before the first: stays
        (["next", "next", "back"], "apologize"),
    ],
)
def test_step_moves(call, moves, expected_step):
    for move in moves:
        call.next_step() if move == "next" else call.previous_step()
    assert call.state.current_step == expected_step


def test_time_per_step_adds_up_revisits(call):
    advance(call, 40)
    call.next_step()  # listen 40
    advance(call, 10)
    call.previous_step()  # apologize 10
    advance(call, 5)
    call.next_step()  # listen +5
    advance(call, 7)
    now = call.now()
    assert call.state.time_in_step("listen", now) == 45
    assert call.state.time_in_step("apologize", now) == 17
    assert call.state.step_elapsed(now) == 7
    assert call.state.step_order() == ["listen", "apologize"]


def test_hold_time_and_a_hold_left_open_at_the_end(call):
    advance(call, 10)
    assert call.toggle_hold() is True
    advance(call, 30)
    assert call.state.current_hold(call.now()) == 30
    assert call.toggle_hold() is False
    advance(call, 5)
    call.toggle_hold()
    advance(call, 20)
    call.end("resolved", "service")
    assert call.state.hold_total(call.now() + 100) == 50  # the open hold closes at the end
    assert not call.state.on_hold


@pytest.mark.parametrize(
    "typed, back, body",
    [
        ("-15s she called twice", 15, "she called twice"),
        ("-2m order 4411", 120, "order 4411"),
        ("-15 no unit", 0, "-15 no unit"),
        ("-15sno space", 0, "-15sno space"),
        ("minus -15s later", 0, "minus -15s later"),
    ],
)
def test_backdate_prefix(typed, back, body):
    assert split_backdate(typed) == (back, body)


def test_note_stamped_when_typing_began_and_backdated(call):
    advance(call, 100)
    note = call.add_note("-30s said it broke", began_at=90)
    assert note.t == 60
    note = call.add_note("-5m long ago", began_at=90)
    assert note.t == 0  # never before the call began


@pytest.mark.parametrize("text", ["", "   ", "-10s   "])
def test_empty_notes_are_not_logged(call, text):
    assert call.add_note(text) is None
    assert all(e["type"] != "note" for e in call.log)


def test_edit_keeps_the_original_in_the_log(call):
    call.add_note("order 881")
    call.edit_note(0, "order 818")
    assert call.state.notes[0].text == "order 818"
    assert call.state.notes[0].original == "order 881"
    assert [e["text"] for e in call.log if e["type"] == "note"] == ["order 881"]


def test_end_is_validated_and_once(call):
    with pytest.raises(ValueError):
        call.end("happy", "usage")
    with pytest.raises(ValueError):
        call.end("resolved", "weather")
    call.end("resolved", "usage")
    call.end("escalated", "usage")
    assert [e["type"] for e in call.log[-2:]] == ["ended", "filed"]  # F10 hangs up, then files
    assert [e["outcome"] for e in call.log if e["type"] == "filed"] == ["resolved"]
    assert call.state.ended_by == "agent"
    assert call.state.current_step is None


def test_proposed_outcome_follows_a_callback(call):
    assert call.proposed_outcome() == "resolved"
    call.record("callback", number="+16502530000", zone="America/Los_Angeles", start="x", end="y", uid="u", sequence=0)
    assert call.proposed_outcome() == "callback_promised"


def test_derive_until_replays_the_state_at_a_time(call):
    advance(call, 10)
    call.add_note("early")
    advance(call, 10)
    call.next_step()
    advance(call, 10)
    call.add_note("late")
    at_15 = derive(call.log, until=15)
    assert at_15.current_step == "listen"
    assert [n.text for n in at_15.notes] == ["early"]
    full = derive(call.log)
    assert full.current_step == "apologize" and len(full.notes) == 2


def test_resume_continues_the_call_clock_from_the_wall_clock(call, playbook):
    advance(call, 50)
    call.add_note("before the crash")
    clock = call.clock
    clock.advance(70)  # the desk was down for 70 s
    resumed = LiveCall.resume(list(call.log), playbook, clock, lambda event: None)
    assert resumed.now() == 120
    assert resumed.state.notes[0].text == "before the crash"


def test_interrupted_record_keeps_the_draft_as_a_note(call):
    call.add_note("committed")
    record = call_record(call.log, {"t": 12.5, "text": "half typed"})
    assert record["status"] == "interrupted"
    assert record["events"][-1] == {"t": 12.5, "type": "note", "n": 1, "text": "half typed", "draft": True}
    call.end("resolved", "usage")
    done = call_record(call.log, {"t": 1, "text": "ignored once ended"})
    assert done["status"] == "completed" and done["outcome"] == "resolved"
    assert not any(e.get("draft") for e in done["events"])
