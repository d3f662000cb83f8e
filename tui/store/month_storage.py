"""One month of history on disk: its TinyDB file, plus the calls filed since that file was last
written whole, appended one per line.

    history/2026-11.json    TinyDB's document {"calls": {doc_id: record}}: written whole and
                            atomically (AtomicJSONStorage) while the month is small, and when the
                            appended calls are folded into it (compaction)
    history/2026-11.jsonl   one call record per line, each line written and fsynced by one filing

So filing into a big month writes one record, however many calls the month holds, and TinyDB
still reads the month: MonthStorage lays the appended records over the file's, a record replacing
the one with its id, as a commit does. Laying the same record twice gives the same month, so a
fold cut short by a kill (the file written, the lines not yet cut) loses and doubles nothing.

A line counts once it is whole (ends in a newline) and parses; a filing returns only after its
line is fsynced, so a torn last line is a filing that never returned: readers skip it and the next
append cuts it off first. A line that does not parse with whole records after it is damage:
DamagedLog, for History to set the file aside and keep the good lines.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.store.atomic_storage import AtomicJSONStorage, CorruptStorage
from tui.store.fsutil import fsync_dir, open_nofollow, read_nofollow, write_all

TABLE = "calls"
LOG_SUFFIX = ".jsonl"
_CHUNK = 1 << 16


def log_path(month_file: Path) -> Path:
    """history/2026-11.json -> history/2026-11.jsonl"""
    return Path(month_file).with_suffix(LOG_SUFFIX)


class DamagedLog(CorruptStorage):
    """A line before the last whole record is not a record. The message never quotes the file."""


@dataclass
class LogRead:
    """What one read of a month's appended lines found."""

    inode: int | None = None
    end: int = 0  # the offset just after the last whole record (where the next read starts)
    records: list[dict] = field(default_factory=list)
    damaged: bool = False  # a line that is not a record, with whole records after it
    last: tuple[int, str] = (0, "")  # where the last whole record line starts, and its digest

    @property
    def mark(self) -> list:
        """Where a later read can go on from (JSON-able): see `read_on`."""
        return [self.inode, self.end, *self.last]


def _record(line: bytes) -> dict | None:
    try:
        record = json.loads(line)
    except ValueError:  # UnicodeDecodeError included
        return None
    return record if isinstance(record, dict) and isinstance(record.get("id"), str) and record["id"] else None


def _digest(line: bytes) -> str:
    """Enough to tell one record line from another (zlib, not hashlib: 10 ms less at start-up)."""
    return f"{zlib.crc32(line):08x}{len(line):x}"


