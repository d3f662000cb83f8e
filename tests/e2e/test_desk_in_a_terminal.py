"""The real `callcoach` program in a pseudo-terminal, killed for real (issue 2, "Tests").

Every program runs with a private --data-dir and CALLCOACH_CONFIG, TERM=xterm-256color and a
120x40 window. What happened is read back from disk (the journal, the export), not from timing;
the only fixed wait is the 250 ms the issue grants between the last key and a SIGKILL.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .pty_desk import (
    KEYS,
    PtyProgram,
    callcoach_command,
    clean_env,
    journal_lines,
    journal_notes,
    journals,
    run,
)

CALLER = "+1 650 253 0000"
CALLER_E164 = "+16502530000"
GOOD_CONFIG = 'agent = "Ana"\ntimezone = "Europe/London"\n'


@dataclass
class Terminal:
    """A private world for the program: data dir, config, environment, and what it printed."""

    tmp: Path
    data_dir: Path
    config: Path
    env: dict[str, str]
    programs: list[PtyProgram] = field(default_factory=list)
    finished: list[subprocess.CompletedProcess] = field(default_factory=list)

    def spawn(self, *args: str, data_dir_first: bool = False) -> PtyProgram:
        """`callcoach ARGS --data-dir D` (or `callcoach --data-dir D ARGS`) in a 120x40 pty."""
        where = ["--data-dir", str(self.data_dir)]
        argv = [*where, *args] if data_dir_first else [*args, *where]
        program = PtyProgram(callcoach_command() + argv, self.env, cols=120, rows=40)
        self.programs.append(program)
        return program

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        result = run(callcoach_command() + list(args), env or self.env, timeout=10)
        self.finished.append(result)
        return result

    def export(self, *, data_dir_first: bool = False) -> dict:
        where = ["--data-dir", str(self.data_dir)]
        command = ["export", "--format", "json"]
        result = self.run(*([*where, *command] if data_dir_first else [*command, *where]))
        assert result.returncode == 0, result.stderr
        document = json.loads(result.stdout)
        assert (document["format"], document["version"]) == ("callcoach-export", 1)
        return document

    def wait_for_call(self, program: PtyProgram) -> Path:
        """The live call's journal, once its `started` event is on disk."""

        def started() -> Path | None:
            for path in journals(self.data_dir):
                if any(line.get("type") == "started" for line in journal_lines(path)):
                    return path
            return None

        return program.wait_until(started, what="the call's journal")


