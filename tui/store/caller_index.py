"""A small index of calls by caller number, so the desk can say who is ringing without reading the
history: index/callers/NN.json, 256 shards by a hash of the number, plus manifest.json with the
stamp of every history month it was built from (History.stamp: its file and appended lines).

A lookup reads the manifest, stats the month files and reads one shard: a few milliseconds at
100,000 calls. It reports whether the months still match the manifest; when they do not (an
import, a purge, another version), `refresh` rebuilds the months that changed, in a worker. The
desk's own filings reach the index at once (`add`): one line appended to their shard's
NN.jsonl, read with the shard, so what a filing writes does not grow with the history (a shard
rewritten whole is about 800 KB at 1,000,000 calls: 33 ms a filing). The lines are folded into the
shard once they pass a quarter of it (and 64 KB), and whenever a refresh rewrites the shard; the
shard notes which lines it holds, so a fold cut short counts nothing twice. Derived data: deleting index/callers/ loses nothing;
files are written whole (temp file, rename) or appended, not fsynced, and one that cannot be read
makes the next refresh rebuild everything. A desk that starts on an empty history builds an index
of no calls (its manifest alone), so its first filings are added at once too.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from tui.domain.review.caller_months import add_to_month
from tui.store.datadir import caller_index_dir
from tui.store.fsutil import FILE_MODE, LinkRefused, make_private_dir, open_nofollow, read_nofollow, write_all
from tui.store.history import History

VERSION = 2
SHARDS = 256
FOLD_BYTES = 64 << 10  # a shard's appended lines are folded into it past this and past a quarter of it
Stamp = list[list[int] | None]


def shard_of(caller: str) -> str:
    import hashlib  # here, not at the top: with OpenSSL's bindings about 2 ms of the desk's start, used after it

    return hashlib.blake2b(caller.encode("utf-8"), digest_size=1).hexdigest()


def month_stamp(history: History, month: str) -> Stamp | None:
    """What changes whenever the month does (its file and its appended lines); None when gone."""
    stamp = history.stamp(month)
    return None if all(part is None for part in stamp) else stamp


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(read_nofollow(path))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, LinkRefused):
        return None
    return data if isinstance(data, dict) and data.get("version") == VERSION else None


def _write_json(path: Path, data: dict) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = open_nofollow(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # whatever the umask
        write_all(fd, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    finally:
        os.close(fd)
    os.replace(temporary, path)  # a link at `path` is replaced, never followed


def _log_of(shard_path: Path) -> Path:
    return shard_path.with_suffix(".jsonl")


def _read_lines(path: Path, folded: object) -> list | None:
    """[caller, month, entry] of each line appended to a shard and not yet in it (`folded`: the
    shard's note of the lines it holds: the file's inode, their length and checksum, so a new
    file that got the same inode is not mistaken for it); None when unreadable."""
    try:
        raw = read_nofollow(path)
        inode = os.stat(path, follow_symlinks=False).st_ino
    except FileNotFoundError:
        return []
    except (OSError, LinkRefused):
        return None
    held = folded if isinstance(folded, list) and len(folded) == 3 else [None, 0, None]
    if held[0] == inode and len(raw) >= held[1] and zlib.crc32(raw[: held[1]]) == held[2]:
        raw = raw[held[1] :]
    try:
        lines = [json.loads(line) for line in raw.split(b"\n") if line]
    except ValueError:
        return None
    return lines if all(isinstance(line, list) and len(line) == 3 for line in lines) else None


class CallerIndex:
    def __init__(self, history: History) -> None:
        self.history = history
        self.directory = caller_index_dir(history.data_dir)
        self.rebuilt: list[str] = []  # months rebuilt by this instance (tests, bench)

    # -- reading ---------------------------------------------------------------------------------

    def lookup(self, caller: str) -> tuple[list[dict], bool]:
        """(the number's calls folded by month, whether the index matches the history now)."""
        manifest = _read_json(self.directory / "manifest.json")
        callers = self._read_shard(shard_of(caller), only=caller)
        if manifest is None or callers is None:
            return [], False
        months = list(callers.get(caller, {}).values())
        return months, bool(manifest) and self.stale_months(manifest.get("months", {})) == []

    def _read_shard(self, key: str, only: str | None = None) -> dict | None:
        """The shard's callers with its appended lines laid over them (those of `only` alone, when
        given); None when either cannot be read."""
        path = self.directory / f"{key}.json"
        shard = _read_json(path)
        lines = _read_lines(_log_of(path), shard.get("log") if shard else None)
        if shard is None or lines is None:
            return None
        callers: dict = shard.get("callers", {})
        for caller, month, entry in lines:
            if only is None or caller == only:
                by_month = callers.setdefault(caller, {})
                by_month[month] = add_to_month(by_month.get(month), entry)
        return callers

    def _write_shard(self, key: str, callers: dict) -> None:
        """The shard written whole, holding its appended lines: those are then removed."""
        path = self.directory / f"{key}.json"
        log = _log_of(path)
        try:
            held = read_nofollow(log)
            folded: list[int] | None = [os.stat(log, follow_symlinks=False).st_ino, len(held), zlib.crc32(held)]
        except FileNotFoundError:
            folded = None
        _write_json(path, {"version": VERSION, "callers": callers, **({"log": folded} if folded else {})})
        if folded:
            log.unlink()  # a kill before this leaves lines the shard says it holds: read past them

    def stale_months(self, indexed: dict[str, Stamp] | None = None) -> list[str]:
        """Months whose file changed (or appeared, or went) since they were indexed."""
        if indexed is None:
            manifest = _read_json(self.directory / "manifest.json")
            indexed = manifest.get("months", {}) if manifest else {}
        on_disk = self.history.partitions()
        changed = [month for month in on_disk if indexed.get(month) != month_stamp(self.history, month)]
        return changed + [month for month in indexed if month not in on_disk]

    # -- writing ---------------------------------------------------------------------------------

    def add(self, caller: str, entry: dict, month: str, stamp_before: Stamp | None) -> None:
        """A call this desk just filed into `month` (whose file had `stamp_before` until then):
        into its shard now, and the month's new stamp into the manifest when the index was up to
        date for it before; otherwise the next `refresh` catches up."""
        make_private_dir(self.directory)
        manifest = _read_json(self.directory / "manifest.json")
        if manifest is None or not manifest:
            return  # unreadable or never built: the next refresh builds it all
        key = shard_of(caller)
        log = _log_of(self.directory / f"{key}.json")
        fd = open_nofollow(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            write_all(fd, json.dumps([caller, month, entry], ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            appended = os.fstat(fd).st_size
        finally:
            os.close(fd)
        shard_bytes = (self.directory / f"{key}.json").stat().st_size if (self.directory / f"{key}.json").exists() else 0
        if appended > max(FOLD_BYTES, shard_bytes // 4):
            callers = self._read_shard(key)
            if callers is not None:
                self._write_shard(key, callers)
        months = manifest.get("months", {})
        if months.get(month) == stamp_before:
            months[month] = month_stamp(self.history, month)
            _write_json(self.directory / "manifest.json", {"version": VERSION, "months": months})

    def refresh(self, entries_of_month: Callable[[str], Iterable[tuple[str, dict]]]) -> list[str]:
        """Rebuild the months that changed; `entries_of_month(month)` yields (caller, entry) for
        every call filed in it. Returns the months rebuilt. For a worker thread."""
        manifest = _read_json(self.directory / "manifest.json")
        shards: dict[str, dict] = {}
        broken = manifest is None
        if not broken:
            for name in range(SHARDS):
                key = f"{name:02x}"
                callers = self._read_shard(key)
                if callers is None:
                    broken = True
                    break
                shards[key] = callers
        indexed = {} if broken or manifest is None else manifest.get("months", {})
        if broken:
            shards = {f"{name:02x}": {} for name in range(SHARDS)}
        stale = self.stale_months(indexed)
        if not stale and manifest:
            return []
        # Past here with nothing stale: never built (or its manifest damaged) over a history with no
        # calls, so it is built of none (a manifest, no shard: a missing shard is an empty one), and
        # from the first filing on `add` keeps it up to date as at any size.
        stamps = {month: month_stamp(self.history, month) for month in stale}  # before reading: a later change stays stale
        stale_set = set(stale)
        touched: set[str] = set(shards) if broken else set()
        for key, callers in shards.items():
            for caller in list(callers):
                by_month = callers[caller]
                for month in stale_set.intersection(by_month):
                    del by_month[month]
                    touched.add(key)
                if not by_month:
                    del callers[caller]
        for month in stale:
            if stamps[month] is None:
                continue  # the month went away: its calls are gone from the index
            for caller, entry in entries_of_month(month):
                key = shard_of(caller)
                by_month = shards[key].setdefault(caller, {})
                by_month[month] = add_to_month(by_month.get(month), entry)
                touched.add(key)
        make_private_dir(self.directory)
        for key in touched:
            self._write_shard(key, shards[key])
        months = {month: stamp for month, stamp in indexed.items() if month not in stale_set}
        months.update({month: stamp for month, stamp in stamps.items() if stamp is not None})
        _write_json(self.directory / "manifest.json", {"version": VERSION, "months": months})
        self.rebuilt += stale
        return stale
