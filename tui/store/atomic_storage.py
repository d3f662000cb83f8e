"""A TinyDB Storage that never leaves a half-written file: temp file, fsync, os.replace, fsync dir.

TinyDB's stock JSONStorage rewrites its file in place (seek, write, truncate), so a kill, a full
disk or a second writer mid-write leaves a corrupt file. Here a reader sees either the old file or
the new one, never a mix. CachingMiddleware is deliberately not used: it holds writes in memory
until close, and a desk killed by SIGHUP/SIGTERM never reaches close, so those calls would be lost.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from tui.store.fsutil import FILE_MODE, fsync_dir, read_nofollow, write_all

TEMP_SUFFIX = ".tmp"
_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_json(text: str) -> bytes:
    """JSON text (ensure_ascii=False) as UTF-8. A lone surrogate, which a Python string may hold
    and UTF-8 cannot, is written as its \\u escape: the file stays UTF-8 and reads back the same."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text).encode("utf-8")


class CorruptStorage(Exception):
    """The file exists but is not a TinyDB JSON document. The message never quotes its content."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path} is not a readable history file ({reason})")


def parse_tinydb_document(raw: bytes, path: Path) -> dict[str, dict[str, dict]] | None:
    """Decode and check TinyDB's shape {table: {doc_id: {..}}}; None for a zero-byte file."""
    if not raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CorruptStorage(path, "not UTF-8") from None
    try:
        data = json.loads(text)
    except ValueError:
        raise CorruptStorage(path, "not valid JSON; truncated or has trailing bytes") from None
    if not isinstance(data, dict):
        raise CorruptStorage(path, f"top level is a JSON {type(data).__name__}, not an object")
    for table in data.values():
        if not isinstance(table, dict):
            raise CorruptStorage(path, "a table is not a JSON object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                raise CorruptStorage(path, "a document is not TinyDB's {id: object} shape")
    return data


def _detached_tables(data: dict[str, dict[str, dict]]) -> dict[str, dict[str, dict]]:
    """Copies of the tables and of each document's top level: all that TinyDB mutates in place."""
    return {name: {doc_id: dict(doc) for doc_id, doc in table.items()} for name, table in data.items()}


class AtomicJSONStorage(Storage):
    """History storage for the one desk that holds the data directory's lock.

    The desk is the only writer, so the data last read or written is kept in memory and an insert
    does not re-read and re-parse the whole month. A stat() per read (inode, size, mtime) still
    notices a file replaced by someone else, so a reader without the lock never serves stale data. `read()` hands TinyDB fresh table and document
    dicts, so its in-place updates never touch that cache (and a failed write leaves it as it was).
    Nested values are shared: callers that give records away must deep-copy them (History does).
    """

    def __init__(self, path: str | Path, *, keep_in_memory: bool = True, **json_kwargs: Any) -> None:
        super().__init__()
        self.path = Path(path)
        self._keep_in_memory = keep_in_memory
        self._json_kwargs = {"ensure_ascii": False, "separators": (",", ":"), **json_kwargs}
        self._cache: dict[str, dict[str, dict]] | None = None
        self._cached_signature: tuple[int, int, int] | None | bool = False  # False: nothing cached

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def read(self) -> dict[str, dict[str, dict]] | None:
        signature = self._signature()
        if self._cached_signature is False or signature != self._cached_signature:
            try:
                raw = read_nofollow(self.path)
            except FileNotFoundError:
                raw = b""
            data = parse_tinydb_document(raw, self.path)
            if not self._keep_in_memory:
                return data
            self._cache, self._cached_signature = data, signature
        return None if self._cache is None else _detached_tables(self._cache)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.put_in_place(self.prepare(data))
        if self._keep_in_memory:
            # TinyDB builds `data` from read()'s copies and never touches it after write().
            self._cache, self._cached_signature = data, self._signature()

    def prepare(self, data: dict[str, dict[str, Any]]) -> Path:
        """The new file, written and fsynced under a temporary name beside the real one."""
        payload = utf8_json(json.dumps(data, **self._json_kwargs))
        fd, temp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=TEMP_SUFFIX, dir=self.path.parent)
        try:
            try:
                os.fchmod(fd, FILE_MODE)
                write_all(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return Path(temp_name)

    def put_in_place(self, temp_path: Path) -> None:
        """Rename a prepared file over the real one and fsync the directory; on failure, the
        temporary file goes and the old file stays as it was."""
        try:
            self._before_replace(temp_path)
            os.replace(temp_path, self.path)
        except BaseException:
            temp_path.unlink(missing_ok=True)
            raise
        fsync_dir(self.path.parent)

    def _before_replace(self, temp_path: Path) -> None:
        """Seam between "temp file durable" and "renamed into place"; crash tests pause here."""

    def forget(self) -> None:
        """Drop the in-memory copy so the next read parses the file again."""
        self._cache, self._cached_signature = None, False

    def close(self) -> None:
        self.forget()


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Temp files of `path` left by a writer killed before os.replace: never the live file."""
    removed = []
    for leftover in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        try:
            leftover.unlink()
            removed.append(leftover)
        except FileNotFoundError:
            pass
    return removed
