"""Committed calls, one TinyDB month per month of UTC start time: history/2026-11.json, and the
calls filed into it since it was last written whole, one per line in history/2026-11.jsonl
(tui.store.month_storage).

Stock TinyDB rewrites its whole file on every insert (6.5 s at 100,000 calls), so a commit here
touches only its own month: a new month's first calls are written whole, after that a filing
appends one line, so what a filing writes does not grow with the month. The appended lines are
folded into the month file off the filing path (`fold`, from the start-up check). Reads open only
the months they need, newest first. A month file that cannot be parsed is moved aside to
quarantine/ byte for byte the first time it is opened; the other months load as usual and
`quarantined` tells the app what to report.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

from tinydb import Query, TinyDB

from tui.store.atomic_storage import CorruptStorage, parse_tinydb_document, remove_stale_temp_files, utf8_json
from tui.store.datadir import history_dir, quarantine_dir, verified_months_path
from tui.store.fsutil import atomic_write, chmod_nofollow, fsync_dir, make_private_dir, move_aside, read_nofollow
from tui.store.month_storage import TABLE, DamagedLog, MonthStorage, lay_over, log_path, read_log, whole_lines

_PARTITION_FILE = re.compile(r"^(\d{4}-\d{2})\.jsonl?$")
# A month's first call or two are written whole, so a month is a TinyDB file from its first call;
# past this a line is cheaper: one fsync, not the temp file's, the rename's and the directory's.
INLINE_BYTES = 8 * 1024
FOLD_MIN_BYTES = 8 << 20  # appended lines are folded into the current month once past this and past
FOLD_SHARE = 4  # a quarter of the month file: each fold then rewrites at most 5x what was filed since
_ID_START = re.compile(r"^(\d{8}T\d{6}Z)")
OPEN_PARTITIONS = 3  # months kept parsed in memory; a 100,000-call history must not all be loaded

T = TypeVar("T")


def _utc(moment: datetime) -> datetime:
    """Aware datetimes in UTC; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _started_utc(record: dict) -> datetime:
    try:
        started = datetime.fromisoformat(record["started_at"])
    except (KeyError, TypeError, ValueError):
        raise ValueError("a call record needs started_at in ISO 8601 with a UTC offset") from None
    if started.tzinfo is None:
        raise ValueError("a call record's started_at needs a UTC offset")
    return started.astimezone(UTC)


def partition_key(moment: datetime) -> str:
    """The month partition of a moment: '2026-11' (UTC)."""
    return f"{_utc(moment):%Y-%m}"


