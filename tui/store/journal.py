"""The live call's journal: journal/<call_id>.jsonl, one JSON line per event, fsynced as it happens.

A single daemon thread does all the disk work, so the UI's event loop never waits on a disk. When
a write fails (full disk, I/O error) everything stays queued in memory, the owner is told "not
saved", and the writer retries about once a second; on recovery it first cuts the file back to the
last complete line, then writes everything in order. The journal is removed only after the call
is durably in the history, so a journal on disk at start-up is a call that was cut short.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import tui.domain.call.events as ev
from tui.domain.call.notes import became_note
from tui.store.fsutil import fsync_dir, open_nofollow, read_nofollow, store_write, write_all

if TYPE_CHECKING:
    from tui.store.history import History

DRAFT = "draft"
JOURNAL_SUFFIX = ".jsonl"
DRAFT_COALESCE_SECONDS = 0.1  # the 100 ms promise (README), inside DESIGN's 250 ms; one write for a burst of keys
TYPING_LINGER_SECONDS = 2.0  # after a draft, the writer looks for the next one by itself this long
RETRY_SECONDS = 1.0

_SAFE_CALL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")

WriteFn = Callable[[int, bytes], int]
FsyncFn = Callable[[int], None]
StatusFn = Callable[[bool], None]


def journal_path(journal_dir: Path, call_id: str) -> Path:
    if not _SAFE_CALL_ID.match(call_id):
        raise ValueError("a call id must be letters, digits, '.', '_' or '-' to name a journal file")
    return Path(journal_dir) / f"{call_id}{JOURNAL_SUFFIX}"


def _encode(item: dict) -> bytes:
    # ensure_ascii: a lone surrogate pasted from a terminal still encodes; json escapes newlines,
    # so one item is always exactly one line.
    return (json.dumps(item, separators=(",", ":")) + "\n").encode("ascii")


@dataclass(frozen=True)
class _Line:
    seq: int
    data: bytes
    draft_due: float | None = None  # monotonic time a draft must be written by; None for events
    whole: bool = False  # the journal's whole content: replaces the file (JournalWriter.rewrite)
    mark: bool = False  # not a call event (an interruption mark): survives a rewrite


class JournalWriter:
    """Appends a call's events to its journal from one background thread; never blocks the caller."""

    def __init__(
        self,
        journal_dir: Path,
        call_id: str,
        on_status: StatusFn | None = None,
        *,
        write_fn: WriteFn = store_write,
        fsync_fn: FsyncFn = os.fsync,
        retry_seconds: float = RETRY_SECONDS,
        draft_delay: float = DRAFT_COALESCE_SECONDS,
        typing_linger: float = TYPING_LINGER_SECONDS,
    ) -> None:
        self.path = journal_path(journal_dir, call_id)
        self._on_status = on_status
        self._write_fn = write_fn  # the fault-injection seam: tests pass a failing os.write
        self._fsync_fn = fsync_fn
        self._retry_seconds = retry_seconds
        self._draft_delay = draft_delay
        self._typing_linger = typing_linger
        # Re-entrant: flush() may run in a SIGTERM handler that interrupted append() on this thread.
        self._cond = threading.Condition(threading.RLock())
        self._queue: list[_Line] = []
        self._seq = 0
        self._written_seq = 0
        self._flushers = 0
        self._closing = False
        self._saved = True
        self._fd: int | None = None
        self._good_offset = 0  # file length up to the last fsynced complete line
        self._needs_truncate = False
        self._look_at: float | None = None  # when the idle writer looks at the queue again unasked
        self._typing_until = 0.0  # the writer looks by itself until then (drafts are coming)
        self._thread = threading.Thread(target=self._run, name=f"journal-{call_id}", daemon=True)
        self._thread.start()

    # -- the caller's side: cheap, thread-safe, never touches the disk ------------------------

    @property
    def saved(self) -> bool:
        """False while something queued could not be written; True again once it has been."""
        return self._saved

    def append(self, event: dict) -> None:
        line = _encode(event)
        with self._cond:
            self._seq += 1
            self._queue.append(_Line(self._seq, line, mark=event.get("type") not in ev.EVENT_TYPES))
            self._cond.notify_all()

    def rewrite(self, events: list[dict]) -> None:
        """Write the journal again as exactly `events` (the call's whole log): a note already on
        disk had to be masked after all, and an append-only file cannot unsay a line. Events
        queued before are in `events` already, drafts queued before are stale; marks are kept."""
        data = b"".join(_encode(event) for event in events)
        with self._cond:
            self._seq += 1
            marks = [line for line in self._queue if line.mark]
            self._queue = [_Line(self._seq, data, whole=True), *marks]
            self._cond.notify_all()

    def set_draft(self, t: float, text: str) -> None:
        """Journal the note being typed (already masked by the session); calls within the
        coalescing window become one write.

        While drafts keep coming the writer looks for them by itself once a window, so a key
        wakes no thread: a thread woken in the middle of a key's handling takes the interpreter
        from the UI's frame (about 3 ms a key on a loaded machine). Only the first key after a
        pause wakes it."""
        line = _encode({"type": DRAFT, "t": t, "text": text})
        with self._cond:
            self._seq += 1
            now = time.monotonic()
            self._typing_until = now + self._typing_linger
            if self._queue and self._queue[-1].draft_due is not None:
                # Only a trailing draft is replaced: a draft before an event must stay before it.
                self._queue[-1] = _Line(self._seq, line, self._queue[-1].draft_due)
            elif self._look_at is not None:
                self._queue.append(_Line(self._seq, line, min(self._look_at, now + self._draft_delay)))
            else:
                self._queue.append(_Line(self._seq, line, now + self._draft_delay))
                self._cond.notify_all()

    def flush(self, timeout: float = 2.0) -> bool:
        """Wait until everything queued before this call is fsynced; False if that took too long."""
        with self._cond:
            target = self._seq
            self._flushers += 1
            self._cond.notify_all()
            try:
                return self._cond.wait_for(lambda: self._written_seq >= target, timeout)
            finally:
                self._flushers -= 1

    def close(self, timeout: float = 2.0) -> bool:
        """Flush, stop the writer thread and close the file; returns whether everything was saved."""
        done = self.flush(timeout)
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout)
        return done

    # -- the writer thread ----------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                batch = self._next_batch()
                if batch is None:
                    return
                ok = self._write_batch(batch)
                with self._cond:
                    if ok:
                        self._written_seq = batch[-1].seq
                    else:
                        self._queue[:0] = batch  # back in front, in order, for the retry
                    self._cond.notify_all()
                self._report(ok)
                if not ok:
                    with self._cond:
                        if self._cond.wait_for(lambda: self._closing, self._retry_seconds):
                            return
        finally:
            self._close_file()

    def _next_batch(self) -> list[_Line] | None:
        with self._cond:
            while True:
                if self._queue:
                    tail = self._queue[-1]
                    wait = 0.0 if tail.draft_due is None else tail.draft_due - time.monotonic()
                    # Events go at once; a draft alone waits out its window unless someone flushes.
                    if len(self._queue) > 1 or wait <= 0 or self._flushers or self._closing:
                        batch, self._queue = self._queue, []
                        return batch
                    self._cond.wait(wait)
                elif self._closing:
                    return None
                elif time.monotonic() < self._typing_until:
                    # Keys are coming: look again a window later, unasked (set_draft wakes no one).
                    self._look_at = time.monotonic() + self._draft_delay
                    try:
                        self._cond.wait(self._draft_delay)
                    finally:
                        self._look_at = None
                else:
                    self._cond.wait()

    def _write_batch(self, batch: list[_Line]) -> bool:
        whole = max((index for index, line in enumerate(batch) if line.whole), default=None)
        if whole is None:
            return self._write(b"".join(line.data for line in batch))
        # Lines before the last rewrite are in it (events) or superseded (drafts).
        tail = [line for line in batch[:whole] if line.mark] + batch[whole + 1 :]
        return self._replace(batch[whole].data + b"".join(line.data for line in tail))

    def _replace(self, data: bytes) -> bool:
        """The journal replaced whole: temp file, fsync, rename, fsync the directory."""
        temp = self.path.with_name(f".{self.path.name}.rewrite")
        try:
            fd = open_nofollow(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            try:
                write_all(fd, data, self._write_fn)
                self._fsync_fn(fd)
            finally:
                os.close(fd)
            os.replace(temp, self.path)
            fsync_dir(self.path.parent)
        except Exception:
            return False  # as in _write: reported "not saved", retried with the rest of the queue
        self._close_file()
        self._needs_truncate = False
        return True

    def _write(self, data: bytes) -> bool:
        try:
            fd = self._fd if self._fd is not None else self._open()
            if self._needs_truncate:
                # Whatever a failed attempt left after the last good line goes before we rewrite it.
                os.ftruncate(fd, self._good_offset)
                self._needs_truncate = False
            write_all(fd, data, self._write_fn)
            self._fsync_fn(fd)
        except Exception:
            # OSError is the expected case (ENOSPC, EIO); anything else must not kill the only
            # thread that saves the call either: report "not saved" and keep retrying.
            self._needs_truncate = True
            return False
        self._good_offset += len(data)
        return True

    def _open(self) -> int:
        """Open (or create) the journal, cut a torn last line; the file descriptor, also kept."""
        existed = self.path.exists()
        fd = open_nofollow(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND)  # never cut or append to a link's target
        try:
            end = _last_line_end(fd)
            if end != os.fstat(fd).st_size:
                os.ftruncate(fd, end)  # a resumed journal whose last line was torn by a kill
            if not existed:
                fsync_dir(self.path.parent)
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._good_offset = fd, end
        return fd

    def _close_file(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def _report(self, ok: bool) -> None:
        if ok == self._saved:
            return
        self._saved = ok
        if self._on_status is not None:
            try:
                self._on_status(ok)
            except Exception:
                pass  # a broken status callback must not stop the journal


def _last_line_end(fd: int) -> int:
    """Offset just after the last newline (0 if none): where the last complete line ends."""
    end = os.fstat(fd).st_size
    chunk = 4096
    while end > 0:
        start = max(0, end - chunk)
        data = os.pread(fd, end - start, start)
        newline = data.rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        end = start
    return 0


# -- reading a journal back ------------------------------------------------------------------------


def read_journal(path: Path) -> tuple[list[dict], dict | None]:
    """(events in order, the draft still pending as {"t", "text"} or None).

    A torn last line (no newline: killed mid-write) is ignored, as is any line that is not a JSON
    object. A draft is pending only if no note made from it follows and it is not empty.
    """
    complete = read_nofollow(path).rpartition(b"\n")[0]
    events: list[dict] = []
    draft: dict | None = None
    for raw_line in complete.split(b"\n"):
        if not raw_line.strip():
            continue
        try:
            item = json.loads(raw_line)
        except ValueError:
            continue
        if not isinstance(item, dict):
            continue
        if item.get("type") == DRAFT:
            draft = _pending_draft(item)
            continue
        events.append(item)
        if draft is not None and item.get("type") == ev.NOTE and became_note(draft, item):
            draft = None
    return events, draft


def _pending_draft(item: dict) -> dict | None:
    text, t = item.get("text"), item.get("t")
    if not isinstance(text, str) or not text.strip() or not isinstance(t, (int, float)):
        return None
    return {"t": float(t), "text": text}


def pending_journals(journal_dir: Path, history: History | None = None) -> list[Path]:
    """Journals of calls never committed, oldest first (call ids begin with their UTC start).

    With `history`, a journal whose call is already committed with at least as many events is the
    leftover of a call end cut short between commit and removal: it is removed, not offered; so is
    a journal that never held a whole line (a kill right after it was created).
    """
    journal_dir = Path(journal_dir)
    if not journal_dir.is_dir():
        return []
    # A link is not a journal this desk wrote (they are read without following links): not offered.
    found = sorted(
        path
        for path in journal_dir.glob(f"*{JOURNAL_SUFFIX}")
        if not path.name.startswith(".") and path.is_file() and not path.is_symlink()
    )
    if history is None:
        return found
    pending = []
    for path in found:
        committed = history.get(path.stem)
        if committed is not None and len(committed.get("events", [])) >= len(read_journal(path)[0]):
            remove_journal(path)
        elif _never_written(path):
            remove_journal(path, durable=False)  # killed between its creation and its first line
        else:
            pending.append(path)
    return pending


def _never_written(path: Path) -> bool:
    """No whole line ever reached the journal: the call's `started` is its first line, so nothing
    typed can be in it. Offered for resume it would be a call with no start to resume or file."""
    return b"\n" not in read_nofollow(path)


def remove_journal(path: Path, *, durable: bool = True) -> None:
    """Unlink the journal and fsync its directory, so it cannot reappear after a power cut.
    `durable=False` after its call's record is durably filed: a journal a power cut brings back
    is then a leftover that pending_journals recognises and removes."""
    path = Path(path)
    try:
        path.unlink()
    except FileNotFoundError:
        return
    if durable:
        fsync_dir(path.parent)
