"""`callcoach line --caller NUM`'s first prompt comes before the number is checked (issue 18 item 4).

The call starts just after the first `note>` is drawn: what starting it says (the number as
formatted, a warning for a number that cannot be read) is printed above that prompt, and keys typed
before the prompt appeared are the call's first note. The real program in a pseudo-terminal.
"""

from __future__ import annotations

from benchlib.world import CALLER, CALLER_E164, journal_lines, journal_notes, notes_of
from tests.faults.test_a_damaged_history_month_is_set_aside_and_the_rest_loads import WARNING, damaged  # noqa: F401 - a fixture
from tests.line.test_in_a_terminal import end_call, no_cpr, quit_at_the_idle_prompt


def started_event(journal) -> dict:
    return next(line for line in journal_lines(journal) if line.get("type") == "started")


def test_keys_typed_before_the_first_prompt_are_the_first_note_and_the_number_is_shown_above_it(terminal):
    no_cpr(terminal)
    line = terminal.spawn("line", "--caller", CALLER, "--no-toolbar")
    line.write("typed before the prompt")  # at once, while Python and prompt-toolkit still load
    line.wait_for("Call started with")
    journal = terminal.wait_for_call(line)
    line.wait_for("Step 1 of 4")
    assert line.text.index("note>") < line.text.index("Call started with")  # the prompt came first
    line.press("enter")
    line.wait_until(lambda: journal_notes(journal) == ["typed before the prompt"], what="the early keys as the first note")
    assert started_event(journal)["caller"] == CALLER_E164  # checked with phonenumbers, after the prompt
    end_call(line)
    quit_at_the_idle_prompt(line)
    assert line.wait() == 0
    [call] = terminal.export()["calls"]
    assert [note["text"] for note in notes_of(call)] == ["typed before the prompt"]


def test_a_number_that_cannot_be_read_is_warned_about_above_the_first_prompt(terminal):
    no_cpr(terminal)
    line = terminal.spawn("line", "--caller", "12", "--no-toolbar")
    line.wait_for("Warning: Caller number '12' not recognised")
    journal = terminal.wait_for_call(line)
    assert line.text.index("note>") < line.text.index("Warning:")
    line.type("still a call", delay=0.005)
    line.press("enter")
    line.wait_until(lambda: journal_notes(journal) == ["still a call"], what="the note after the warning")
    started = started_event(journal)
    assert started["caller"] is None and started["caller_input"] == "12"
    end_call(line)
    quit_at_the_idle_prompt(line)
    assert line.wait() == 0


def test_damaged_history_months_are_said_after_the_first_prompt(damaged):
    """The history's check (every month read: about 2 s for 100,000 calls the first time) runs on a
    thread once the prompt is drawn; a damaged month is still said, once, above the prompt."""
    no_cpr(damaged)
    line = damaged.spawn("line", "--caller", CALLER, "--no-toolbar")
    line.wait_for(WARNING, timeout=15)
    journal = damaged.wait_for_call(line)
    assert line.text.index("note>") < line.text.index(WARNING)
    line.type("after the warning", delay=0.005)
    line.press("enter")
    line.wait_until(lambda: journal_notes(journal) == ["after the warning"], what="the note typed after the warning")
    assert line.text.count(WARNING) == 1
