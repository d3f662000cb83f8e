"""The data directory: its layout, created private (0700), and proven writable up front.

Every entry of the data directory is named here and nowhere else; a store asks for its folder or
file and keeps only the layout inside it (history/<month>.json, journal/<call-id>.jsonl,
sync/outbox/...). A desk that finds out at the end of a call that it cannot save would lose the
call, so `prepare_data_dir` makes a real write in every directory before the desk starts.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from tui.store.fsutil import link_sentence, make_private_dir, open_nofollow

SUBDIRS = ("journal", "history", "outbox", "quarantine")


class DataDirError(Exception):
    """The data directory cannot be used; str() is one plain sentence saying what to do."""


def _entry(*parts: str) -> Callable[[Path], Path]:
    """The function that gives the path of `parts` inside a data directory."""

    def path(data_dir: Path) -> Path:
        return Path(data_dir).joinpath(*parts)

    return path


# The layout, an entry a line: every path a store uses inside the data directory.
lock_path = _entry("desk.lock")  # one running desk per data directory (tui.store.lock)
index_dir = _entry("index")  # derived caches, safe to delete (the month index, the months found whole)
verified_months_path = _entry("index", "verified.json")  # the history months already found whole, by their file stamps
reviews_path = _entry("reviews", "comments.jsonl")  # the supervisors' comments on calls
actions_path = _entry("callbacks", "actions.jsonl")  # what became of callback commitments (kept, rescheduled, cancelled)
sync_dir = _entry("sync")  # what waits to be pushed to the team database, and this machine's sync state
journal_dir = _entry("journal")  # one file per live or cut-short call
history_dir = _entry("history")  # the filed calls, a file per month
IMPORT_INTENT = "import-intent.json"  # in history/: an import past its commit point (tui.store.history_import)
outbox_dir = _entry("outbox")  # callback invites (.ics) and their e-mails (.eml)
quarantine_dir = _entry("quarantine")  # damaged files set aside whole, never deleted
phone_socket_path = _entry("phone.sock")  # where the running desk listens for `callcoach event` (a Unix socket, 0600)
caller_index_dir = _entry("index", "callers")  # the caller index (tui.store.caller_index), derived from the history: safe to delete


def prepare_data_dir(path: Path) -> Path:
    """Create the data directory and its subdirectories (0700) and prove each one writable, then
    make an import killed past its commit point whole.

    Returns the absolute path. Raises DataDirError when it is not a directory, cannot be created,
    or cannot be written (read-only file system, permission denied, disk full).
    """
    root = make_data_dir(path)
    finish_interrupted_import(root)
    return root


def make_data_dir(path: Path) -> Path:
    """prepare_data_dir's disk work alone, which imports nothing: the CLI runs it on a thread
    beside the main thread's imports. Two threads importing at once can deadlock in CPython 3.11
    (a submodule's lock held while its package is imported: _DeadlockError), so everything that
    imports stays on the main thread (finish_interrupted_import)."""
    root = Path(path).expanduser().absolute()
    refuse_links(root)
    for directory in (root, *(root / name for name in SUBDIRS)):
        try:
            make_private_dir(directory)
            if not directory.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(directory))
            _probe_write(directory)
        except OSError as error:
            raise DataDirError(_explain(root, directory, error)) from None
    return root


def finish_interrupted_import(root: Path) -> None:
    """An import killed past its commit point is made whole before anything reads the history."""
    if not (history_dir(root) / IMPORT_INTENT).exists():
        return  # as nearly always: the history's modules (TinyDB) are not the desk's first frame
    # Not at the top: history_import builds on this module's paths, so importing it first would be a cycle.
    from tui.store.history_import import finish_interrupted_import as finish

    finish(root)


def refuse_links(root: Path) -> None:
    """A link anywhere inside the data directory stops the start with one sentence naming it: the
    desk would write, chmod or move what it points at. (The directory itself may be a link the
    user chose; what is inside it is callcoach's.)"""
    folders = [root] if root.is_dir() else []
    while folders:  # scandir knows links from the directory entry: no stat per file
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    raise DataDirError(link_sentence(entry.path))
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))


def _probe_write(directory: Path) -> None:
    """Create, write, fsync and remove a small file: the only honest test of "can we save here"."""
    probe = directory / f".probe-{os.getpid()}"
    try:
        os.unlink(probe)  # a stale probe, or a link someone planted under its name
    except FileNotFoundError:
        pass
    fd = open_nofollow(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        os.write(fd, b"probe\n")
        os.fsync(fd)
    finally:
        os.close(fd)
        try:
            os.unlink(probe)
        except FileNotFoundError:
            pass


def _explain(root: Path, directory: Path, error: OSError) -> str:
    where = f"the data directory {root}" if directory == root else f"{directory} in the data directory"
    fix = "choose another one with --data-dir or CALLCOACH_DATA_DIR"
    code = error.errno
    if code in (errno.ENOTDIR, errno.EEXIST):
        return f"Cannot use {where}: it (or a folder above it) is a file, not a directory; {fix}."
    if code == errno.EROFS:
        return f"Cannot save to {where}: the file system is read-only; {fix}."
    if code in (errno.EACCES, errno.EPERM):
        return f"Cannot save to {where}: permission denied; fix its permissions or {fix}."
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"Cannot save to {where}: the disk is full; free some space or {fix}."
    reason = os.strerror(code) if code else "it cannot be written"
    return f"Cannot save to {where} ({reason}); {fix}."
