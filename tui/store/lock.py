"""One desk per data directory: an flock on desk.lock, with the holder's pid written inside.

flock is released by the kernel when the holder dies, even by SIGKILL, so a stale lock file never
blocks the next desk. The file itself is never deleted: unlinking a lock file lets two processes
each lock a different inode. Readers (export, replay) never take this lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from tui.store.datadir import lock_path
from tui.store.fsutil import open_nofollow


class DataDirLocked(Exception):
    """Another running desk holds the data directory."""

    def __init__(self, data_dir: Path, pid: int | None) -> None:
        self.data_dir = data_dir
        self.pid = pid
        holder = f"Another desk (pid {pid})" if pid else "Another desk"
        super().__init__(f"{holder} is using {data_dir}; close it first, or pass --data-dir to use another directory.")


class DeskLock:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = lock_path(self.data_dir)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise DataDirLocked naming the holder's pid. Idempotent once held."""
        if self._fd is not None:
            return
        # O_CLOEXEC (Python's default) keeps child processes such as an editor from inheriting it.
        fd = open_nofollow(self.path, os.O_RDWR | os.O_CREAT)  # a link to a file elsewhere is refused, never emptied
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            raise DataDirLocked(self.data_dir, holder) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # the pid is only for the message; holding the lock is what matters
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> DeskLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None
