"""Many calls into the history at once, all or nothing: `callcoach import` of a team's month.

History.commit files one call at a time (fine for a desk, far too slow for 20,000 calls). Here
each month is read once as History reads it (its file with its appended calls laid over), the new
calls laid over that, and the month written whole to a temp file beside it. Only when every month
is staged is an intent file written (the commit point); the temp files are then renamed over their
months, their appended calls (now inside them) dropped, and the intent removed. Killed or interrupted before the intent:
nothing changed (the temp files are swept by the next import). Killed after it: the next start
(prepare_data_dir) or import finishes the renames, so the import is whole either way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from tui.store.atomic_storage import parse_tinydb_document, utf8_json
from tui.store.datadir import IMPORT_INTENT as INTENT
from tui.store.datadir import history_dir
from tui.store.fsutil import FILE_MODE, atomic_write, fsync_dir, read_nofollow, write_all
from tui.store.history import _started_utc as started_utc
from tui.store.history import partition_key
from tui.store.month_storage import TABLE, lay_over, log_path, read_log

STAGED = ".import.tmp"
Progress = Callable[[int, int], None]


def _month_path(data_dir: Path, month: str) -> Path:
    return history_dir(data_dir) / f"{month}.json"


def _read_month(path: Path) -> dict[str, dict[str, dict]]:
    """A month as History reads it: the file, with the calls appended since laid over it."""
    try:
        data = parse_tinydb_document(read_nofollow(path), path) or {}
    except FileNotFoundError:
        data = {}
    appended = read_log(log_path(path))
    if appended.damaged:
        raise OSError(f"{log_path(path).name} is damaged; start the desk once (it sets the damage aside), then import again")
    lay_over(data.setdefault(TABLE, {}), appended.records)
    return data


def existing_by_month(data_dir: Path, records: Iterable[dict]) -> dict[str, dict[str, dict]]:
    """The calls already here in the months these records fall in: {month: {call id: record}}.
    Each month is read once (a per-call lookup would reparse months over and over)."""
    months = {partition_key(started_utc(record)) for record in records}
    found = {}
    for month in months:
        table = _read_month(_month_path(data_dir, month)).get(TABLE, {})
        found[month] = {doc["id"]: doc for doc in table.values() if isinstance(doc.get("id"), str)}
    return found


def commit_all(data_dir: Path, records: list[dict], progress: Progress | None = None) -> None:
    """Store (or replace by id) every record, all or nothing. The caller holds the desk lock."""
    directory = history_dir(data_dir)
    finish_interrupted_import(data_dir)
    for leftover in directory.glob(f".*{STAGED}"):
        leftover.unlink()  # staged by an import that died before its commit point
    by_month: dict[str, list[dict]] = {}
    for record in records:
        by_month.setdefault(partition_key(started_utc(record)), []).append(record)
    staged: list[tuple[Path, Path]] = []
    done = 0
    try:
        for month in sorted(by_month):
            path = _month_path(data_dir, month)
            data = _read_month(path)
            lay_over(data.setdefault(TABLE, {}), by_month[month])
            temp = directory / f".{path.name}{STAGED}"
            _write_durably(temp, utf8_json(json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)))
            staged.append((temp, path))
            done += len(by_month[month])
            if progress is not None:
                progress(done, len(records))
        atomic_write(directory / INTENT, json.dumps([[str(temp), str(path)] for temp, path in staged]).encode())
    except BaseException:
        for temp, _path in staged:
            try:
                temp.unlink()
            except FileNotFoundError:
                pass
        raise
    finish_interrupted_import(data_dir)  # past the commit point: the renames


def _write_durably(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def finish_interrupted_import(data_dir: Path) -> bool:
    """Complete an import that reached its commit point; True when one was found. Safe to run
    beside the importer itself (a rename already done is skipped)."""
    intent = history_dir(data_dir) / INTENT
    try:
        pairs = json.loads(intent.read_bytes())
    except FileNotFoundError:
        return False
    except ValueError:
        intent.unlink()  # torn before its rename: that import never reached its commit point
        return False
    for temp, path in pairs:
        try:
            os.replace(temp, path)
        except FileNotFoundError:
            pass  # renamed already
    fsync_dir(intent.parent)
    for _temp, path in pairs:
        log_path(Path(path)).unlink(missing_ok=True)  # its calls are in the month file now
    try:
        intent.unlink()
    except FileNotFoundError:
        pass
    fsync_dir(intent.parent)
    return True
