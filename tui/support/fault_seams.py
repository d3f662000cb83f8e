"""Test-only fault seams: the fault tests (tests/faults) make the real program fail on purpose.

Each seam is switched on by an environment variable that only those tests set. Unset, a seam is
a set look-up where it stands (fail_at), or is never wired in: the CLI hands the store a write
function and the desk a clock from here only when the variable is set (`store_write_seam`,
`wrap_clock`); the store never imports this module.

- CALLCOACH_INJECT_FAULT=point[,point]: raise InjectedFault where the code calls fail_at(point):
  "note-submit" (the desk's Enter handler: a fault in a key handler), "file-call" (the worker that
  files a call: a fault in a worker it catches), "warm-up" (a start-up worker: a fault left to
  the app's one handler of worker errors), "cut-short-look" (the start-up worker that looks for
  cut-short calls, before --caller's call starts), "replay-load" (the replay's worker reading the call). The exception's message holds a marker string, so a test
  can prove the message never reaches the screen.
- CALLCOACH_FAULT_DISK_FULL_WHILE=PATH: while PATH exists, every store write (journal, history,
  outbox) fails with ENOSPC, as on a full disk; delete PATH and space "returns". The CLI installs
  it with tui.store.fsutil.use_write_function.
- CALLCOACH_FAULT_WALL_SHIFT_FILE=PATH: PATH holds a number of seconds added to the wall clock
  (e.g. -3600: the clock jumped back an hour); the monotonic clock is left alone.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

FAULT_ENV = "CALLCOACH_INJECT_FAULT"
DISK_FULL_ENV = "CALLCOACH_FAULT_DISK_FULL_WHILE"
WALL_SHIFT_ENV = "CALLCOACH_FAULT_WALL_SHIFT_FILE"
SECRET_MARKER = "injected-fault-detail"  # in every InjectedFault message; must never be shown

_POINTS = frozenset(filter(None, os.environ.get(FAULT_ENV, "").split(",")))


class InjectedFault(RuntimeError):
    """A deliberate bug, raised only when a test asked for it."""


def fail_at(point: str) -> None:
    if point in _POINTS:
        raise InjectedFault(f"{SECRET_MARKER} at {point}")


def disk_full_write(switch: str) -> Callable[[int, bytes], int]:
    """A write function for the store: os.write, or ENOSPC while the file `switch` exists."""

    def write(fd: int, data: bytes) -> int:
        if os.path.exists(switch):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(fd, data)

    return write


def store_write_seam() -> Callable[[int, bytes], int] | None:
    """The store's write function under the disk-full test's variable; None (os.write) without it."""
    switch = os.environ.get(DISK_FULL_ENV)
    return disk_full_write(switch) if switch else None


class Clock(Protocol):
    """tui.domain.call.clock.Clock, spelled here: the ground floor imports nothing above it."""

    def monotonic(self) -> float: ...

    def now_utc(self) -> datetime: ...


class WallShiftedClock:
    """Wraps a Clock: the wall clock moved by the seconds in a file, the monotonic clock untouched."""

    def __init__(self, clock: Clock, shift_file: str) -> None:
        self._clock = clock
        self._shift_file = shift_file

    def monotonic(self) -> float:
        return self._clock.monotonic()

    def now_utc(self) -> datetime:
        try:
            with open(self._shift_file, encoding="ascii") as handle:
                shift = float(handle.read().strip() or 0)
        except (OSError, ValueError):
            shift = 0.0
        return self._clock.now_utc() + timedelta(seconds=shift)


def wrap_clock(clock: Clock) -> Clock:
    """The clock itself, or (only under the test's variable) the same clock with a shifted wall."""
    shift_file = os.environ.get(WALL_SHIFT_ENV)
    return WallShiftedClock(clock, shift_file) if shift_file else clock