def _read_from(path: Path, start: int, length: int = -1) -> tuple[int, bytes]:
    """(inode, bytes from `start` on, or `length` of them), opened without following a link."""
    fd = open_nofollow(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if length >= 0:
            return os.fstat(fd).st_ino, os.pread(fd, length, start)
        os.lseek(fd, start, os.SEEK_SET)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return os.fstat(fd).st_ino, b"".join(chunks)
    finally:
        os.close(fd)


def read_log(path: Path, start: int = 0) -> LogRead:
    """The whole records from byte `start` on; an empty LogRead when there is no such file."""
    try:
        inode, raw = _read_from(path, start)
    except FileNotFoundError:
        return LogRead()
    found = LogRead(inode=inode, end=start)
    position, unreadable = start, False
    for line in raw.split(b"\n")[:-1]:  # the piece after the last newline is torn or still being written
        record = _record(line)
        if record is None:
            unreadable = True
        else:
            found.damaged = found.damaged or unreadable
            found.records.append(record)
            found.last = (position, _digest(line))
            found.end = position + len(line) + 1
        position += len(line) + 1
    return found


def read_on(path: Path, mark: list) -> LogRead | None:
    """The records appended after `mark` (a LogRead's), or None when the file at `path` is no
    longer the one the mark was taken in: another inode, shorter, or another last record where
    it was (a file folded away and a new one given the same inode number)."""
    inode, end, last_start, digest = mark
    if not end:
        return read_log(path)
    try:
        now, line = _read_from(path, last_start, end - 1 - last_start)
    except FileNotFoundError:
        return None
    if now != inode or _digest(line) != digest:
        return None
    more = read_log(path, end)
    if more.inode != inode:
        return None
    if not more.records:
        more.last = (last_start, digest)
    return more


def whole_lines(path: Path) -> bytes:
    """The lines of a damaged file that are whole records, to keep once the file is set aside."""
    raw = read_nofollow(path)
    return b"".join(line + b"\n" for line in raw.split(b"\n")[:-1] if _record(line) is not None)


def lay_over(table: dict[str, dict], records: list[dict]) -> None:
    """Apply appended records to a TinyDB table in order: each replaces the document with its id
    (keeping that document's id), or is added under the next free document id."""
    if not records:
        return
    doc_ids = {doc.get("id"): doc_id for doc_id, doc in table.items()}
    next_id = max(map(int, table), default=0) + 1
    for record in records:
        doc_id = doc_ids.get(record["id"])
        if doc_id is None:
            doc_id = doc_ids[record["id"]] = str(next_id)
            next_id += 1
        table[doc_id] = dict(record)  # TinyDB changes documents in place: never our cached one


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


class MonthStorage(AtomicJSONStorage):
    """A month for TinyDB: the month file with the appended records laid over it.

    `append` files one record; `write` (TinyDB's, for a small month, a removal or a fold) writes
    the whole month to the file and then removes the appended lines it now holds. Appended records
    read before are kept, and only lines added since are read again. `salvage=True` (readers
    without the desk lock) skips a damaged line instead of raising, and says so in `damaged`.
    """

    def __init__(self, path: str | Path, *, keep_in_memory: bool = True, salvage: bool = False, **json_kwargs: Any) -> None:
        super().__init__(path, keep_in_memory=keep_in_memory, **json_kwargs)
        self.log = log_path(self.path)
        self.salvage = salvage
        self.damaged = False
        self._appended = LogRead()
        self._clean_tail: tuple[int, int] | None = None  # (inode, size) of the log when its tail was last known whole

    # -- reading -------------------------------------------------------------------------------

    def read(self) -> dict[str, dict[str, dict]] | None:
        # The appended lines first: a fold replaces the month file before it cuts them, so lines
        # read before a fold are also in the file read after it, and laying them twice is harmless.
        appended = self.appended()
        data = super().read()
        if not appended:
            return data
        data = data if data is not None else {}
        lay_over(data.setdefault(TABLE, {}), appended)
        return data

    def appended(self) -> list[dict]:
        """The records appended since the month file was written, oldest first."""
        known = self._appended
        more = read_on(self.log, known.mark) if self._keep_in_memory and known.inode is not None else None
        if more is None:
            known, more = LogRead(), read_log(self.log)
        if more.damaged and not self.salvage:
            raise DamagedLog(self.log, "a line that is not a call record, with calls after it")
        self.damaged = self.damaged or more.damaged
        known = LogRead(inode=more.inode, end=more.end, records=known.records + more.records, last=more.last)
        if self._keep_in_memory:
            self._appended = known
        return known.records

    @property
    def appended_mark(self) -> list:
        """Where the appended lines read so far end: for `read_on`."""
        return self._appended.mark

    def sizes(self) -> tuple[int, int]:
        """Bytes in the month file and in its appended lines (0 for a missing file)."""
        return _size(self.path), _size(self.log)

    # -- writing -------------------------------------------------------------------------------

    def append(self, line: bytes, record: dict) -> None:
        """File one record: `line` (its JSON and a newline) appended and fsynced, the directory
        fsynced when the file is new. `record` is that line parsed, kept for the next read."""
        created = not self.log.exists()
        fd = open_nofollow(self.log, os.O_RDWR | os.O_APPEND | os.O_CREAT)
        try:
            stat = os.fstat(fd)
            size = stat.st_size
            if size and self._clean_tail != (stat.st_ino, size):
                size = self._cut_torn_tail(fd, size)
            try:
                write_all(fd, line)
                os.fsync(fd)
            except BaseException:
                self._clean_tail = None
                try:
                    os.ftruncate(fd, size)  # no half line left for the next filing to follow
                except OSError:
                    pass
                raise
            self._clean_tail = (stat.st_ino, size + len(line))
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.log.parent)
        known = self._appended
        if self._keep_in_memory and known.inode == stat.st_ino and known.end == size:
            last = (size, _digest(line[:-1]))
            self._appended = LogRead(inode=known.inode, end=size + len(line), records=[*known.records, record], last=last)

    def _cut_torn_tail(self, fd: int, size: int) -> int:
        """Cut a last line with no newline (a filing killed mid-write); returns the size left."""
        keep = size
        while keep > 0:
            start = max(0, keep - _CHUNK)
            chunk = os.pread(fd, keep - start, start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            keep = start
        if keep != size:
            os.ftruncate(fd, keep)
            os.fsync(fd)
        return keep

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """The whole month into its file (atomically), then the appended lines it now holds removed."""
        super().write(data)
        self.drop_appended()

    def drop_appended(self) -> None:
        self._appended, self._clean_tail = LogRead(), None
        try:
            self.log.unlink()
        except FileNotFoundError:
            return
        fsync_dir(self.log.parent)

    def forget(self) -> None:
        super().forget()
        self._appended, self._clean_tail = LogRead(), None
