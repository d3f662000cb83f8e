"""Issue 7, row 5: "Disk full (fault injection at the store's write seam, plus a small tmpfs where the
machine allows): a visible "not saved" state, typing goes on in memory, saved when space returns;
old data intact."

Two disks, one test: a real 64 KiB tmpfs filled to the last byte by another file (needs root and
mount; skipped with the reason otherwise), and the store's write seam switched to ENOSPC by the
test (CALLCOACH_FAULT_DISK_FULL_WHILE, tui/fault_injection.py). The journal and history writers'
own behaviour on failing writes is tested in tests/store/test_store_journal_faults.py; here it is
the real desk in a terminal.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from benchlib.world import CALLER, journal_notes, journals, notes_of
from tui.support.fault_seams import DISK_FULL_ENV

from .desk_steps import file_the_call, quit_idle

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


class SeamDisk:
    """The store's write seam: every store write fails with ENOSPC while a switch file exists."""

    def __init__(self, tmp: Path) -> None:
        self.switch = tmp / "disk-is-full"
        self.data_dir = tmp / "data"

    def env(self) -> dict[str, str]:
        return {DISK_FULL_ENV: str(self.switch)}

    def fill(self) -> None:
        self.switch.touch()

    def free(self) -> None:
        self.switch.unlink()

    def close(self) -> None:
        pass


class TmpfsDisk:
    """A real 64 KiB tmpfs holding the data dir, filled to the last byte by another file."""

    def __init__(self, tmp: Path) -> None:
        self.mount = tmp / "small-disk"
        self.mount.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(self.mount)], capture_output=True, text=True
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here ({result.stderr.strip() or 'mount refused'})")
        self.data_dir = self.mount / "data"
        self.filler = self.mount / "filler"

    def env(self) -> dict[str, str]:
        return {}

    def fill(self) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (65536, 4096, 512, 64, 1):
                while True:
                    try:
                        os.write(fd, b"\0" * size)
                    except OSError as error:
                        assert error.errno == errno.ENOSPC
                        break
        finally:
            os.close(fd)

    def free(self) -> None:
        self.filler.unlink()

    def close(self) -> None:
        subprocess.run(["umount", "-l", str(self.mount)], capture_output=True)


@pytest.fixture(params=["tmpfs", "write-seam"])
def disk(request, tmp_path):
    made = TmpfsDisk(tmp_path) if request.param == "tmpfs" else SeamDisk(tmp_path)
    yield made
    made.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_full_disk_shows_not_saved_keeps_typing_and_saves_when_space_returns(terminal, disk):
    terminal.data_dir = disk.data_dir
    terminal.env.update(disk.env())

    # Old data: one call already filed.
    desk = terminal.spawn("call", "--caller", CALLER)
    terminal.wait_for_call(desk)
    desk.type("an earlier call", delay=0.01)
    desk.press("enter")
    file_the_call(desk, terminal)
    quit_idle(desk)
    [history_file] = [path for path in (terminal.data_dir / "history").rglob("*") if path.is_file()]
    old_bytes = digest(history_file)

    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.type("before the disk filled", delay=0.01)
    desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal) == ["before the disk filled"], what="the first note on disk")

    disk.fill()
    # A pasted order history (three long lines: more than any slack left in the journal's last
    # page), then notes typed by hand.
    pasted = [f"order line {n}: " + "x" * 1500 for n in range(3)]
    desk.write(PASTE_START + "\n".join(pasted) + "\n" + PASTE_END)
    desk.wait_for("NOT SAVED")
    desk.wait_for("saved when space returns")
    typed = ["typed while the disk was full", "and more of it"]
    for text in typed:
        desk.type(text, delay=0.01)
        desk.press("enter")
    desk.press("f3")  # another message: the NOT SAVED badge stays before it
    desk.wait_until(lambda: re.search(r"NOT SAVED\s+Already on the first step", desk.text), what="the badge kept")
    assert journal_notes(journal)[:1] == ["before the disk filled"]
    assert "typed while the disk was full" not in journal_notes(journal)  # held in memory only
    assert digest(history_file) == old_bytes

    disk.free()
    desk.wait_for("Saved again")
    every_note = ["before the disk filled", *pasted, *typed]
    desk.wait_until(lambda: journal_notes(journal) == every_note, what="everything held in memory, on disk in order")
    file_the_call(desk, terminal)
    quit_idle(desk)

    calls = {call["id"]: call for call in terminal.export()["calls"]}
    assert [note["text"] for note in notes_of(calls[journal.stem])] == every_note
    assert [[note["text"] for note in notes_of(call)] for key, call in calls.items() if key != journal.stem] == [["an earlier call"]]
    assert not journals(terminal.data_dir)


def test_filing_on_a_full_disk_keeps_the_call_open_until_it_can_be_saved(terminal, disk):
    terminal.data_dir = disk.data_dir
    terminal.env.update(disk.env())
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    disk.fill()
    held = ["caller agreed to the refund", "x" * 1900, "y" * 1900, "z" * 1900]
    desk.write(PASTE_START + "\n".join(held) + "\n" + PASTE_END)
    desk.wait_for("NOT SAVED")
    desk.press("f10")
    desk.wait_for("Wrap up")
    desk.press("enter")
    desk.wait_for("could not be filed", timeout=15)  # the writer is given 5 s to get it on disk
    desk.wait_for("it stays open")
    desk.press("ctrl+q")  # quitting now would lose the notes: it says so
    desk.wait_for("Quitting now loses what")
    desk.press("n")
    desk.type("still here", delay=0.01)
    desk.press("enter")

    disk.free()
    desk.wait_for("Saved again")
    desk.wait_until(lambda: journal_notes(journal) == [*held, "still here"], what="the held notes on disk")
    file_the_call(desk, terminal)
    quit_idle(desk)
    [call] = terminal.export()["calls"]
    assert (call["status"], [note["text"] for note in notes_of(call)]) == ("completed", [*held, "still here"])
