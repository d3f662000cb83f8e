"""Issue 7, row 3: "Terminal closed or ssh dropped (SIGHUP), and SIGTERM: journal flushed, call marked
interrupted, resume offered on the next start."

Each test stops a live call for real (the kernel's SIGHUP when the terminal closes, or a signal
sent to the process), then starts the desk again on the same data dir: the call is offered with
why it stopped, resumed with its draft back in the editor, finished and filed with everything.
"""

from __future__ import annotations

import signal
import time

import pytest

from benchlib.world import CALLER, CALLER_E164, journal_lines, journal_notes, journals, notes_of

from .desk_steps import file_the_call, quit_idle, resume_cut_short, stop_reasons


def resume_finish_the_draft_and_file(terminal, journal, reason: str, rest: str, notes: list[str]) -> dict:
    """The next start offers the call with the draft counted and why it stopped; "r" resumes it,
    the draft is back in the editor: type the `rest` of it, Enter, file. Returns the exported call."""
    again = resume_cut_short(terminal, "being typed", reason)
    again.type(rest, delay=0.01)
    again.press("enter")
    again.wait_until(lambda: journal_notes(journal) == notes, what="the resumed call's note in the same journal")
    file_the_call(again, terminal)
    quit_idle(again)
    [call] = terminal.export(data_dir_first=True)["calls"]
    return call


def test_closed_terminal_is_a_hangup_that_loses_nothing_and_resumes(terminal):
    """An ssh drop or a closed window: the kernel's SIGHUP, and no terminal left to write to."""
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.type("Line is breaking up", delay=0.02)
    desk.press("enter", delay=0.02)
    desk.type("They asked for a superv", delay=0.02)
    time.sleep(0.25)
    desk.hang_up()
    assert desk.wait() == 0
    assert stop_reasons(journal) == ["SIGHUP"]
    [call] = terminal.export()["calls"]  # filed or not, an export already has it all
    assert call["status"] == "interrupted"
    assert [(note["text"], note.get("draft", False)) for note in notes_of(call)] == [
        ("Line is breaking up", False),
        ("They asked for a superv", True),
    ]

    call = resume_finish_the_draft_and_file(terminal, journal, "SIGHUP", "isor", ["Line is breaking up", "They asked for a supervisor"])
    assert (call["status"], call["caller"], call["agent"]) == ("completed", CALLER_E164, "Ana")
    assert [note["text"] for note in notes_of(call)] == ["Line is breaking up", "They asked for a supervisor"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_marks_the_call_interrupted_and_it_resumes(terminal, signum):
    name = signal.Signals(signum).name
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.type("Caller wants a refund", delay=0.01)
    desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal) == ["Caller wants a refund"], what="the note on disk")
    desk.press("f2")  # on to "apologize": the step survives the resume too
    desk.type("Checking the ord", delay=0.01)
    desk.wait_until(
        lambda: any(line.get("text") == "Checking the ord" for line in journal_lines(journal)),
        what="the draft on disk",
    )

    desk.kill(signum, group=False)
    assert desk.wait() == 0
    assert f"stopped by {name}" in desk.text
    assert stop_reasons(journal) == [name]

    call = resume_finish_the_draft_and_file(terminal, journal, name, "er status", ["Caller wants a refund", "Checking the order status"])
    assert call["status"] == "completed"
    assert call["outcome"] == "resolved"
    assert [note["text"] for note in notes_of(call)] == ["Caller wants a refund", "Checking the order status"]
    assert not any(note.get("draft") for note in notes_of(call))
    steps = [event["step"] for event in call["events"] if event["type"] == "step"]
    assert steps == ["listen", "apologize"]
    assert "interrupted" not in [event["type"] for event in call["events"]]


def test_sigterm_with_no_call_live_exits_cleanly_and_leaves_nothing_to_resume(terminal):
    desk = terminal.spawn()
    desk.wait_for("Ctrl+N")
    desk.kill(signal.SIGTERM, group=False)
    assert desk.wait() == 0
    assert not journals(terminal.data_dir)  # no journal: the next start has nothing to offer
    assert terminal.export()["calls"] == []
