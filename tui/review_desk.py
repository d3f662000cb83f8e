"""Wiring for supervisors (history, replay, team view): read-only history, comments, the clock.

Methods that touch the disk block; the Textual screens call them from worker threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .domain.clock import Clock
from .domain.comments import new_comment
from .domain.replay import ReplayModel
from .domain.review import Flag
from .reviewing import flags_for, queue_actions
from .store.history import History
from .store.reviews import ReviewStore


class CallNotFound(LookupError):
    pass


@dataclass
class LoadedCall:
    record: dict
    flags: list[Flag]
    comments: list[dict]
    model: ReplayModel     # built here, off the event loop: folding 5,000 events takes a while


@dataclass
class ReviewDesk:
    data_dir: Path
    zone: str                 # the viewer's time zone
    author: str               # the supervisor, for comments
    clock: Clock
    history: History = field(init=False)
    reviews: ReviewStore = field(init=False)

    def __post_init__(self) -> None:
        self.history = History(self.data_dir, read_only=True)
        self.reviews = ReviewStore(self.data_dir)

    def now(self) -> datetime:
        return self.clock.now_utc()

    def latest_id(self) -> str | None:
        return next((call["id"] for call in self.history.calls()), None)

    def load_call(self, call_id: str) -> LoadedCall:
        record = self.history.get(call_id)
        if record is None:
            raise CallNotFound(call_id)
        flags = flags_for(record, self.now(), queue_actions(self.data_dir))
        return LoadedCall(record, flags, self.reviews.for_call(call_id), ReplayModel(record["events"]))

    def add_comment(self, call_id: str, t: float, text: str) -> dict:
        comment = new_comment(call_id, self.author, t, text, self.now())
        self.reviews.add([comment])
        return comment
