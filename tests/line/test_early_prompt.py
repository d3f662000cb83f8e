"""Line mode's first prompt is drawn before prompt-toolkit is imported, the keys held for it (issue 18
item 4; tui.support.early_prompt): nothing typed from the very first byte is lost or echoed twice,
Ctrl+C and Ctrl+D typed in that moment act as at the prompt, and the terminal is left as it was.

The real program in a pseudo-terminal. Its start is slowed by real load, not by mocking: it runs at
nice 19 on one core beside a busy loop at nice 19 (half a core, so the moment between the early
prompt and prompt-toolkit's is some hundreds of milliseconds; others' work on the machine keeps its
priority). prompt-toolkit's first paint turns bracketed paste on (PAINTED); the early prompt writes
no escape code, so the output tells which of the two is on screen.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import termios
import threading
import time

import pytest

from benchlib.world import CALLER, journal_notes, notes_of
from tests.line.test_in_a_terminal import end_call, no_cpr, quit_at_the_idle_prompt

PAINTED = "\x1b[?2004h"  # prompt-toolkit's first paint; the early prompt has no escape code
IDLE = "/quit leaves.\r\n> "  # the idle line and the idle prompt, as drawn early


@pytest.fixture
def slowed():
    """Put a spawned program on one core at nice 19, beside a busy loop at nice 19 there."""
    core = max(os.sched_getaffinity(0))

    def on_the_busy_core() -> None:
        os.sched_setaffinity(0, {core})
        os.nice(19)

    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=on_the_busy_core)

    def slow(program) -> None:
        os.sched_setaffinity(program.pid, {core})  # just after the fork: Python has not started yet
        os.setpriority(os.PRIO_PROCESS, program.pid, 19)

    try:
        yield slow
    finally:
        busy.kill()
        busy.wait()


def fresh_terminal_attributes() -> list:
    """What a new pseudo-terminal starts with: what the program's terminal must be left as."""
    main, other = os.openpty()
    try:
        return termios.tcgetattr(other)
    finally:
        os.close(main)
        os.close(other)


def in_the_gap(program, marker: str) -> None:
    """Wait for the early prompt, and check prompt-toolkit has not painted yet."""
    program.wait_for(marker, timeout=30)
    raw = program.raw
    assert marker in raw and PAINTED not in raw, f"prompt-toolkit painted before the check: {raw!r}"


@pytest.mark.parametrize("caller", [True, False], ids=["caller", "idle"])
def test_keys_typed_from_the_first_byte_land_in_the_first_note(terminal, slowed, caller):
    no_cpr(terminal)
    args = ("line", "--caller", CALLER, "--no-toolbar") if caller else ("line", "--no-toolbar")
    line = terminal.spawn(*args)
    slowed(line)
    line.write("typed at once")  # before Python runs: the terminal still echoes these
    in_the_gap(line, "note> " if caller else IDLE)
    line.write(", in the gap")  # held: prompt-toolkit is still loading
    line.wait_for("typed at once, in the gap", timeout=30)  # shown by prompt-toolkit, on its prompt
    raw = line.raw
    assert raw.index(", in the gap") > raw.index(PAINTED)  # never echoed by the terminal itself
    assert strip_prompt_line(line.text).count("typed at once, in the gap") == 1  # and shown once
    line.type(", then")
    line.press("enter")
    if not caller:
        line.wait_for("No call is live: this line waits")
        line.type(f"/call {CALLER}", delay=0.005)
        line.press("enter")
        line.wait_for("1 line(s) typed before the call are its first notes.", timeout=15)
    journal = terminal.wait_for_call(line)
    line.wait_until(lambda: journal_notes(journal) == ["typed at once, in the gap, then"], what="one note, whole", timeout=15)
    end_call(line)
    quit_at_the_idle_prompt(line)
    assert line.wait(timeout=15) == 0
    [call] = terminal.export()["calls"]
    assert [note["text"] for note in notes_of(call)] == ["typed at once, in the gap, then"]


def strip_prompt_line(text: str) -> str:
    """The text after the last prompt drawn (the early one is redrawn in place: one line on screen)."""
    return text.rsplit("note>", 1)[-1] if "note>" in text else text.rsplit("\n>", 1)[-1]


