"""Steps the fault tests repeat on the real desk: resume a cut-short call, file a call, quit."""

from __future__ import annotations

from pathlib import Path

from benchlib.terminal import PtyProgram
from benchlib.world import Terminal, journal_lines, journals


def stop_reasons(journal: Path) -> list[str]:
    """Why the call stopped, as the signal handler or the crash handler wrote it to the journal."""
    return [line.get("reason") for line in journal_lines(journal) if line.get("type") == "interrupted"]


def resume_cut_short(terminal: Terminal, *offer_shows: str) -> PtyProgram:
    """Start the desk again: it must offer the cut-short call (showing `offer_shows`); resume it."""
    desk = terminal.spawn(data_dir_first=True)
    desk.wait_for("cut short")
    for marker in offer_shows:
        desk.wait_for(marker)
    desk.press("r")
    desk.wait_for("Resumed the call")
    return desk


def file_the_call(desk: PtyProgram, terminal: Terminal) -> None:
    """F10, Enter on the proposed outcome; wait until the history has it and the journal is gone."""
    desk.press("f10")
    desk.wait_for("Wrap up")
    desk.press("enter")
    desk.wait_until(lambda: not journals(terminal.data_dir), what="the call filed and its journal removed")
    desk.wait_for("Ready for the next call")


def quit_idle(desk: PtyProgram) -> None:
    desk.press("ctrl+q")  # idle: quits without asking
    assert desk.wait() == 0
