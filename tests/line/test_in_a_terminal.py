"""The real `callcoach line` in a pseudo-terminal (scripts/benchlib's driver), killed for real.

What happened is read back from disk: the journal while the call is live, `callcoach export`
afterwards. Waits are on output markers and on the journal, never on fixed sleeps.
"""

from __future__ import annotations

import signal

from benchlib.world import CALLER, CALLER_E164, journal_lines, journal_notes, journals, notes_of


def no_cpr(terminal) -> None:
    """The driver is not a terminal emulator: it never answers prompt-toolkit's cursor position
    request, so prompt-toolkit is told not to ask (as it would be over a link that drops them)."""
    terminal.env["PROMPT_TOOLKIT_NO_CPR"] = "1"


def say(program, line: str) -> None:
    program.type(line, delay=0.005)
    program.press("enter")


def end_call(program) -> None:
    say(program, "/end")
    program.wait_for("Outcome?")
    program.press("enter")
    program.wait_for("Category?")
    program.press("enter")
    program.wait_for("Ready for the next call")


def quit_at_the_idle_prompt(program) -> None:
    """Ctrl+D at the idle prompt. "Ready for the next call" is printed just before that prompt
    starts reading, so on a loaded machine a Ctrl+D sent at once can reach the finished prompt
    instead: send it again when the program is still there after a few seconds."""
    program.press("\x04")
    try:
        program.wait(timeout=4.0)
    except AssertionError:
        program.press("\x04")


def test_a_call_in_line_mode_with_a_callback_is_exported_whole(terminal):
    no_cpr(terminal)
    line = terminal.spawn("line", "--caller", CALLER, "--no-toolbar")
    journal = terminal.wait_for_call(line)
    line.wait_for("note>")
    say(line, "Caller says the parcel never arrived")
    say(line, "/next")
    line.wait_for("Step 2 of 4: Apologize")
    say(line, "> sorry, that was our mistake")
    line.wait_until(lambda: len(journal_notes(journal)) == 2, what="both notes on disk")
    say(line, "/callback")
    line.wait_for("Enter promises it")
    line.wait_for("Say: I'll call you back")
    line.press("enter")
    line.wait_for("Callback promised")
    assert any(event.get("type") == "callback" for event in journal_lines(journal))  # on disk when said
    end_call(line)
    line.press("\x04")  # Ctrl+D between calls: leave
    assert line.wait() == 0

    [call] = terminal.export()["calls"]
    assert call["status"] == "completed" and call["outcome"] == "callback_promised"
    assert [note["text"] for note in notes_of(call)] == ["Caller says the parcel never arrived", "> sorry, that was our mistake"]
    assert [event["step"] for event in call["events"] if event["type"] == "step"] == ["listen", "apologize"]
    [callback] = [event for event in call["events"] if event["type"] == "callback"]
    assert callback["number"] == CALLER_E164 and callback["zone"] == "America/Los_Angeles"
    invites = [path.name for path in (terminal.data_dir / "outbox").iterdir()]
    assert invites == [callback["uid"].replace("@", "_") + ".seq0.publish.ics"]


def test_sigkill_mid_call_then_the_next_start_resumes_it_with_its_notes(terminal):
    no_cpr(terminal)
    line = terminal.spawn("line", "--caller", CALLER)
    journal = terminal.wait_for_call(line)
    line.wait_for("note>")
    say(line, "Caller wants a refund")
    say(line, "/type prepared")
    line.wait_for("Caller: Prepared.")
    line.type("Checking the ord", delay=0.005)
    line.wait_until(
        lambda: any(entry.get("text") == "Checking the ord" for entry in journal_lines(journal)),
        what="the half-typed note on disk",
    )
    line.kill(signal.SIGKILL)
    assert line.wait() == -signal.SIGKILL

    again = terminal.spawn("line", "--no-toolbar")
    again.wait_for("was cut short")
    again.press("enter")  # r, the proposal
    again.wait_for("Resumed the call")
    again.wait_for("back on the line")
    again.type("er status", delay=0.005)
    again.press("enter")
    again.wait_until(
        lambda: journal_notes(journal) == ["Caller wants a refund", "Checking the order status"],
        what="the resumed call's note in the same journal",
    )
    end_call(again)
    quit_at_the_idle_prompt(again)
    assert again.wait() == 0
    assert not journals(terminal.data_dir)

    [call] = terminal.export()["calls"]
    assert call["status"] == "completed"
    assert [note["text"] for note in notes_of(call)] == ["Caller wants a refund", "Checking the order status"]
    assert [(e["tag"], e["value"]) for e in call["events"] if e["type"] == "tag"] == [("caller_type", "prepared")]


def test_after_ctrl_l_words_are_notes_and_lines_typed_in_one_read_each_stay_a_note(terminal):
    """Issue 14 in a real terminal: after Ctrl+L, "she works nights so call after 6pm" and "a refund
    for the modem" are notes (the caller's number stays), and notes typed in one read, Enter between
    them, are each kept whole and in order."""
    no_cpr(terminal)
    line = terminal.spawn("line", "--caller", CALLER, "--no-toolbar")
    journal = terminal.wait_for_call(line)
    line.wait_for("note>")
    line.press("\x0c")  # Ctrl+L: the callback
    line.wait_for("Enter promises it")
    say(line, "she works nights so call after 6pm")
    line.wait_until(lambda: "she works nights so call after 6pm" in journal_notes(journal), what="the words kept as a note")
    say(line, "a refund for the modem")
    line.wait_until(lambda: "a refund for the modem" in journal_notes(journal), what="the second line kept as a note")
    line.press("enter")  # promises the window shown, on the caller's number
    line.wait_for("Callback promised")
    line.write("first of three\rsecond of three\rthird of three\r")  # one read
    line.wait_until(lambda: journal_notes(journal)[-1:] == ["third of three"], what="the burst on disk")
    end_call(line)
    quit_at_the_idle_prompt(line)
    assert line.wait() == 0

    [call] = terminal.export()["calls"]
    assert [note["text"] for note in notes_of(call)] == [
        "she works nights so call after 6pm",
        "a refund for the modem",
        "first of three",
        "second of three",
        "third of three",
    ]
    [callback] = [event for event in call["events"] if event["type"] == "callback"]
    assert callback["number"] == CALLER_E164
