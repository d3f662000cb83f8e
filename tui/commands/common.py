"""What several commands share: the one-sentence error, and running under the desk lock."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class CommandError(Exception):
    """A plain sentence for stderr, with the exit code (1 runtime, 2 usage/config)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int) -> int:
    print(f"callcoach: {message}", file=sys.stderr)
    return code


@contextmanager
def desk_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data dir for one desk (desk, call, line mode); a second one is refused."""
    from tui.store.lock import DataDirLocked, DeskLock

    lock = DeskLock(data_dir)
    try:
        lock.acquire()
    except DataDirLocked as error:
        raise CommandError(str(error), 1) from None
    try:
        yield
    finally:
        lock.release()
