"""A big month: a filing appends one fsynced line instead of writing the month again; TinyDB still
reads the month whole; torn and damaged lines, folds and the month index."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tinydb import TinyDB

import tui.store.history as history_module
from tests.review.calls import ended, note, record, step
from tui.services.flagging import history_row
from tui.store.call_index import CallIndex
from tui.store.fsutil import LinkRefused
from tui.store.history import History
from tui.store.month_storage import MonthStorage

from .conftest import call

MONTH = "2026-11"


def nov(n: int, **fields: object) -> dict:
    return call(f"202611{n % 28 + 1:02d}T10{n % 60:02d}00Z-n{n:05d}", f"2026-11-{n % 28 + 1:02d}T10:{n % 60:02d}:00+00:00", **fields)


@pytest.fixture
def big_months(monkeypatch):
    """Every month counts as big: each filing appends (the real threshold is 8 KB)."""
    monkeypatch.setattr(history_module, "INLINE_BYTES", 0)


def files(data_dir: Path) -> tuple[Path, Path]:
    return data_dir / "history" / f"{MONTH}.json", data_dir / "history" / f"{MONTH}.jsonl"


def test_a_filing_into_a_big_month_appends_its_record_and_leaves_the_month_file(data_dir: Path, big_months) -> None:
    history = History(data_dir)
    history.commit(nov(1))
    month_file, appended = files(data_dir)
    assert not month_file.exists()
    assert stat.S_IMODE(os.stat(appended).st_mode) == 0o600
    size = appended.stat().st_size
    history.commit(nov(2))
    line = appended.read_bytes()[size:]
    assert line.endswith(b"\n") and json.loads(line) == nov(2)  # the call, and only the call
    assert [c["id"] for c in History(data_dir, read_only=True).calls()] == [nov(2)["id"], nov(1)["id"]]
    assert TinyDB(month_file, storage=MonthStorage).table("calls").all() == [nov(1), nov(2)]  # TinyDB reads it


def test_the_newest_version_of_a_call_wins_and_keeps_its_document_id(data_dir: Path, big_months, monkeypatch) -> None:
    monkeypatch.setattr(history_module, "INLINE_BYTES", 1 << 20)
    history = History(data_dir)
    for n in range(3):
        history.commit(nov(n))  # small: into the month file
    monkeypatch.setattr(history_module, "INLINE_BYTES", 0)
    interrupted = nov(1, status="interrupted")
    del interrupted["category"]
    history.commit(interrupted)
    history.commit(nov(7))
    reader = History(data_dir, read_only=True)
    assert reader.get(nov(1)["id"]) == interrupted and reader.count() == 4
    table = TinyDB(files(data_dir)[0], storage=MonthStorage).table("calls")
    assert [doc.doc_id for doc in table.all()] == [1, 2, 3, 4]
    assert table.get(doc_id=2) == interrupted


def test_a_line_torn_by_a_kill_is_no_call_and_the_next_filing_cuts_it_off(data_dir: Path, big_months) -> None:
    History(data_dir).commit(nov(1))
    _, appended = files(data_dir)
    whole = appended.read_bytes()
    appended.write_bytes(whole + json.dumps(nov(2)).encode()[:50])  # killed mid-write: no newline
    assert [c["id"] for c in History(data_dir, read_only=True).calls()] == [nov(1)["id"]]
    History(data_dir).commit(nov(3))
    assert appended.read_bytes() == whole + json.dumps(nov(3), separators=(",", ":")).encode() + b"\n"
    history = History(data_dir)
    assert [c["id"] for c in history.calls()] == [nov(3)["id"], nov(1)["id"]]
    assert history.quarantined == [] and list((data_dir / "quarantine").iterdir()) == []


def test_a_failed_append_leaves_no_half_line(data_dir: Path, big_months, monkeypatch) -> None:
    history = History(data_dir)
    history.commit(nov(1))
    before = files(data_dir)[1].read_bytes()

    def half_then_full_disk(fd: int, data: bytes) -> None:
        os.write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tui.store.month_storage.write_all", half_then_full_disk)
    with pytest.raises(OSError):
        history.commit(nov(2))
    assert files(data_dir)[1].read_bytes() == before
    monkeypatch.undo()
    monkeypatch.setattr(history_module, "INLINE_BYTES", 0)
    history.commit(nov(2))
    assert History(data_dir).count() == 2


def test_sigkill_mid_append_keeps_every_filed_call(data_dir: Path, big_months, child) -> None:
    History(data_dir).commit(nov(1))
    writer = child(
        """
        import json, os, sys, time
        from pathlib import Path
        import tui.store.history as history_module
        import tui.store.month_storage as month_storage
        from tui.store.history import History

        def half_then_stop(fd, data):
            os.write(fd, bytes(data[: len(data) // 2]))
            os.fsync(fd)
            print("paused", flush=True)
            time.sleep(120)

        history_module.INLINE_BYTES = 0
        month_storage.write_all = half_then_stop
        History(Path(sys.argv[1])).commit(json.loads(sys.argv[2]))
        """,
        str(data_dir),
        json.dumps(nov(2)),
    )
    writer.wait_for("paused")
    writer.kill9()
    assert not files(data_dir)[1].read_bytes().endswith(b"\n")  # the torn line is on disk
    history = History(data_dir)
    assert [c["id"] for c in history.calls()] == [nov(1)["id"]]
    history.commit(nov(3))
    assert [c["id"] for c in History(data_dir).calls()] == [nov(3)["id"], nov(1)["id"]]
    assert history.quarantined == []


def test_a_damaged_line_is_set_aside_and_the_calls_around_it_kept(data_dir: Path, big_months) -> None:
    history = History(data_dir)
    for n in range(3):
        history.commit(nov(n))
    history.close()
    _, appended = files(data_dir)
    lines = appended.read_bytes().split(b"\n")
    damaged = b"\n".join([lines[0], b"\x00\x00garbage", *lines[1:]])
    appended.write_bytes(damaged)

    reader = History(data_dir, read_only=True)  # without the lock: skips it, moves nothing
    assert reader.count() == 3 and reader.unreadable == [appended]
    assert appended.read_bytes() == damaged

    desk = History(data_dir)
    assert desk.count() == 3
    [moved] = desk.quarantined
    assert moved.read_bytes() == damaged and moved.name.startswith(f"history-{MONTH}.jsonl.")
    assert appended.read_bytes() == b"".join(line + b"\n" for line in lines[:3])


def test_a_fold_writes_the_appended_calls_into_the_month_file(data_dir: Path, big_months) -> None:
    history = History(data_dir)
    for n in range(4):
        history.commit(nov(n))
    assert history.fold(MONTH)
    month_file, appended = files(data_dir)
    assert not appended.exists()
    assert sorted(d["id"] for d in json.loads(month_file.read_bytes())["calls"].values()) == sorted(nov(n)["id"] for n in range(4))
    history.commit(nov(9))
    assert History(data_dir).count() == 5 and appended.exists()


def test_a_call_filed_while_a_fold_runs_is_kept(data_dir: Path, big_months, monkeypatch) -> None:
    history = History(data_dir)
    for n in range(3):
        history.commit(nov(n))
    prepare = MonthStorage.prepare

    def file_one_more(self, data):
        history.commit(nov(5))  # filed between the fold's read of the month and its rename
        return prepare(self, data)

    monkeypatch.setattr(MonthStorage, "prepare", file_one_more)
    assert history.fold(MONTH)
    assert [json.loads(line)["id"] for line in files(data_dir)[1].read_bytes().splitlines()] == [nov(5)["id"]]
    history.commit(nov(6))
    ids = {c["id"] for c in History(data_dir).calls()}
    assert ids == {nov(n)["id"] for n in (0, 1, 2, 5, 6)}


def test_the_start_up_check_folds_a_month_that_is_over_and_leaves_a_short_current_one(data_dir: Path, big_months) -> None:
    now = datetime.now(UTC)
    current = call(f"{now:%Y%m%dT%H%M%SZ}-now000", now.isoformat())
    old = call("20200115T100000Z-old000", "2020-01-15T10:00:00+00:00")
    history = History(data_dir)
    for record_ in (current, old):
        history.commit(record_)
    assert history.check_all() == []
    directory = data_dir / "history"
    assert not (directory / "2020-01.jsonl").exists() and (directory / "2020-01.json").exists()
    assert (directory / f"{now:%Y-%m}.jsonl").exists() and not (directory / f"{now:%Y-%m}.json").exists()
    assert [c["id"] for c in History(data_dir).calls()] == [current["id"], old["id"]]


def test_the_month_index_reads_only_the_calls_filed_since(data_dir: Path, big_months) -> None:
    history = History(data_dir)

    def summarised(n: int) -> dict:
        return record(step(0, "listen"), note(5, f"parcel {n}"), ended(60), call_id=nov(n)["id"], started_at=nov(n)["started_at"])

    for n in range(3):
        history.commit(summarised(n))
    assert len(CallIndex(data_dir, history_row).rows(MONTH)) == 3
    history.commit(summarised(3))
    history.commit(summarised(1) | {"status": "interrupted"})
    index = CallIndex(data_dir, history_row)
    rows = index.rows(MONTH)
    assert len(rows) == 4 and index.summarised == 2
    assert {row["id"] for row in rows} == {nov(n)["id"] for n in range(4)}


def test_a_reader_notices_another_file_even_under_the_same_inode(data_dir: Path, big_months) -> None:
    """A fold removes the lines and a later filing starts a new file, which may get the old inode
    number back: a reader that read the old file must not go on from where it stopped."""
    history = History(data_dir)
    for n in range(2):
        history.commit(nov(n))
    reader = History(data_dir, read_only=True)
    assert reader.count() == 2
    _, appended = files(data_dir)
    others = b"".join(json.dumps(nov(n), separators=(",", ":")).encode() + b"\n" for n in (10, 11, 12))
    with open(appended, "r+b") as same_inode:  # other lines in the very same file
        same_inode.truncate(0)
        same_inode.write(others)
    assert {c["id"] for c in reader.calls()} == {nov(n)["id"] for n in (10, 11, 12)}
    assert reader.unreadable == []


def test_a_link_where_the_lines_go_is_refused_and_its_target_untouched(data_dir: Path, big_months, tmp_path: Path) -> None:
    History(data_dir).commit(nov(1))
    _, appended = files(data_dir)
    appended.unlink()
    target = tmp_path / "someone-elses-file"
    target.write_bytes(b"theirs\n")
    appended.symlink_to(target)
    with pytest.raises(LinkRefused):
        History(data_dir).commit(nov(2))
    assert target.read_bytes() == b"theirs\n"
