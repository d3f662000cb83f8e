"""Issue 7, row 4: "An exception in a key handler or a worker: the desk stays up, or exits with a plain
message; notes intact; no traceback locals and no note text on screen or in any log."

The faults are real exceptions raised inside the running program through its test-only seam
(CALLCOACH_INJECT_FAULT, tui/fault_injection.py); nothing in the program is mocked. Each injected
exception's message carries a marker that must never be shown, as a real exception's message
might quote a note.
"""

from __future__ import annotations

from pathlib import Path

from benchlib.world import CALLER, journal_lines, journal_notes, notes_of
from tui.support.fault_seams import FAULT_ENV, SECRET_MARKER

from .desk_steps import file_the_call, quit_idle, resume_cut_short, stop_reasons

LEAVE_ALT_SCREEN = "\x1b[?1049l"


def files_holding(root: Path, text: str, journal_dir: Path) -> list[Path]:
    """Every file under `root` holding `text`, except the call journals (which must hold notes)."""
    found = []
    for path in root.rglob("*"):
        if path.is_file() and path.parent != journal_dir and text.encode() in path.read_bytes():
            found.append(path)
    return found


def test_exception_in_a_key_handler_exits_with_a_plain_message_and_the_call_resumes(terminal):
    note = "Caller wants a refund for order AB"
    terminal.env[FAULT_ENV] = "note-submit"
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.type(note, delay=0.01)
    desk.wait_until(
        lambda: [line.get("text") for line in journal_lines(journal) if line.get("type") == "draft"][-1:] == [note],
        what="the draft on disk",
    )
    desk.press("enter")  # the Enter handler raises
    assert desk.wait() == 1
    after_exit = " ".join(desk.raw.rpartition(LEAVE_ALT_SCREEN)[2].split())  # what stays on the terminal
    assert "stopped on an internal error (InjectedFault)" in after_exit
    assert "start callcoach again to resume the call" in after_exit
    assert note not in after_exit
    for secret in (SECRET_MARKER, "Traceback", "locals"):
        assert secret not in desk.text
    assert stop_reasons(journal) == ["internal error"]
    assert files_holding(terminal.tmp, note, journal.parent) == []

    del terminal.env[FAULT_ENV]
    again = resume_cut_short(terminal, "being typed", "internal error")
    again.press("enter")  # the note that failed to commit is in the editor again
    again.wait_until(lambda: journal_notes(journal) == [note], what="the note committed after the resume")
    file_the_call(again, terminal)
    quit_idle(again)
    [call] = terminal.export()["calls"]
    assert (call["status"], [n["text"] for n in notes_of(call)]) == ("completed", [note])


def test_exceptions_in_workers_leave_the_desk_up_and_the_call_on_disk(terminal):
    notes = ["They were charged twice", "Wants it back this week"]
    terminal.env[FAULT_ENV] = "warm-up,file-call"
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.wait_for("Something went wrong in the background (InjectedFault); the call journal is safe.")
    for text in notes:  # the desk is still up: typing goes on
        desk.type(text, delay=0.01)
        desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal) == notes, what="the notes typed after the worker fault")

    desk.press("f10")  # the worker that files the call raises
    desk.wait_for("Wrap up")
    desk.press("enter")
    desk.wait_for("could not be filed (InjectedFault); it stays open")
    desk.type("still on the line", delay=0.01)  # the call is open and takes keys: not stuck "Filing"
    desk.press("enter")
    notes.append("still on the line")
    desk.wait_until(lambda: journal_notes(journal) == notes, what="a note typed after the failed filing")
    desk.press("ctrl+q")
    desk.wait_for("Quit anyway")
    desk.press("y")
    assert desk.wait() == 0
    for secret in (SECRET_MARKER, "Traceback"):
        assert secret not in desk.text
    assert all(files_holding(terminal.tmp, text, journal.parent) == [] for text in notes)

    del terminal.env[FAULT_ENV]
    again = resume_cut_short(terminal, "3 note(s)")
    file_the_call(again, terminal)
    quit_idle(again)
    [call] = terminal.export()["calls"]
    assert (call["status"], [n["text"] for n in notes_of(call)]) == ("completed", notes)


def test_a_failed_look_for_cut_short_calls_still_starts_the_callers_call(terminal):
    """The worker that looks for calls cut short at the last exit runs before --caller's call starts:
    when it fails, the fault is said and the call starts all the same (it used to never start)."""
    terminal.env[FAULT_ENV] = "cut-short-look"
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.wait_for("Something went wrong in the background (InjectedFault); the call journal is safe.")
    desk.type("the look failed", delay=0.01)
    desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal) == ["the look failed"], what="a note on the call that started")
    assert SECRET_MARKER not in desk.text and "Traceback" not in desk.text
