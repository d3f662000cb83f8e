"""A derived, rebuildable summary index of the history: index/YYYY-MM.json, one per month.

Each holds the history browser's rows for that month (tui.domain.review.history_rows), the stamp
of the month it was built from (tui.store.history.History.stamp) and how far into the month's
appended lines it read. A month that changed is brought up to date on its next read: when only
lines were appended (the desk's filings), only those are read and summarised; otherwise the month
is read again, reusing the rows of unchanged calls. Deleting index/ loses nothing. The index is a
cache: when it cannot be written (a read-only directory) the rows are still returned. Call from a
worker thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tui.store.atomic_storage import CorruptStorage, utf8_json
from tui.store.datadir import index_dir
from tui.store.fsutil import atomic_write
from tui.store.history import History
from tui.store.month_storage import TABLE, MonthStorage, read_on

INDEX_VERSION = 5  # raise when rows, the flags in them or this file's shape change: every month is rebuilt
RowBuilder = Callable[[dict], dict]


def record_signature(record: dict) -> str:
    """Cheap and enough to tell a call changed: filed calls are replaced whole, never edited."""
    events = record.get("events") or [{}]
    last = events[-1] if isinstance(events[-1], dict) else {}
    return f"{len(events)}|{record.get('status')}|{record.get('outcome')}|{record.get('category')}|{last.get('t')}|{record.get('agent')}"


class CallIndex:
    def __init__(self, data_dir: Path, build_row: RowBuilder) -> None:
        self.data_dir = Path(data_dir)
        self.build_row = build_row
        self.history = History(self.data_dir, read_only=True)
        self.rebuilt: list[str] = []  # months rebuilt by this instance (for tests and the bench)
        self.summarised = 0  # calls summarised afresh (not reused from the old index)
        self._read: dict[str, dict] = {}  # month -> the index document `cached` read for it (or one made since)
        self._unsaved: list[str] = []  # months caught up whose index file is not written yet

    def months(self) -> list[str]:
        """Months with calls, newest first."""
        return self.history.partitions()

    def cached(self, month: str) -> tuple[list[dict] | None, bool]:
        """(rows of the month's index file or None, whether they match the month now).

        Stale rows are still worth showing at once while the month is re-read (`rebuild`)."""
        stamp = self.history.stamp(month)
        if stamp == [None, None]:
            return [], True
        try:
            cached = json.loads((index_dir(self.data_dir) / f"{month}.json").read_bytes())
            if cached.get("version") == INDEX_VERSION and isinstance(cached.get("rows"), list):
                self._read[month] = cached
                return cached["rows"], cached.get("source") == stamp
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            pass
        return None, False

    def rows(self, month: str) -> list[dict]:
        """The month's rows, up to date (brought up to date first when the month changed)."""
        rows, fresh = self.cached(month)
        return rows if fresh and rows is not None else self.rebuild(month, rows or [])

    def rebuild(self, month: str, previous: list[dict]) -> list[dict]:
        """Summarise what changed in the month since `previous` (rows `cached` returned): its
        appended lines alone when that is all that changed, else the whole month again."""
        rows = self.catch_up(month, previous, save=True)
        if rows is not None:
            return rows
        stamp = self.history.stamp(month)
        if stamp == [None, None]:
            return []
        storage = MonthStorage(self.history.path_of(month), salvage=True)
        try:
            data = storage.read() or {}
        except (OSError, CorruptStorage):
            return []  # the desk quarantines a corrupt month; the browser just skips it
        rows = self._summarise(list(data.get(TABLE, {}).values()), previous)
        self._keep(month, {"version": INDEX_VERSION, "source": stamp, "appended": storage.appended_mark, "rows": rows}, save=True)
        return rows

    def catch_up(self, month: str, previous: list[dict], save: bool = False) -> list[dict] | None:
        """The month's rows brought up to date from its appended lines (the desk's filings since
        the index was written: a few lines, one row each), or None when more than that changed.
        `save=False` leaves the index file to `save_caught_up`: writing it encodes every row of
        the month (30 ms for 4,000 calls), which is better done after the rows are on screen."""
        stamp = self.history.stamp(month)
        known = self._read.get(month) or {}
        source, mark = known.get("source") or [None, None], known.get("appended")
        if not previous or stamp == [None, None] or source[0] != stamp[0] or not isinstance(mark, list) or len(mark) != 4:
            return None
        appended = read_on(MonthStorage(self.history.path_of(month)).log, mark)
        if appended is None or appended.damaged:
            return None
        rows = self._summarise(appended.records, previous, keep_others=True)
        self._keep(month, {"version": INDEX_VERSION, "source": stamp, "appended": appended.mark, "rows": rows}, save)
        return rows

    def save_caught_up(self) -> None:
        """Write the index files `catch_up` left unwritten."""
        while self._unsaved:
            self._write(self._unsaved.pop())

    def _keep(self, month: str, document: dict, save: bool) -> None:
        self.rebuilt.append(month)
        self._read[month] = document
        if save:
            self._write(month)
            if month in self._unsaved:
                self._unsaved.remove(month)
        elif month not in self._unsaved:
            self._unsaved.append(month)

    def _write(self, month: str) -> None:
        try:
            atomic_write(
                index_dir(self.data_dir) / f"{month}.json",
                utf8_json(json.dumps(self._read[month], ensure_ascii=False, separators=(",", ":"))),
            )
        except OSError:
            pass  # a cache that cannot be written is only slower next time

    def _summarise(self, records: list[dict], previous: list[dict], keep_others: bool = False) -> list[dict]:
        """Rows for `records`, reusing the rows of `previous` for calls unchanged since, so filing
        one more call summarises one call. `keep_others`: the records are only what changed, so
        the other rows of `previous` stay."""
        known = {row.get("id"): row for row in previous if isinstance(row, dict)}
        fresh: dict[object, dict] = {}
        for record in records:
            call_id, signature = record.get("id"), record_signature(record)
            old = fresh.get(call_id) or known.get(call_id)
            if old is not None and old.get("sig") == signature:
                fresh[call_id] = old
                continue
            try:
                row = self.build_row(record)
            except (KeyError, TypeError, ValueError):
                continue  # a record that cannot be summarised is still in the history and export
            row["sig"] = signature
            fresh[call_id] = row
            self.summarised += 1
        rows = [row for call_id, row in known.items() if call_id not in fresh] if keep_others else []
        rows += fresh.values()
        rows.sort(key=lambda row: row["start"], reverse=True)
        return rows