@pytest.fixture
def terminal(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text(GOOD_CONFIG, encoding="utf-8")
    world = Terminal(
        tmp=tmp_path,
        data_dir=tmp_path / "data",
        config=config,
        env=clean_env(tmp_path / "home", config),
    )
    try:
        yield world
    finally:
        for program in world.programs:
            program.close()
    # Never a traceback, whatever the test did: not on screen, not on stderr.
    for program in world.programs:
        assert "Traceback" not in program.text, program.tail()
    for result in world.finished:
        assert "Traceback" not in result.stderr + result.stdout, result.stderr


def notes_of(call: dict) -> list[dict]:
    return [event for event in call["events"] if event["type"] == "note"]


def one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert lines[0].startswith("callcoach: "), lines[0]
    return lines[0]


# -- 1. SIGKILL 250 ms after the last key: nothing typed is lost ----------------------------------------

TYPED_NOTES = [
    "Caller says the refund never arrived",
    "客户说退款还没到, 환불이 아직 안 됐어요",
    "Order 5521 went to the old address",
]
DRAFT = "Promised to check with billing tod"


def test_sigkill_250ms_after_the_last_key_loses_nothing_typed(terminal):
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    for note in TYPED_NOTES:
        desk.type(note, delay=0.02)
        desk.press("enter", delay=0.02)
    # No Enter: the note being typed when the power goes. The agent pauses before its last key
    # (the draft so far reaches the disk), so that last key is the only thing the final 250 ms
    # must carry: a draft journaled later than that behind the keyboard fails here.
    head, last_key = DRAFT[:-1], DRAFT[-1]
    desk.type(head, delay=0.02)
    desk.wait_until(
        lambda: [line.get("text") for line in journal_lines(journal) if line.get("type") == "draft"][-1:] == [head],
        what="the draft so far on disk",
    )
    desk.type(last_key)
    time.sleep(0.25)
    desk.kill(signal.SIGKILL)
    assert desk.wait() == -signal.SIGKILL

    [call] = terminal.export()["calls"]
    assert call["status"] == "interrupted"
    assert call["caller"] == CALLER_E164
    assert (call["agent"], call["outcome"]) == ("Ana", None)
    notes = notes_of(call)
    assert [note["text"] for note in notes] == [*TYPED_NOTES, DRAFT]
    assert [note.get("draft", False) for note in notes] == [False, False, False, True]
    stamps = [note["t"] for note in notes]
    assert stamps == sorted(stamps)       # each stamped when its typing began, in typing order


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


def test_closed_terminal_is_a_hangup_that_loses_nothing(terminal):
    """An ssh drop or a closed window: the kernel's SIGHUP, and no terminal left to write to."""
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.type("Line is breaking up", delay=0.02)
    desk.press("enter", delay=0.02)
    desk.type("They asked for a superv", delay=0.02)
    time.sleep(0.25)
    desk.hang_up()
    assert desk.wait() == 0
    assert {"type": "interrupted", "reason": "SIGHUP"} in [
        {key: line.get(key) for key in ("type", "reason")} for line in journal_lines(journal)
    ]
    [call] = terminal.export()["calls"]
    assert call["status"] == "interrupted"
    assert [(note["text"], note.get("draft", False)) for note in notes_of(call)] == [
        ("Line is breaking up", False),
        ("They asked for a superv", True),
    ]


# -- 2. SIGTERM and SIGHUP: a clean exit, the call marked interrupted, then resumed and filed ------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_marks_the_call_interrupted_and_it_resumes(terminal, signum):
    name = signal.Signals(signum).name
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.type("Caller wants a refund", delay=0.01)
    desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal) == ["Caller wants a refund"], what="the note on disk")
    desk.type("Checking the ord", delay=0.01)
    desk.wait_until(
        lambda: any(line.get("text") == "Checking the ord" for line in journal_lines(journal)),
        what="the draft on disk",
    )

    desk.kill(signum, group=False)
    assert desk.wait() == 0
    assert f"stopped by {name}" in desk.text
    lines = journal_lines(journal)
    assert {"type": "interrupted", "reason": name} in [
        {key: line.get(key) for key in ("type", "reason")} for line in lines
    ]

    # The next start offers the call; "r" brings it back live, the draft in the editor.
    again = terminal.spawn(data_dir_first=True)
    again.wait_for("cut short")
    again.wait_for("being typed")            # the draft is counted in the offer ...
    again.wait_for(name)                     # ... and why the call stopped (the text wraps)
    again.press("r")
    again.wait_for("Resumed the call")
    again.type("er status", delay=0.01)
    again.press("enter")
    again.wait_until(
        lambda: journal_notes(journal) == ["Caller wants a refund", "Checking the order status"],
        what="the resumed call's new note in the same journal",
    )
    again.press("f10")
    again.wait_for("Wrap up")
    again.press("enter")
    again.wait_until(lambda: not journals(terminal.data_dir), what="the call filed and its journal removed")
    again.wait_for("Ready for the next call")
    again.press("ctrl+q")                   # idle: quits without asking
    assert again.wait() == 0

    [call] = terminal.export(data_dir_first=True)["calls"]
    assert call["status"] == "completed"
    assert call["outcome"] == "resolved"
    assert [note["text"] for note in notes_of(call)] == ["Caller wants a refund", "Checking the order status"]
    assert not any(note.get("draft") for note in notes_of(call))
    assert "interrupted" not in [event["type"] for event in call["events"]]


# -- 3. Bad input ---------------------------------------------------------------------------------------


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
    desk.wait_for("Quit anyway")             # a call is live: quitting asks first
    desk.press("y")
    assert desk.wait() == 0
    [call] = terminal.export()["calls"]      # quitting mid-call keeps it, to be offered next start
    assert (call["status"], call["caller"]) == ("interrupted", None)
