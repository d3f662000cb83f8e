"""Fault matrix row 15 (issue 7): modes. Every file the program creates is 0600 and every directory
0700, whatever the umask: the data directory itself, the journal, the history months, the index,
the outbox (.ics and .eml), callbacks/actions.jsonl, reviews/comments.jsonl, quarantine/, the lock,
and exports written with --out.

The real program in a pseudo-terminal under umask 000 (the most permissive an agent's shell could
have), driven through a whole day: a call with a callback promised to an e-mail, filed; the queue
marks it kept; a damaged month is set aside; a supervisor comments in the replay; the history
browser builds its index; an export goes to a file. Then every path under the data directory is
checked.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from benchlib.world import Terminal, journals

F5, F9 = "\x1b[15~", "\x1b[20~"
END = "\x1b[F"


@pytest.fixture
def open_umask():
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_everything_created_is_private_whatever_the_umask(terminal: Terminal, open_umask) -> None:
    terminal.config.write_text('agent = "Ana"\ntimezone = "Europe/London"\ndefault_region = "GB"\n', encoding="utf-8")
    data_dir = terminal.data_dir

    desk = terminal.spawn("call", "--caller", "020 7031 3000")
    journal = terminal.wait_for_call(desk)
    assert mode(journal) == 0o600
    desk.type("wants a call back", delay=0.01)
    desk.press("enter")
    desk.write(F5)
    desk.wait_for("Enter promises it")  # the panel is open (its title)
    desk.press("tab", "tab")  # into the number, on to the e-mail
    desk.type("caller@example.com", delay=0.01)
    desk.press("enter")
    desk.wait_for("Callback promised")
    desk.press("f10")
    desk.wait_for("Wrap up")
    desk.press("enter")
    desk.wait_until(lambda: not journals(data_dir), what="the call filed")
    desk.write(F9)  # the queue: mark the callback kept
    desk.wait_for("kept")
    desk.press("1")  # kept: Enter confirms
    desk.wait_for("Enter records")
    desk.press("enter")
    desk.wait_until(lambda: (data_dir / "callbacks" / "actions.jsonl").exists(), what="the kept action on disk")
    desk.press("escape", "ctrl+q")
    assert desk.wait() == 0

    (data_dir / "history" / "2025-01.json").write_bytes(b"{ damaged")
    (data_dir / "history" / "2025-01.json").chmod(0o666)  # even a file someone left open is set aside private
    browser = terminal.spawn("calls")  # builds index/, then replay and a comment
    browser.wait_for("1 call")
    browser.press("enter")
    browser.wait_for("Play/pause")  # the replay's key bar: End goes to it, not the list
    browser.write(END)
    browser.wait_for("wants a call back")
    browser.press("c")
    browser.wait_for("Comment at")
    browser.type("good readback", delay=0.01)
    browser.press("enter")
    browser.wait_until(lambda: (data_dir / "reviews" / "comments.jsonl").exists(), what="the comment on disk")
    browser.press("escape")
    browser.press("ctrl+q")
    assert browser.wait() == 0
    again = terminal.spawn()  # the desk quarantines the damaged month
    again.wait_for("moved to quarantine/")
    again.press("ctrl+q")
    assert again.wait() == 0

    out = terminal.tmp / "exports" / "calls.csv"
    out.parent.mkdir()
    exported = terminal.run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data_dir))
    assert exported.returncode == 0, exported.stderr
    assert mode(out) == 0o600  # call data in a file: private too

    created = sorted(data_dir.rglob("*"))
    names = {str(path.relative_to(data_dir)) for path in created}
    for expected in ("desk.lock", "callbacks/actions.jsonl", "reviews/comments.jsonl", "index", "quarantine"):
        assert expected in names, sorted(names)
    assert any(name.startswith("outbox/") and name.endswith(".eml") for name in names)
    assert any(name.startswith("outbox/") and name.endswith(".ics") for name in names)
    assert any(name.startswith("history/20") for name in names)
    assert any(name.startswith("quarantine/history-2025-01") for name in names)
    assert any(name.startswith("index/") for name in names)
    wrong = [
        (str(path.relative_to(data_dir)), oct(mode(path)))
        for path in [data_dir, *created]
        if mode(path) != (0o700 if path.is_dir() else 0o600)
    ]
    assert wrong == []