def test_ctrl_c_typed_in_the_gap_asks_as_at_the_prompt_and_the_note_comes_back(terminal, slowed):
    no_cpr(terminal)
    line = terminal.spawn("line", "--caller", CALLER, "--no-toolbar")
    slowed(line)
    in_the_gap(line, "note> ")
    line.write("half a note\x03")  # Ctrl+C is a key here, as in prompt-toolkit's raw mode: no SIGINT
    line.wait_for("c carry on [c]:", timeout=30)
    line.press("enter")  # carry on: the line comes back
    line.wait_for("note> half a note")
    line.type(" and the rest")
    line.press("enter")
    journal = terminal.wait_for_call(line)
    line.wait_until(lambda: journal_notes(journal) == ["half a note and the rest"], what="the note, whole")
    assert line.poll() is None  # still running: Ctrl+C did not kill it


def test_ctrl_d_typed_in_the_gap_leaves_the_idle_prompt_and_the_terminal_is_as_it_was(terminal, slowed):
    no_cpr(terminal)
    line = terminal.spawn("line", "--no-toolbar")
    slowed(line)
    in_the_gap(line, IDLE)
    line.write("\x04")  # Ctrl+D on the empty idle prompt: leave
    assert line.wait(timeout=30) == 0
    assert termios.tcgetattr(line.fd) == fresh_terminal_attributes()  # the master reads the program's side's


def test_a_refusal_after_the_early_prompt_takes_it_off_and_restores_the_terminal(terminal, slowed):
    """The data dir is a file: its preparation fails while prompt-toolkit loads, after the prompt was drawn."""
    no_cpr(terminal)
    terminal.data_dir.parent.mkdir(parents=True, exist_ok=True)
    terminal.data_dir.write_text("not a folder", encoding="utf-8")
    line = terminal.spawn("line", "--caller", CALLER)
    slowed(line)
    line.write("typed")
    assert line.wait(timeout=30) == 1
    raw = line.raw
    # Drawn, then its line emptied before the one sentence.
    assert raw.split("note> \r\x1b[K", 1)[-1].startswith("callcoach: "), raw
    assert PAINTED not in raw
    assert termios.tcgetattr(line.fd) == fresh_terminal_attributes()


def test_sigterm_while_the_keys_are_held_restores_the_terminal(terminal, slowed):
    no_cpr(terminal)
    line = terminal.spawn("line", "--caller", CALLER)
    slowed(line)
    in_the_gap(line, "note> ")
    line.kill(signal.SIGTERM, group=False)
    # Ended by the signal as without the early prompt, or (prompt-toolkit's modules loaded) by line
    # mode's own handler, which keeps the call for resume.
    assert line.wait(timeout=30) in (-signal.SIGTERM, 0)
    assert termios.tcgetattr(line.fd) == fresh_terminal_attributes()


def test_sigint_while_the_keys_are_held_ends_as_an_interrupt_and_restores_the_terminal(terminal, slowed):
    """Ctrl+C typed is a key (above); a SIGINT sent from outside while prompt-toolkit loads ends the
    program as an interrupt (exit 130, one way out through tui.cli), or, once prompt-toolkit has the
    terminal, is its Ctrl+C: at the idle prompt, leave (exit 0)."""
    no_cpr(terminal)
    line = terminal.spawn("line", "--no-toolbar")
    slowed(line)
    in_the_gap(line, IDLE)
    line.kill(signal.SIGINT, group=False)
    assert line.wait(timeout=30) in (130, 0)
    assert termios.tcgetattr(line.fd) == fresh_terminal_attributes()


