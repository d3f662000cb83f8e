"""Small file-system helpers shared by the store: private modes, directory fsync, no-overwrite moves,
and opening without following links.

Every store write goes through `store_write`, which is os.write unless the CLI installed another
write function (`use_write_function`): that is how a fault test's disk-full seam reaches the store
without the store importing any test seam.

A link where a callcoach file should be is never followed (issue 15): on a shared machine a link
planted in the data directory would make the desk truncate, append to, chmod or move someone
else's file. Files are opened with O_NOFOLLOW, modes are set on the open file, hard links are
made of the link itself; the data directory is searched for links at start (tui.store.datadir).
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700

WriteFn = Callable[[int, bytes], int]
_write: WriteFn = os.write


def use_write_function(write: WriteFn | None) -> None:
    """Route every store write through `write` (None: os.write again). Only the CLI calls this, to
    wire in a fault test's seam when that test's environment variable is set."""
    global _write
    _write = write or os.write


def store_write(fd: int, data: bytes) -> int:
    """os.write, or the write function the CLI installed (looked up at each call)."""
    return _write(fd, data)


class LinkRefused(OSError):
    """A symbolic link where a callcoach file should be: refused, never followed."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.ELOOP, "a link, which callcoach never follows", str(path))
        self.path = Path(path)

    def sentence(self) -> str:
        return link_sentence(self.path)


def link_sentence(path: Path | str) -> str:
    return (
        f"{path} is a link, and callcoach never follows links in its data directory; put the real file or folder there, or remove the link."
    )


def open_nofollow(path: Path | str, flags: int, mode: int = FILE_MODE) -> int:
    """os.open with O_NOFOLLOW (and O_CLOEXEC); a link at `path` raises LinkRefused."""
    try:
        return os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LinkRefused(path) from None
        raise


def read_nofollow(path: Path | str) -> bytes:
    """The whole file, read without following a link (FileNotFoundError when there is none)."""
    fd = open_nofollow(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def chmod_nofollow(path: Path | str, mode: int = FILE_MODE) -> None:
    """Set a file's mode through an fd opened without following links: os.chmod would change the
    mode of whatever a link points at."""
    fd = open_nofollow(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def make_private_dir(path: Path) -> bool:
    """Create `path` (and missing parents) as 0700 directories; True when `path` itself was created.

    Only directories we create get their mode forced: an existing directory the user pointed us at
    is theirs to set up.
    """
    if path.is_dir():
        return False
    parent = path.parent
    if parent != path and not parent.exists():
        make_private_dir(parent)
    try:
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if path.is_dir():
            return False  # another process made it between our check and mkdir
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a directory", str(path)) from None
    # mkdir's mode is cut by the umask; chmod makes it exactly 0700 whatever the umask was.
    os.chmod(path, DIR_MODE)
    fsync_dir(parent)  # the new entry itself must survive a power cut, like the files inside it
    return True


def fsync_dir(path: Path) -> None:
    """Make a create, rename or unlink inside `path` durable (the entry lives in the directory)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes, write_fn: WriteFn = store_write) -> None:
    """os.write may write less than asked (signals, nearly full disks): loop until all is written."""
    done = 0
    while done < len(data):
        written = write_fn(fd, data[done:] if done else data)  # the rest copied only after a short write
        if written <= 0:
            raise OSError(errno.EIO, "write returned no progress")
        done += written


def move_aside(source: Path, target_dir: Path, name: str) -> Path:
    """Move `source` into `target_dir` as `name` (or `name.1`, `name.2`...), never replacing a file.

    A hard link fails if the target exists, so nothing already set aside can be overwritten; the
    source is unlinked only once the link is in place. Both directories are fsynced.
    """
    for attempt in range(1000):
        target = target_dir / (name if attempt == 0 else f"{name}.{attempt}")
        try:
            os.link(source, target, follow_symlinks=False)  # a link is moved as a link, never its target
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            # No hard links here: a rename after an existence check (we hold the desk lock).
            if target.exists():
                continue
            os.rename(source, target)
            break
        else:
            os.unlink(source)
            break
    else:
        raise FileExistsError(errno.EEXIST, "no free name to move a file aside", str(target_dir))
    fsync_dir(target_dir)
    fsync_dir(source.parent)
    return target


def atomic_write(path: Path, data: bytes) -> None:
    directory = path.parent
    make_private_dir(directory)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, FILE_MODE)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(directory)  # the rename itself must survive a crash


def open_locked_for_append(path: Path) -> int:
    """An O_APPEND fd on `path` (created 0600), holding its flock, and still the file at `path`.

    A jsonl file rewritten whole (retention, tui.store.retention.drop_lines) is replaced under the
    same flock: an appender that was waiting for it then holds the old, unlinked file, so it opens
    the path again rather than append a line nobody will read.
    """
    while True:
        fd = open_nofollow(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)  # RDWR: to read the last byte
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
