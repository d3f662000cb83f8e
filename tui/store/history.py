"""Committed calls, one TinyDB file per month of UTC start time: history/2026-11.json.

Stock TinyDB rewrites its whole file on every insert (6.5 s at 100,000 calls), so a commit here
touches only its own month, and reads open only the months they need, newest first. A month file
that cannot be parsed is moved aside to quarantine/ byte for byte the first time it is opened;
the other months load as usual and `quarantined` tells the app what to report.
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
from typing import TypeVar

from tinydb import Query, TinyDB

from tui.store.atomic_storage import AtomicJSONStorage, CorruptStorage, remove_stale_temp_files
from tui.store.datadir import history_dir, quarantine_dir
from tui.store.fsutil import atomic_write, chmod_nofollow, fsync_dir, make_private_dir, move_aside

TABLE = "calls"
_PARTITION_FILE = re.compile(r"^(\d{4})-(\d{2})\.json$")
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


def _detached(value):
    """A deep copy of JSON data: callers may mutate what we return without touching the cache."""
    if isinstance(value, dict):
        return {key: _detached(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_detached(item) for item in value]
    return value


def _verified_path(data_dir: Path) -> Path:
    return Path(data_dir) / "index" / "verified.json"


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _read_verified(data_dir: Path) -> dict:
    try:
        memo = json.loads(_verified_path(data_dir).read_bytes())
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
        """Store (or replace) a CALL by its id in its month's file; durable when this returns."""
        if self.read_only:
            raise PermissionError("this history was opened read-only")
        call_id = record.get("id")
        if not isinstance(call_id, str) or not call_id:
            raise ValueError("a call record needs a string id")
        key = partition_key(_started_utc(record))
        # A JSON round trip: proves the record can be stored and cuts it loose from the caller.
        try:
            document = json.loads(json.dumps(record, allow_nan=False))
        except (TypeError, ValueError):
            # json's own message may quote a value; ours names no content.
            raise ValueError("a call record must be plain JSON data (no NaN, sets or other objects)") from None
        make_private_dir(self.directory)

        def upsert(table) -> None:
            existing = table.get(Query().id == call_id)
            if existing is None:
                table.insert(document)
            elif dict(existing) != document:
                table.update(lambda doc: (doc.clear(), doc.update(document)), doc_ids=[existing.doc_id])

        self._in_partition(key, upsert, create=True)

    def remove(self, month: str, call_ids: Iterable[str]) -> int:
        """Remove calls from one month in one atomic write (retention); a month left empty is
        deleted. Returns how many were removed."""
        if self.read_only:
            raise PermissionError("this history was opened read-only")
        wanted = set(call_ids)
        removed = self._in_partition(month, lambda table: table.remove(Query().id.one_of(list(wanted)))) or []
        if removed and self._in_partition(month, len) == 0:
            with self._lock:
                self._drop(month)
                path = self.path_of(month)
                path.unlink()
                fsync_dir(path.parent)
        return len(removed)

    # -- reading ------------------------------------------------------------------------------

    def get(self, call_id: str) -> dict | None:
        """The call with this id, or None. Only its month is opened (a full scan for foreign ids)."""
        key = partition_of_call_id(call_id)
        keys = [key] if key is not None else self.partitions()
        for month in keys:
            found = self._in_partition(month, lambda table: table.get(Query().id == call_id))
            if found is not None:
                return _detached(dict(found))
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
            records = self._in_partition(key, lambda table: [dict(doc) for doc in table.all()]) or []
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
        return sum(self._in_partition(key, len) or 0 for key in self.partitions())

    def partitions(self) -> list[str]:
        """Months present on disk, newest first: ['2026-11', '2026-10', ...]."""
        try:
            names = [entry.name for entry in self.directory.iterdir()]
        except FileNotFoundError:
            return []
        return sorted((m.group(0)[:-5] for m in map(_PARTITION_FILE.match, names) if m), reverse=True)

    def check_all(self) -> list[Path]:
        """Open every month so corrupt ones are found (and quarantined) now; for a worker thread.

        A month found whole is noted with its file's stamp (inode, size, mtime) in
        index/verified.json and not parsed again until its file changes: 100,000 calls take
        about 2 s to parse, the desk's own commits touch one month."""
        verified = _read_verified(self.data_dir)
        whole = {}
        for key in self.partitions():
            stamp = _stamp(self.path_of(key))
            if stamp is None or verified.get(key) != stamp:
                self._in_partition(key, len)
                stamp = _stamp(self.path_of(key))  # None once a corrupt month is set aside
            if stamp is not None:
                whole[key] = stamp
        if whole != verified and not self.read_only:
            try:
                atomic_write(_verified_path(self.data_dir), json.dumps(whole).encode())
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

    def _in_partition(self, key: str, action: Callable[..., T], create: bool = False) -> T | None:
        """Run `action(table)` on one month; None when that month has no file (or is unreadable).

        A month found corrupt is quarantined and, when writing, the action runs again on a fresh
        empty month: the call being committed is not lost because an old file was bad.
        """
        with self._lock:
            for _attempt in range(2):
                db = self._database(key, create)
                if db is None:
                    return None
                try:
                    return action(db.table(TABLE))
                except CorruptStorage:
                    # Replaced under us by something that was not this desk.
                    self._drop(key)
                    if not self._set_aside(self.path_of(key)):
                        return None
            return None

    def _database(self, key: str, create: bool) -> TinyDB | None:
        db = self._open.get(key)
        if db is not None:
            self._open.move_to_end(key)
            return db
        path = self.path_of(key)
        if not create and not path.exists():
            return None
        db = TinyDB(path, storage=AtomicJSONStorage)
        try:
            db.storage.read()  # parse now, so a corrupt month is caught when first opened
        except CorruptStorage:
            db.close()
            if not self._set_aside(path):
                return None
            if not create:
                return None
            db = TinyDB(path, storage=AtomicJSONStorage)
        if not self.read_only:
            remove_stale_temp_files(path)
        self._open[key] = db
        while len(self._open) > OPEN_PARTITIONS:
            self._open.popitem(last=False)[1].close()
        return db

    def _drop(self, key: str) -> None:
        db = self._open.pop(key, None)
        if db is not None:
            db.close()

    def _set_aside(self, path: Path) -> bool:
        """Quarantine a corrupt month (True), or in read-only mode just note it (False)."""
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
        return True
