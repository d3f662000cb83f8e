"""Fault matrix row 8 (issue 7): two desks on one data directory: the second is refused with the
reason (the first one's pid and the directory); replay and export still read; a stale lock left by
kill -9 does not block. `callcoach call` beside a running desk is not a second desk: it hands the
call to the running one (issue 17), which starts it.

Real desks in pseudo-terminals on one data directory; every command that writes tried beside a
running desk; the readers (export, `callbacks --list`, replay, the history browser) run beside it;
then the desk is SIGKILLed and the next one starts. The lock's own cross-process cases are
tests/store/test_store_lock.py.
"""

from __future__ import annotations

import signal

import pytest

from benchlib.terminal import PtyProgram
from benchlib.world import CALLER, Terminal, journals, one_sentence
from tests.review.calls import ended, note, record, step
from tui.store.datadir import prepare_data_dir
from tui.store.history import History

FILED = record(
    step(0, "listen"),
    note(4, "parcel left at the wrong door"),
    ended(75),
    call_id="20261120T100000Z-filed1",
    started_at="2026-11-20T10:00:00+00:00",
)
END = "\x1b[F"
WRITERS = {
    "desk": ["desk"],
    "line": ["line"],
    "callbacks": ["callbacks"],
    "purge": ["purge", "--older-than", "1d", "--yes"],
    "erase": ["erase", "--caller", "+442070313000", "--yes"],
}


@pytest.fixture
def running(terminal: Terminal) -> tuple[Terminal, PtyProgram]:
    prepare_data_dir(terminal.data_dir)
    history = History(terminal.data_dir)
    history.commit(FILED)
    history.close()
    first = terminal.spawn()
    lock = terminal.data_dir / "desk.lock"
    first.wait_until(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), what="the desk lock")
    first.wait_for("Ctrl+N")
    return terminal, first


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_second_writer_is_refused_with_the_reason(running, name: str) -> None:
    world, first = running
    result = world.run(*WRITERS[name], "--data-dir", str(world.data_dir))
    assert result.returncode == 1
    message = one_sentence(result.stderr)
    assert f"Another desk (pid {first.pid}) is using {world.data_dir}; close it first" in message
    assert not journals(world.data_dir)  # a refused `call` started nothing
    assert [call["id"] for call in world.export()["calls"]] == [FILED["id"]]  # a refused purge removed nothing
    assert first.poll() is None
    first.press("ctrl+q")
    assert first.wait() == 0


def test_call_beside_a_desk_hands_the_call_to_it(running) -> None:
    world, first = running
    result = world.run("call", "--caller", CALLER, "--data-dir", str(world.data_dir))
    assert result.returncode == 0, result.stderr
    assert "took the call" in one_sentence(result.stderr)
    [journal] = first.wait_until(lambda: journals(world.data_dir), what="the call started in the running desk")
    first.wait_for("+1 650-253-0000")
    assert first.poll() is None


def test_import_beside_a_desk_is_refused(running) -> None:
    world, first = running
    source = world.tmp / "export.json"
    source.write_text('{"format": "callcoach-export", "version": 1, "calls": [], "reviews": []}', encoding="utf-8")
    result = world.run("import", str(source), "--data-dir", str(world.data_dir))
    assert result.returncode == 1
    assert f"pid {first.pid}" in one_sentence(result.stderr)


def test_readers_read_beside_a_running_desk(running) -> None:
    world, first = running
    assert [call["id"] for call in world.export()["calls"]] == [FILED["id"]]
    listed = world.run("callbacks", "--list", "--data-dir", str(world.data_dir))
    assert listed.returncode == 0, listed.stderr

    replay = world.spawn("replay", FILED["id"])
    replay.wait_for("01:15")  # the call's length, in the replay's header
    replay.write(END)  # the play head to the end: every note shows
    replay.wait_for("parcel left at the wrong door")
    replay.press("escape")
    assert replay.wait() == 0

    browser = world.spawn("calls")
    browser.wait_for("1 call")
    browser.press("enter")  # replay from the history browser
    browser.wait_for("Play/pause")  # the replay's key bar: End goes to it, not the list
    browser.write(END)
    browser.wait_for("parcel left at the wrong door")
    browser.press("escape")  # back to the history
    browser.wait_for("Type to filter")
    browser.press("ctrl+q")
    assert browser.wait() == 0
    assert first.poll() is None
    first.press("ctrl+q")
    assert first.wait() == 0


def test_a_lock_left_by_kill_9_does_not_block_the_next_desk(terminal: Terminal) -> None:
    first = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(first)
    first.type("note before the kill", delay=0.01)
    first.press("enter")
    first.kill(signal.SIGKILL)
    assert first.wait() == -signal.SIGKILL
    lock = terminal.data_dir / "desk.lock"
    assert lock.read_text().strip() == str(first.pid)  # the stale pid is still in the file

    again = terminal.spawn()
    again.wait_for("cut short")  # not refused: it starts and offers the call
    assert lock.read_text().strip() == str(again.pid)
    refused = terminal.run("desk", "--data-dir", str(terminal.data_dir))
    assert f"pid {again.pid}" in one_sentence(refused.stderr) and str(first.pid) not in refused.stderr
    again.press("f")
    again.wait_until(lambda: not journal.exists(), what="the cut-short call filed")
    again.press("ctrl+q")
    assert again.wait() == 0
