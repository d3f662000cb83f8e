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
        self._read: dict[str, dict] = {}  # month -> the index document `cached` read for it

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
        stamp = self.history.stamp(month)
        if stamp == [None, None]:
            return []
        path = self.history.path_of(month)
        known = self._read.get(month) or {}
        source, mark = known.get("source") or [None, None], known.get("appended")
        rows = None
        if previous and source[0] == stamp[0] and isinstance(mark, list) and len(mark) == 4:
            appended = read_on(MonthStorage(path).log, mark)
            if appended is not None and not appended.damaged:
                rows, mark = self._summarise(appended.records, previous, keep_others=True), appended.mark
        if rows is None:
            storage = MonthStorage(path, salvage=True)
            try:
                data = storage.read() or {}
            except (OSError, CorruptStorage):
                return []  # the desk quarantines a corrupt month; the browser just skips it
            rows, mark = self._summarise(list(data.get(TABLE, {}).values()), previous), storage.appended_mark
        self.rebuilt.append(month)
        document = {"version": INDEX_VERSION, "source": stamp, "appended": mark, "rows": rows}
        self._read[month] = document
        try:
            atomic_write(
                index_dir(self.data_dir) / f"{month}.json", utf8_json(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
            )
        except OSError:
            pass  # a cache that cannot be written is only slower next time
        return rows

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
