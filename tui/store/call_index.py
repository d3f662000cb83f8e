"""A derived, rebuildable summary index of the history: index/YYYY-MM.json, one per month file.

Each holds the history browser's rows for that month (tui.domain.review.history_rows) and the size and
mtime of the month file it was built from. A month whose file changed (a commit, an import) is
rebuilt on its next read; deleting index/ loses nothing. The index is a cache: when it cannot be
written (a read-only directory) the rows are still returned. Call from a worker thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tui.store.atomic_storage import CorruptStorage, parse_tinydb_document, utf8_json
from tui.store.datadir import history_dir
from tui.store.fsutil import atomic_write
from tui.store.history import TABLE, History

INDEX_VERSION = 3  # raise when rows or the flags in them change: every month is rebuilt
RowBuilder = Callable[[dict], dict]


def record_signature(record: dict) -> str:
    """Cheap and enough to tell a call changed: filed calls are replaced whole, never edited."""
    events = record.get("events") or [{}]
    last = events[-1] if isinstance(events[-1], dict) else {}
    return f"{len(events)}|{record.get('status')}|{record.get('outcome')}|{record.get('category')}|{last.get('t')}|{record.get('agent')}"


def index_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "index"


class CallIndex:
    def __init__(self, data_dir: Path, build_row: RowBuilder) -> None:
        self.data_dir = Path(data_dir)
        self.build_row = build_row
        self.rebuilt: list[str] = []  # months rebuilt by this instance (for tests and the bench)
        self.summarised = 0  # calls summarised afresh (not reused from the old index)

    def months(self) -> list[str]:
        """Months with calls, newest first."""
        return History(self.data_dir, read_only=True).partitions()

    def cached(self, month: str) -> tuple[list[dict] | None, bool]:
        """(rows of the month's index file or None, whether they match the month file now).

        Stale rows are still worth showing at once while the month is re-read (`rebuild`)."""
        source = history_dir(self.data_dir) / f"{month}.json"
        try:
            stat = source.stat()
        except FileNotFoundError:
            return [], True
        try:
            cached = json.loads((index_dir(self.data_dir) / f"{month}.json").read_bytes())
            if cached.get("version") == INDEX_VERSION and isinstance(cached.get("rows"), list):
                return cached["rows"], cached.get("source") == [stat.st_size, stat.st_mtime_ns]
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            pass
        return None, False

    def rows(self, month: str) -> list[dict]:
        """The month's rows, up to date (rebuilt first when the month file changed)."""
        rows, fresh = self.cached(month)
        return rows if fresh and rows is not None else self.rebuild(month, rows or [])

    def rebuild(self, month: str, previous: list[dict]) -> list[dict]:
        """Summarise the month file again, reusing the rows of `previous` for unchanged calls."""
        source = history_dir(self.data_dir) / f"{month}.json"
        try:
            stat = source.stat()
        except FileNotFoundError:
            return []
        stamp = [stat.st_size, stat.st_mtime_ns]
        rows = self._build(source, previous)
        self.rebuilt.append(month)
        try:
            document = {"version": INDEX_VERSION, "source": stamp, "rows": rows}
            atomic_write(
                index_dir(self.data_dir) / f"{month}.json", utf8_json(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
            )
        except OSError:
            pass  # a cache that cannot be written is only slower next time
        return rows

    def _build(self, source: Path, previous: list[dict]) -> list[dict]:
        """Rows for a month file; rows of calls unchanged since the last index are reused, so
        filing one more call re-summarises one call, not the whole month."""
        try:
            data = parse_tinydb_document(source.read_bytes(), source) or {}
        except (OSError, CorruptStorage):
            return []  # the desk quarantines a corrupt month; the browser just skips it
        known = {row.get("id"): row for row in previous if isinstance(row, dict)}
        rows = []
        for record in data.get(TABLE, {}).values():
            signature = record_signature(record)
            old = known.get(record.get("id"))
            if old is not None and old.get("sig") == signature:
                rows.append(old)
                continue
            try:
                row = self.build_row(record)
            except (KeyError, TypeError, ValueError):
                continue  # a record that cannot be summarised is still in the history and export
            row["sig"] = signature
            rows.append(row)
            self.summarised += 1
        rows.sort(key=lambda row: row["start"], reverse=True)
        return rows
