"""Injectable clocks: monotonic seconds for durations, UTC wall clock for timestamps."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now_utc(self) -> datetime: ...


class SystemClock:
    """The real clocks. Durations never come from the wall clock, which can jump (NTP, DST, hand)."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now_utc(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told: for tests, snapshots and replay tooling. A plain class:
    this module is read before the desk's first frame, where a dataclass costs (frozen_record.py)."""

    def __init__(self, mono: float = 1000.0, wall: datetime = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)) -> None:
        self.mono = mono
        self.wall = wall

    def __repr__(self) -> str:
        return f"ManualClock(mono={self.mono!r}, wall={self.wall!r})"

    def monotonic(self) -> float:
        return self.mono

    def now_utc(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += timedelta(seconds=seconds)
