"""The real `callcoach` program in a pseudo-terminal, killed for real (issue 2, "Tests").

Every program runs with a private --data-dir and CALLCOACH_CONFIG, TERM=xterm-256color and a
120x40 window. What happened is read back from disk (the journal, the export), not from timing;
the only fixed wait is the 250 ms the issue grants between the last key and a SIGKILL.
"""

from __future__ import annotations

import signal

import pytest

from benchlib.terminal import KEYS
from benchlib.world import CALLER, journal_lines, journal_notes, journals, notes_of, one_sentence

# -- 1. Keys typed in a burst (SIGKILL 250 ms after the last key: tests/faults/test_kill9_while_typing_*) -


def test_keys_queued_while_the_desk_was_busy_keep_their_notes_apart(terminal):
    """After a stall the terminal hands over everything typed meanwhile in one read: each Enter
    must still end its own note, and nothing typed after it may be lost."""
    burst_notes = ["first thing they said", "客户很生气", "second thing", "세 번째"]
    burst_draft = "and then they"
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.write("\r".join(burst_notes) + "\r" + burst_draft)
    # This test is about order, not speed (the SIGKILL test above is the one about 250 ms): wait
    # for as many notes as Enters, then for the draft typed after the last Enter.
    desk.wait_until(lambda: len(journal_notes(journal)) == len(burst_notes), what="one note per Enter")
    desk.wait_until(
        lambda: [line.get("text") for line in journal_lines(journal) if line.get("type") == "draft"][-1:] == [burst_draft],
        what="the text typed after the last Enter, as the draft",
    )
    desk.kill(signal.SIGKILL)
    assert desk.wait() == -signal.SIGKILL

    [call] = terminal.export()["calls"]
    assert [note["text"] for note in notes_of(call)] == [*burst_notes, burst_draft]
    assert [note.get("draft", False) for note in notes_of(call)] == [False] * len(burst_notes) + [True]


def test_f10_right_after_typing_files_the_whole_last_note(terminal):
    """F10 is a priority key: it must still wait for the keys typed just before it."""
    desk = terminal.spawn("call", "--caller", CALLER)
    terminal.wait_for_call(desk)
    desk.write("refund agreed, closing" + KEYS["f10"])
    desk.wait_for("Wrap up:")
    desk.press("enter")
    desk.wait_until(lambda: not journals(terminal.data_dir), what="the call filed and its journal removed")
    desk.wait_for("Ready for the next call")
    desk.press("ctrl+q")
    assert desk.wait() == 0

    [call] = terminal.export()["calls"]
    assert call["status"] == "completed"
    assert [note["text"] for note in notes_of(call)] == ["refund agreed, closing"]


# -- 2. Bad input (signals: tests/faults/test_hangup_and_sigterm_*) -----------------------------------------


@pytest.mark.parametrize(
    "args",
    [["--bogus"], ["call", "--bogus"], ["export", "--format", "json", "--colour"], ["frobnicate"]],
    ids=["global", "call", "export", "unknown-command"],
)
def test_unknown_option_prints_usage_and_exits_2(terminal, args):
    result = terminal.run(*args, "--data-dir", str(terminal.data_dir))
    assert result.returncode == 2
    assert result.stderr.startswith("usage: callcoach")
    assert result.stdout == ""


@pytest.mark.parametrize(
    "content, key, expected",
    [
        ('colour = "blue"\n', "colour", "one of agent, default_region, keys, playbook, retention_days, timezone"),
        ('timezone = "Mars/Olympus_Mons"\n', "timezone", "an IANA time zone name"),
    ],
    ids=["unknown-key", "bad-timezone"],
)
@pytest.mark.parametrize("how", ["env", "option-first", "option-last"])
def test_bad_config_names_file_key_and_form_and_exits_2(terminal, content, key, expected, how):
    bad = terminal.tmp / "bad config.toml"
    bad.write_text(content, encoding="utf-8")
    call = ["call", "--caller", CALLER, "--data-dir", str(terminal.data_dir)]
    if how == "env":
        result = terminal.run(*call, env={**terminal.env, "CALLCOACH_CONFIG": str(bad)})
    elif how == "option-first":
        result = terminal.run("--config", str(bad), *call)
    else:
        result = terminal.run(*call, "--config", str(bad))
    assert result.returncode == 2
    message = one_sentence(result.stderr)
    assert str(bad) in message
    assert f"'{key}'" in message
    assert expected in message
    assert not journals(terminal.data_dir)


def test_unparseable_caller_still_starts_the_call_with_a_warning(terminal):
    desk = terminal.spawn("call", "--caller", "not a number")
    journal = terminal.wait_for_call(desk)
    desk.wait_for("'not a number' not recognised")
    desk.wait_for("shown as typed")
    [started] = [line for line in journal_lines(journal) if line["type"] == "started"]
    assert (started["caller"], started["caller_input"]) == (None, "not a number")

    desk.type("number unreadable, asked again", delay=0.01)
    desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal) == ["number unreadable, asked again"], what="the note on disk")
    desk.press("ctrl+q")
    desk.wait_for("Quit anyway")  # a call is live: quitting asks first
    desk.press("y")
    assert desk.wait() == 0
    [call] = terminal.export()["calls"]  # quitting mid-call keeps it, to be offered next start
    assert (call["status"], call["caller"]) == ("interrupted", None)
