"""Issue 7, row 13: "The wall clock jumps back an hour mid-call: durations come from the monotonic
clock; stored times stay consistent."

The machine's clock cannot be moved by a test, so the real desk runs with its wall clock read
through a test-only seam (CALLCOACH_FAULT_WALL_SHIFT_FILE, tui/fault_injection.py): the test
writes -3600 to that file mid-call and the desk's wall clock is an hour behind from then on, while
its monotonic clock runs on. Note times, step times and the call's length must keep running
forwards, and started_at must stay what it was when the call began, through a crash and a resume.
"""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta

from benchlib.world import CALLER, journal_lines, journal_notes, notes_of
from tui.support.fault_seams import WALL_SHIFT_ENV

from .desk_steps import file_the_call, quit_idle, resume_cut_short

ONE_HOUR_BACK = "-3600"


def started_event(journal) -> dict:
    return next(line for line in journal_lines(journal) if line.get("type") == "started")


def test_wall_clock_jumping_back_an_hour_mid_call_moves_no_stored_time(terminal):
    shift = terminal.tmp / "wall-clock-shift"
    shift.write_text("0", encoding="ascii")
    terminal.env[WALL_SHIFT_ENV] = str(shift)
    before = datetime.now(UTC)
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    after = datetime.now(UTC)
    started_at = started_event(journal)["started_at"]
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(started_at) <= after + timedelta(seconds=1)

    desk.type("before the jump", delay=0.01)
    desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal) == ["before the jump"], what="the first note on disk")
    shift.write_text(ONE_HOUR_BACK, encoding="ascii")  # the wall clock is an hour behind from here
    desk.press("f2")
    desk.type("after the jump", delay=0.01)
    desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal)[-1:] == ["after the jump"], what="the second note on disk")
    desk.kill(signal.SIGKILL)  # a crash an hour "before" the call began

    again = resume_cut_short(terminal)
    again.press("f3")
    again.type("after the resume", delay=0.01)
    again.press("enter")
    again.wait_until(lambda: journal_notes(journal)[-1:] == ["after the resume"], what="the resumed call's note")
    file_the_call(again, terminal)
    quit_idle(again)

    [call] = terminal.export()["calls"]
    assert call["started_at"] == started_at  # untouched by the jump and by the resume
    assert [note["text"] for note in notes_of(call)] == ["before the jump", "after the jump", "after the resume"]
    times = [event["t"] for event in call["events"]]
    assert times == sorted(times) and times[0] == 0.0  # the call clock only ran forwards
    steps = [(event["t"], event["step"]) for event in call["events"] if event["type"] == "step"]
    assert [step for _, step in steps] == ["listen", "apologize", "listen"]
    assert all(later >= earlier for (earlier, _), (later, _) in zip(steps, steps[1:]))
    ended = next(event["t"] for event in call["events"] if event["type"] == "ended")
    assert 0 < ended < 600  # minutes at most, never an hour off either way

    # The seam is real: a call begun now is stamped by the shifted wall clock, an hour back.
    later = terminal.spawn("call", "--caller", CALLER)
    next_journal = terminal.wait_for_call(later)
    behind = datetime.now(UTC) - datetime.fromisoformat(started_event(next_journal)["started_at"])
    assert timedelta(minutes=59) < behind < timedelta(minutes=61)
    later.kill(signal.SIGKILL)
