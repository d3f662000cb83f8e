"""A derived, rebuildable summary index of the history: index/YYYY-MM.json, one per month file.

Each holds the history browser's rows for that month (tui.domain.history_rows) and the size and
mtime of the month file it was built from. A month whose file changed (a commit, an import) is
rebuilt on its next read; deleting index/ loses nothing. The index is a cache: when it cannot be
written (a read-only directory) the rows are still returned. Call from a worker thread.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from .atomic_storage import CorruptStorage, parse_tinydb_document
from .datadir import history_dir
from .history import TABLE, History
from .outbox import atomic_write

INDEX_VERSION = 1
RowBuilder = Callable[[dict], dict]


def index_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "index"


class CallIndex:
    def __init__(self, data_dir: Path, build_row: RowBuilder) -> None:
        self.data_dir = Path(data_dir)
        self.build_row = build_row
        self.rebuilt: list[str] = []      # months rebuilt by this instance (for tests and the bench)

    def months(self) -> list[str]:
        """Months with calls, newest first."""
        return History(self.data_dir, read_only=True).partitions()

    def rows(self, month: str) -> list[dict]:
        source = history_dir(self.data_dir) / f"{month}.json"
        try:
            stat = source.stat()
        except FileNotFoundError:
            return []
        stamp = [stat.st_size, stat.st_mtime_ns]
        target = index_dir(self.data_dir) / f"{month}.json"
        try:
            cached = json.loads(target.read_bytes())
            if cached.get("version") == INDEX_VERSION and cached.get("source") == stamp:
                return cached["rows"]
        except (OSError, ValueError, AttributeError, KeyError):
            pass
        rows = self._build(source)
        self.rebuilt.append(month)
        try:
            document = {"version": INDEX_VERSION, "source": stamp, "rows": rows}
            atomic_write(target, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass    # a cache that cannot be written is only slower next time
        return rows

    def _build(self, source: Path) -> list[dict]:
        try:
            data = parse_tinydb_document(source.read_bytes(), source) or {}
        except (OSError, CorruptStorage):
            return []   # the desk quarantines a corrupt month; the browser just skips it
        rows = []
        for record in data.get(TABLE, {}).values():
            try:
                rows.append(self.build_row(record))
            except (KeyError, TypeError, ValueError):
                continue   # a record that cannot be summarised is still in the history and export
        rows.sort(key=lambda row: row["start"], reverse=True)
        return rows