def partition_of_call_id(call_id: str) -> str | None:
    """Call ids begin with their UTC start (20261123T140317Z-3fa9c1): the month, or None."""
    match = _ID_START.match(call_id)
    if not match:
        return None
    try:
        return partition_key(datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ"))
    except ValueError:
        return None


def _detached(value: Any) -> Any:
    """A deep copy of JSON data: callers may mutate what we return without touching the cache."""
    if isinstance(value, dict):
        return {key: _detached(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_detached(item) for item in value]
    return value


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _read_verified(data_dir: Path) -> dict:
    try:
        memo = json.loads(verified_months_path(data_dir).read_bytes())
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}


class History:
    """The desk's call history. Writes need the DeskLock; `read_only=True` is for export and replay.

    Thread-safe: the app commits from a worker thread while the history browser reads.
    A read-only History never moves files: corrupt months are skipped and listed in `unreadable`.
    """

    def __init__(self, data_dir: Path, *, read_only: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.directory = history_dir(self.data_dir)
        self.read_only = read_only
        self.quarantined: list[Path] = []
        self.unreadable: list[Path] = []
        self._open: OrderedDict[str, TinyDB] = OrderedDict()
        self._lock = threading.RLock()

    # -- writing ------------------------------------------------------------------------------

    def commit(self, record: dict) -> None:
        """Store (or replace) a CALL by its id in its month; durable when this returns."""
        if self.read_only:
            raise PermissionError("this history was opened read-only")
        call_id = record.get("id")
        if not isinstance(call_id, str) or not call_id:
            raise ValueError("a call record needs a string id")
        key = partition_key(_started_utc(record))
        # A JSON round trip: proves the record can be stored and cuts it loose from the caller.
        try:
            text = json.dumps(record, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            # json's own message may quote a value; ours names no content.
            raise ValueError("a call record must be plain JSON data (no NaN, sets or other objects)") from None
        document = json.loads(text)
        line = utf8_json(text) + b"\n"
        make_private_dir(self.directory)
        with self._lock:
            db = self._database(key, create=True)
            assert db is not None  # create=True always opens one
            storage = _storage(db)
            if sum(storage.sizes()) + len(line) > INLINE_BYTES:
                storage.append(line, document)  # a big month: the call alone, one line
                return

        def upsert(db: TinyDB) -> None:
            # Straight on the storage, not through TinyDB's table: appended lines may have taken
            # the document ids a table counted on.
            data = _storage(db).read() or {}
            table = data.setdefault(TABLE, {})
            if next((doc for doc in table.values() if doc.get("id") == call_id), None) != document:
                lay_over(table, [document])
                _storage(db).write(data)

        self._in_partition(key, upsert, create=True)

    def remove(self, month: str, call_ids: Iterable[str]) -> int:
        """Remove calls from one month in one atomic write (retention); a month left empty is
        deleted. Returns how many were removed."""
        if self.read_only:
            raise PermissionError("this history was opened read-only")
        wanted = list(set(call_ids))
        removed = self._in_partition(month, lambda db: db.table(TABLE).remove(Query().id.one_of(wanted))) or []
        if removed and self._in_partition(month, lambda db: len(db.table(TABLE))) == 0:
            with self._lock:
                self._drop(month)
                for path in (self.path_of(month), log_path(self.path_of(month))):
                    path.unlink(missing_ok=True)
                fsync_dir(self.directory)
        return len(removed)

    def fold(self, key: str) -> bool:
        """Write a month's appended calls into its month file and cut them from the appended lines.

        The month is read and written under a temporary name outside the lock, so filings go on
        meanwhile; only the rename and the cut hold it. Folds nothing when the month file changed
        in between. True when something was folded."""
        path = self.path_of(key)
        with self._lock:
            before = _stamp(path)
            appended = read_log(log_path(path))
        if not appended.records or appended.damaged:
            return False  # damage is set aside by a read first (check_all)
        try:
            data = (parse_tinydb_document(read_nofollow(path), path) if before else None) or {}
        except (OSError, CorruptStorage):
            return False  # the next read of the month sets it aside

        lay_over(data.setdefault(TABLE, {}), appended.records)
        writer = MonthStorage(path, keep_in_memory=False)
        temp = writer.prepare(data)
        with self._lock:
            log_now = _stamp(writer.log)
            if _stamp(path) != before or log_now is None or log_now[0] != appended.inode:
                temp.unlink(missing_ok=True)
                return False
            writer.put_in_place(temp)
            rest = read_nofollow(writer.log)[appended.end :]  # filed during the fold: kept for the next one
            if rest:
                atomic_write(writer.log, rest)
            else:
                writer.drop_appended()
            self._drop(key)
        return True

    # -- reading ------------------------------------------------------------------------------

    def get(self, call_id: str) -> dict | None:
        """The call with this id, or None. Only its month is opened (a full scan for foreign ids);
        a call filed lately is found among the month's appended lines without reading the rest."""
        key = partition_of_call_id(call_id)
        keys = [key] if key is not None else self.partitions()
        for month in keys:
            found = self._in_partition(month, lambda db: _find(db, call_id))
            if found is not None:
                copy: dict = _detached(dict(found))
                return copy
        return None

    def calls(self, since: datetime | None = None, until: datetime | None = None) -> Iterator[dict]:
        """Calls started in [since, until), newest first; months outside the range are not opened."""
        since_utc = _utc(since) if since is not None else None
        until_utc = _utc(until) if until is not None else None
        first_month = partition_key(since_utc) if since_utc is not None else None
        # `until` is exclusive: until 1 December ends with November.
        last_month = partition_key(until_utc - timedelta(microseconds=1)) if until_utc is not None else None
        for key in self.partitions():
            if first_month is not None and key < first_month:
                break
            if last_month is not None and key > last_month:
                continue
            records = self._in_partition(key, lambda db: [dict(doc) for doc in db.table(TABLE).all()]) or []
            dated = []
            for record in records:
                try:
                    started = _started_utc(record)
                except ValueError:
                    continue  # not a call record we can place in time
                if (since_utc is None or started >= since_utc) and (until_utc is None or started < until_utc):
                    dated.append((started, str(record.get("id", "")), record))
            dated.sort(key=lambda item: (item[0], item[1]), reverse=True)
            for _, _, record in dated:
                yield _detached(record)

    def count(self) -> int:
        """Number of calls in every month. This opens every month: keep it off the start-up path."""
        return sum(self._in_partition(key, lambda db: len(db.table(TABLE))) or 0 for key in self.partitions())

    def partitions(self) -> list[str]:
        """Months present on disk, newest first: ['2026-11', '2026-10', ...]."""
        try:
            names = [entry.name for entry in self.directory.iterdir()]
        except FileNotFoundError:
            return []
        return sorted({m.group(1) for m in map(_PARTITION_FILE.match, names) if m}, reverse=True)

    def stamp(self, key: str) -> list[list[int] | None]:
        """What changes whenever the month does: (inode, size, mtime) of its file and of its
        appended lines (None for a missing one)."""
        return [_stamp(self.path_of(key)), _stamp(log_path(self.path_of(key)))]

    def check_all(self) -> list[Path]:
        """Open every month so corrupt ones are found (and quarantined) now; for a worker thread.
        Appended lines that have grown large (or belong to a month that is over) are folded.

        A month found whole is noted with its stamp in index/verified.json and not parsed again
        until it changes: 100,000 calls take about 2 s to parse. When only its appended lines
        changed (the desk's own filings), only those are read."""
        verified = _read_verified(self.data_dir)
        whole = {}
        for key in self.partitions():
            stamp = self.stamp(key)
            known = verified.get(key)
            if known != stamp:
                if isinstance(known, list) and known[:1] == stamp[:1]:
                    self._in_partition(key, lambda db: _storage(db).appended())
                else:
                    self._in_partition(key, lambda db: len(db.table(TABLE)))
                if not self.read_only and self._fold_due(key):
                    self.fold(key)
                stamp = self.stamp(key)  # no file once a corrupt month is set aside
            if stamp != [None, None]:
                whole[key] = stamp
        if whole != verified and not self.read_only:
            try:
                atomic_write(verified_months_path(self.data_dir), json.dumps(whole).encode())
            except OSError:
                pass  # only a memo: the next start parses again
        return list(self.quarantined)

    def close(self) -> None:
        with self._lock:
            while self._open:
                self._open.popitem()[1].close()

    # -- partitions ---------------------------------------------------------------------------

    def path_of(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def _fold_due(self, key: str) -> bool:
        file_bytes, appended_bytes = MonthStorage(self.path_of(key)).sizes()
        if not appended_bytes:
            return False
        over = key < partition_key(datetime.now(UTC))
        return over or appended_bytes >= max(FOLD_MIN_BYTES, file_bytes // FOLD_SHARE)

    def _in_partition(self, key: str, action: Callable[[TinyDB], T], create: bool = False) -> T | None:
        """Run `action(db)` on one month; None when that month has no file (or is unreadable).

        A month found corrupt is quarantined and, when writing, the action runs again on a fresh
        empty month: the call being committed is not lost because an old file was bad. Damaged
        appended lines are set aside and their whole records kept.
        """
        with self._lock:
            for _attempt in range(3):
                db = self._database(key, create)
                if db is None:
                    return None
                try:
                    result = action(db)
                except DamagedLog as damage:
                    self._drop(key)
                    self._set_aside(damage.path, keep=whole_lines(damage.path))
                    continue
                except CorruptStorage as corrupt:
                    # Replaced under us by something that was not this desk.
                    self._drop(key)
                    if not self._set_aside(corrupt.path):
                        return None
                    continue
                storage = _storage(db)
                if storage.damaged and storage.log not in self.unreadable:
                    self.unreadable.append(storage.log)
                return result
            return None

    def _database(self, key: str, create: bool) -> TinyDB | None:
        """The month's TinyDB, opened without reading it: the first action reads it."""
        db = self._open.get(key)
        if db is not None:
            self._open.move_to_end(key)
            return db
        path = self.path_of(key)
        if not create and not path.exists() and not log_path(path).exists():
            return None
        db = TinyDB(path, storage=MonthStorage, salvage=self.read_only)
        if not self.read_only:
            remove_stale_temp_files(path)
            remove_stale_temp_files(log_path(path))
        self._open[key] = db
        while len(self._open) > OPEN_PARTITIONS:
            self._open.popitem(last=False)[1].close()
        return db

    def _drop(self, key: str) -> None:
        db = self._open.pop(key, None)
        if db is not None:
            db.close()

    def _set_aside(self, path: Path, keep: bytes = b"") -> bool:
        """Quarantine a corrupt file (True), or in read-only mode just note it (False). `keep`:
        what to write back in its place (the whole records of damaged appended lines)."""
        if self.read_only:
            if path not in self.unreadable:
                self.unreadable.append(path)
            return False
        target_dir = quarantine_dir(self.data_dir)
        make_private_dir(target_dir)
        stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
        moved = move_aside(path, target_dir, f"history-{path.name}.{stamp}.corrupt")
        chmod_nofollow(moved)  # whoever damaged it may have left it readable to all; it holds calls
        self.quarantined.append(moved)
        if keep:
            atomic_write(path, keep)
        return True


def _storage(db: TinyDB) -> MonthStorage:
    return cast(MonthStorage, db.storage)


def _find(db: TinyDB, call_id: str) -> dict | None:
    """The newest version of a call: among the appended lines (read alone), else in the month."""
    for record in reversed(_storage(db).appended()):
        if record["id"] == call_id:
            return record
    found = db.table(TABLE).get(Query().id == call_id)
    return dict(found) if found is not None else None
