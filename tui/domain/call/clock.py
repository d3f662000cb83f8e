"""Injectable clocks: monotonic seconds for durations, UTC wall clock for timestamps."""

from __future__ import annotations

import time
from dataclasses import dataclass
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


@dataclass
class ManualClock:
    """A clock that moves only when told: for tests, snapshots and replay tooling."""

    mono: float = 1000.0
    wall: datetime = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.mono

    def now_utc(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += timedelta(seconds=seconds)
