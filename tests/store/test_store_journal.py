"""JournalWriter and read_journal: fsynced lines, coalesced drafts, torn tails, recovery after SIGKILL."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from tui.store.history import History
from tui.store.journal import JournalWriter, pending_journals, read_journal, remove_journal

from .conftest import call

CALL_ID = "20261123T140317Z-3fa9c1"

# Appends and drafts, flushes, then keeps appending unflushed events until it is killed.
APPEND_THEN_DIE = """
    import sys
    from pathlib import Path
    from tui.store.journal import JournalWriter

    writer = JournalWriter(Path(sys.argv[1]), sys.argv[2])
    for n in range(50):
        writer.append({"t": float(n), "type": "tag", "n": n})
        writer.set_draft(float(n), f"typing {n}")
    assert writer.flush(timeout=30)
    print("flushed", flush=True)
    n = 50
    while True:
        writer.append({"t": float(n), "type": "tag", "n": n})
        n += 1
"""


def lines_of(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.endswith(b"\n")
    return [json.loads(line) for line in raw.splitlines()]


@pytest.fixture
def journal_dir(data_dir: Path) -> Path:
    return data_dir / "journal"


def test_appended_events_are_fsynced_lines_in_a_private_file(journal_dir: Path) -> None:
    fsynced: list[int] = []

    def counting_fsync(fd: int) -> None:
        os.fsync(fd)
        fsynced.append(fd)

    writer = JournalWriter(journal_dir, CALL_ID, fsync_fn=counting_fsync)
    events = [{"t": 0.0, "type": "started", "call_id": CALL_ID}, {"t": 2.5, "type": "note", "n": 0, "text": "héllo\nthere"}]
    for event in events:
        writer.append(event)
    assert writer.flush()
    writer.close()
    assert writer.saved
    assert fsynced
    assert lines_of(writer.path) == events
    assert stat.S_IMODE(os.stat(writer.path).st_mode) == 0o600
    assert read_journal(writer.path) == (events, None)


def test_many_drafts_in_the_window_become_one_line_with_the_latest_text(journal_dir: Path) -> None:
    writer = JournalWriter(journal_dir, CALL_ID, draft_delay=3600)  # only flush() ends the window
    writer.append({"t": 0.0, "type": "started"})
    assert writer.flush()
    for size in range(1, 501):
        writer.set_draft(4.0, "x" * size)
    assert writer.flush()
    writer.close()
    drafts = [line for line in lines_of(writer.path) if line["type"] == "draft"]
    assert drafts == [{"type": "draft", "t": 4.0, "text": "x" * 500}]


def test_a_draft_reaches_the_disk_without_a_flush(journal_dir: Path) -> None:
    writer = JournalWriter(journal_dir, CALL_ID)
    writer.set_draft(1.0, "call back tomorrow")
    for _ in range(1000):  # a liveness guard, not a timing assertion
        if writer.path.exists() and b"tomorrow" in writer.path.read_bytes():
            break
        time.sleep(0.01)
    assert read_journal(writer.path) == ([], {"t": 1.0, "text": "call back tomorrow"})
    writer.close()


def test_drafts_typed_without_a_pause_reach_the_disk_unasked_and_so_does_one_after_a_pause(journal_dir: Path) -> None:
    """While drafts keep coming, the writer looks for them by itself once a window (no key wakes
    its thread); each burst still reaches the disk without a flush, the latest text last. After a
    pause the writer sleeps until a draft wakes it, and that draft reaches the disk too."""
    writer = JournalWriter(journal_dir, CALL_ID, draft_delay=0.02, typing_linger=0.2)

    def pending_on_disk(text: str) -> bool:
        for _ in range(1000):  # a liveness guard, not a timing assertion
            if writer.path.exists() and read_journal(writer.path)[1] == {"t": 1.0, "text": text}:
                return True
            time.sleep(0.01)
        return False

    for size in range(1, 60):  # a key every 5 ms
        writer.set_draft(1.0, "x" * size)
        time.sleep(0.005)
    assert pending_on_disk("x" * 59)
    time.sleep(0.4)  # past the linger: the writer sleeps until woken
    writer.set_draft(1.0, "after a pause")
    assert pending_on_disk("after a pause")
    writer.close()


def test_a_draft_stays_before_the_note_it_became(journal_dir: Path) -> None:
    writer = JournalWriter(journal_dir, CALL_ID, draft_delay=3600)
    writer.set_draft(1.0, "refund")
    writer.set_draft(1.0, "refund sent")
    writer.append({"t": 1.0, "type": "note", "n": 0, "text": "refund sent"})
    writer.set_draft(9.0, "ne")
    assert writer.flush()
    writer.close()
    assert [line.get("text") for line in lines_of(writer.path)] == ["refund sent", "refund sent", "ne"]


@pytest.mark.parametrize(
    "torn_tail",
    [b'{"t":3.0,"type":"note","n":1,"text":"half a no', b'{"t":3.0,"type":"note","n":1,"text":"x"}', b"\xe2\x82"],
    ids=["half-a-line", "complete-json-without-newline", "half-a-utf8-char"],
)
def test_a_torn_last_line_is_ignored_and_cut_off_when_the_call_resumes(journal_dir: Path, torn_tail: bytes) -> None:
    path = journal_dir / f"{CALL_ID}.jsonl"
    good = b'{"t":0.0,"type":"started"}\n{"t":1.0,"type":"note","n":0,"text":"first"}\n'
    path.write_bytes(good + torn_tail)
    assert read_journal(path) == ([{"t": 0.0, "type": "started"}, {"t": 1.0, "type": "note", "n": 0, "text": "first"}], None)

    writer = JournalWriter(journal_dir, CALL_ID)
    writer.append({"t": 5.0, "type": "hold"})
    writer.close()
    assert path.read_bytes() == good + b'{"t":5.0,"type":"hold"}\n'


NOTE = {"t": 3.0, "type": "note", "n": 0, "text": "wants a refund"}


@pytest.mark.parametrize(
    "lines, pending",
    [
        ([{"type": "draft", "t": 3.0, "text": "wants a ref"}], {"t": 3.0, "text": "wants a ref"}),
        ([{"type": "draft", "t": 3.0, "text": "wants a refund"}, NOTE], None),
        ([{"type": "draft", "t": 1.0, "text": "-2s wants a refund  "}, NOTE], None),
        ([{"type": "draft", "t": 3.0, "text": "wants a ref"}, NOTE], None),
        ([NOTE, {"type": "draft", "t": 3.0, "text": "wants a refund"}], {"t": 3.0, "text": "wants a refund"}),
        ([NOTE, {"type": "draft", "t": 9.0, "text": "and a"}, {"type": "draft", "t": 9.0, "text": ""}], None),
        ([{"type": "draft", "t": 7.0, "text": "unrelated"}, NOTE], {"t": 7.0, "text": "unrelated"}),
        ([NOTE, {"type": "draft", "t": 8.0, "text": "   "}], None),
    ],
    ids=[
        "only-a-draft",
        "became-the-note",
        "became-a-backdated-note",
        "debounced-then-committed",
        "draft-after-its-note",
        "cleared-after-a-note",
        "older-draft-another-note",
        "blank-draft",
    ],
)
def test_recovery_of_events_and_the_pending_draft(tmp_path: Path, lines: list[dict], pending: dict | None) -> None:
    path = tmp_path / "call.jsonl"
    started = {"t": 0.0, "type": "started"}
    path.write_text("".join(json.dumps(line) + "\n" for line in [started, *lines]))
    events, draft = read_journal(path)
    assert events == [started] + [line for line in lines if line["type"] != "draft"]
    assert draft == pending


def test_lines_that_are_not_json_objects_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "call.jsonl"
    path.write_bytes(b'{"t":0.0,"type":"started"}\n[1,2]\nnot json\n\n\x00\x00\n{"t":1.0,"type":"hold"}\n')
    assert read_journal(path) == ([{"t": 0.0, "type": "started"}, {"t": 1.0, "type": "hold"}], None)


def test_everything_flushed_survives_a_sigkill(journal_dir: Path, child) -> None:
    writer = child(APPEND_THEN_DIE, str(journal_dir), CALL_ID)
    writer.wait_for("flushed")
    writer.kill9()
    events, draft = read_journal(journal_dir / f"{CALL_ID}.jsonl")
    assert len(events) >= 50
    assert [event["n"] for event in events] == list(range(len(events)))  # in order, no gaps
    assert draft == {"t": 49.0, "text": "typing 49"}


def test_a_call_id_that_is_not_a_plain_file_name_is_refused(journal_dir: Path) -> None:
    for bad in ("../escape", ".hidden", "", "a/b"):
        with pytest.raises(ValueError):
            JournalWriter(journal_dir, bad)


def test_pending_journals_are_the_uncommitted_calls_oldest_first(journal_dir: Path) -> None:
    for call_id in ("20261123T150000Z-bbbbbb", "20261122T090000Z-aaaaaa"):
        (journal_dir / f"{call_id}.jsonl").write_text('{"t":0.0,"type":"started"}\n')
    (journal_dir / ".20261101T000000Z-zzzzzz.jsonl").write_text("")
    (journal_dir / "notes.txt").write_text("")
    assert [p.stem for p in pending_journals(journal_dir)] == ["20261122T090000Z-aaaaaa", "20261123T150000Z-bbbbbb"]
    remove_journal(journal_dir / "20261122T090000Z-aaaaaa.jsonl")
    remove_journal(journal_dir / "20261122T090000Z-aaaaaa.jsonl")  # already gone: no error
    assert [p.stem for p in pending_journals(journal_dir)] == ["20261123T150000Z-bbbbbb"]


def test_a_journal_whose_call_was_committed_is_removed_not_offered(data_dir: Path, journal_dir: Path) -> None:
    committed = call("20261123T150000Z-cccccc", "2026-11-23T15:00:00+00:00")
    History(data_dir).commit(committed)
    done = journal_dir / f"{committed['id']}.jsonl"
    done.write_text("".join(json.dumps(event) + "\n" for event in committed["events"]))
    cut_short = journal_dir / "20261123T160000Z-dddddd.jsonl"
    cut_short.write_text('{"t":0.0,"type":"started"}\n')
    assert pending_journals(journal_dir, History(data_dir)) == [cut_short]
    assert not done.exists()


def test_a_journal_killed_before_its_first_whole_line_is_removed_not_offered(data_dir: Path, journal_dir: Path) -> None:
    """A kill right after the journal was created (empty) or mid-way through its `started` line (torn)."""
    empty = journal_dir / "20261123T160000Z-eeeeee.jsonl"
    empty.write_bytes(b"")
    torn = journal_dir / "20261123T170000Z-ffffff.jsonl"
    torn.write_bytes(b'{"t":0.0,"type":"sta')
    unreadable = journal_dir / "20261123T180000Z-gggggg.jsonl"
    unreadable.write_bytes(b"not json but a whole line\n")  # not ours to throw away: offered, as before
    assert pending_journals(journal_dir, History(data_dir)) == [unreadable]
    assert not empty.exists() and not torn.exists()


@pytest.mark.parametrize("first_error", [OSError(5, "Input/output error"), ValueError("unexpected")], ids=repr)
def test_neither_a_broken_callback_nor_an_odd_error_stops_the_journal(journal_dir: Path, first_error: Exception) -> None:
    def broken(saved: bool) -> None:
        raise RuntimeError("ui gone")

    failures = iter([first_error])

    def fails_once(fd: int, data: bytes) -> int:
        error = next(failures, None)
        if error:
            raise error
        return os.write(fd, data)

    writer = JournalWriter(journal_dir, CALL_ID, broken, write_fn=fails_once, retry_seconds=0.01)
    writer.append({"t": 0.0, "type": "started"})
    assert writer.flush(timeout=30)
    writer.close()
    assert lines_of(writer.path) == [{"t": 0.0, "type": "started"}]