def test_with_input_and_output_piped_nothing_is_drawn_early_and_no_escape_code_is_written(tmp_path):
    """Piped (a script, a screen reader's plain-text use): prompt-toolkit's plain output alone."""
    from benchlib.terminal import callcoach_command
    from benchlib.world import new_world

    world = new_world(tmp_path)
    argv = [*callcoach_command(), "line", "--caller", CALLER, "--no-toolbar", "--data-dir", str(world.data_dir)]
    result = subprocess.run(argv, input="a note\n/quit\nq\n", env=world.env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and result.stdout.startswith("note>")
    assert "Call started with" in result.stdout


def test_a_dumb_terminal_gets_no_early_prompt(terminal):
    no_cpr(terminal)
    terminal.env["TERM"] = "dumb"
    line = terminal.spawn("line", "--caller", CALLER, "--no-toolbar")
    line.wait_for("note>", timeout=15)
    line.type("plain", delay=0.005)
    line.press("enter")
    journal = terminal.wait_for_call(line)
    line.wait_until(lambda: journal_notes(journal) == ["plain"], what="the note")
    raw = line.raw
    assert "\x1b[" in raw[: raw.index("note>")]  # prompt-toolkit wrote first: the early prompt would be the first bytes


_PIECE = re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])|\x1b.|[\r\n\x08]|[^\x1b\r\n\x08]+")


def screen(raw: str, cols: int = 120, rows: int = 40) -> tuple[list[str], tuple[int, int]]:
    """The rows a terminal shows after `raw`, and its cursor: enough of one for prompt-toolkit's
    output (relative cursor moves, erase below and to the end of the line, text, line breaks)."""
    grid = [[" "] * cols for _ in range(rows)]
    row = col = 0
    for match in _PIECE.finditer(raw):
        piece, params, final = match.group(), match.group(1) or "", match.group(2)
        if final and not params.startswith("?"):
            n = int(params) if params.isdigit() else 1
            if final in "ABCD":
                row, col = {"A": (row - n, col), "B": (row + n, col), "C": (row, col + n), "D": (row, col - n)}[final]
                row, col = min(max(row, 0), rows - 1), min(max(col, 0), cols - 1)
            elif final == "J":
                grid[row][col:] = [" "] * (cols - col)
                grid[row + 1 :] = [[" "] * cols for _ in range(rows - row - 1)]
            elif final == "K":
                grid[row][col:] = [" "] * (cols - col)
        elif piece == "\r":
            col = 0
        elif piece == "\n":
            if row == rows - 1:
                grid = [*grid[1:], [" "] * cols]
            row = min(row + 1, rows - 1)
        elif piece == "\x08":
            col = max(col - 1, 0)
        elif not piece.startswith("\x1b"):
            for char in piece:
                if col < cols:
                    grid[row][col] = char
                col += 1
    return ["".join(cells).rstrip() for cells in grid], (row, col)


def answer_cursor_position_requests(program) -> None:
    """Answer prompt-toolkit's cursor position requests as a terminal does, from the emulated screen."""

    def answer() -> None:
        answered = 0
        while program.poll() is None:
            raw = program.raw
            requests = [match.start() for match in re.finditer(re.escape("\x1b[6n"), raw)]
            for at in requests[answered:]:
                row, col = screen(raw[:at])[1]
                program.write(f"\x1b[{row + 1};{col + 1}R")
            answered = len(requests)
            time.sleep(0.002)

    threading.Thread(target=answer, name="cpr-answers", daemon=True).start()


def test_with_cursor_position_answered_the_early_prompt_is_redrawn_in_place_once(terminal, slowed):
    """A terminal that answers prompt-toolkit's cursor position request (it asks where its first
    render starts): the answer comes after the keys typed in the gap, which still land whole; the
    early prompt and prompt-toolkit's are one line on screen, with the typing on it."""
    line = terminal.spawn("line", "--caller", CALLER, "--no-toolbar")
    slowed(line)
    answer_cursor_position_requests(line)
    in_the_gap(line, "note> ")
    line.write("typed in the gap")
    line.wait_for("Step 1 of 4", timeout=30)
    line.wait_until(lambda: "note> typed in the gap" in screen(line.raw)[0], what="the prompt with the typing on it")
    rows = screen(line.raw)[0]
    assert [row for row in rows if "note>" in row] == ["note> typed in the gap"]
    assert rows[0].startswith("Call started with")  # said above the prompt, from where the early one stood
    assert not any(re.search(r"\d+;\d+R", row) for row in rows)  # no answer to a request shown as text
    line.press("enter")
    journal = terminal.wait_for_call(line)
    line.wait_until(lambda: journal_notes(journal) == ["typed in the gap"], what="the note")
