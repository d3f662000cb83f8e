"""Disk faults injected at the journal's write seam: nothing lost, nothing torn, order kept."""

from __future__ import annotations

import errno
import json
import os
import queue
import threading
from pathlib import Path

import pytest

from tui.store.journal import JournalWriter, read_journal

CALL_ID = "20261123T140317Z-3fa9c1"
PATIENCE = 30.0  # only a guard against hanging; no test asserts how fast anything happens


class FlakyDisk:
    """os.write / os.fsync that fail on demand the way a full or broken disk does.

    `half` writes the first half of what was asked (a torn line on disk) and then fails.
    """

    def __init__(self, where: str, code: int, half: bool) -> None:
        self.where, self.code, self.half = where, code, half
        self.failing = threading.Event()
        self.failures = 0

    def write(self, fd: int, data: bytes) -> int:
        if self.where == "write" and self.failing.is_set():
            self.failures += 1
            if self.half and len(data) > 1:
                os.write(fd, bytes(data[: len(data) // 2]))
            raise OSError(self.code, os.strerror(self.code))
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        if self.where == "fsync" and self.failing.is_set():
            self.failures += 1
            raise OSError(self.code, os.strerror(self.code))
        os.fsync(fd)


@pytest.mark.parametrize(
    "where, code, half",
    [
        ("write", errno.ENOSPC, True),
        ("write", errno.ENOSPC, False),
        ("write", errno.EIO, True),
        ("fsync", errno.EIO, False),
        ("fsync", errno.ENOSPC, False),
    ],
    ids=["disk-full-mid-line", "disk-full", "io-error-mid-line", "fsync-io-error", "fsync-disk-full"],
)
def test_a_failing_disk_keeps_everything_in_memory_and_writes_it_in_order_later(data_dir: Path, where: str, code: int, half: bool) -> None:
    disk = FlakyDisk(where, code, half)
    statuses: queue.Queue[bool] = queue.Queue()
    writer = JournalWriter(data_dir / "journal", CALL_ID, statuses.put, write_fn=disk.write, fsync_fn=disk.fsync, retry_seconds=0.02)
    before = [{"t": 0.0, "type": "started"}, {"t": 1.0, "type": "note", "n": 0, "text": "first"}]
    for event in before:
        writer.append(event)
    assert writer.flush(PATIENCE)
    assert writer.saved

    disk.failing.set()
    during = [{"t": 2.0 + n, "type": "tag", "n": n} for n in range(5)]
    for event in during[:3]:
        writer.append(event)
    assert statuses.get(timeout=PATIENCE) is False
    assert not writer.saved
    for event in during[3:]:
        writer.append(event)
    writer.set_draft(9.0, "still typing")
    assert not writer.flush(timeout=0.2)  # cannot be saved while the disk fails
    on_disk_now = read_journal(writer.path)[0]  # whatever a failed write left, it reads cleanly
    assert on_disk_now == (before + during)[: len(on_disk_now)] and len(on_disk_now) >= len(before)

    disk.failing.clear()
    assert statuses.get(timeout=PATIENCE) is True
    assert writer.flush(PATIENCE)
    assert writer.saved
    writer.close()

    assert disk.failures >= 1
    raw = writer.path.read_bytes()
    assert raw.endswith(b"\n")
    lines = [json.loads(line) for line in raw.splitlines()]  # every line whole: none torn, none twice
    assert lines == before + during + [{"type": "draft", "t": 9.0, "text": "still typing"}]
    assert statuses.empty()  # exactly one False and one True


def test_a_journal_dir_that_vanishes_and_comes_back_is_written_later(data_dir: Path) -> None:
    journal_dir = data_dir / "journal"
    journal_dir.rmdir()
    statuses: queue.Queue[bool] = queue.Queue()
    writer = JournalWriter(journal_dir, CALL_ID, statuses.put, retry_seconds=0.02)
    writer.append({"t": 0.0, "type": "started"})
    assert statuses.get(timeout=PATIENCE) is False
    journal_dir.mkdir(mode=0o700)
    assert statuses.get(timeout=PATIENCE) is True
    assert writer.close(PATIENCE)
    assert read_journal(writer.path) == ([{"t": 0.0, "type": "started"}], None)
