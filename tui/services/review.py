"""What the supervisor's screens may call: the history read-only, a call loaded with its flags and
comments, the month index, comments added (to the sync outbox too with a team database). How a
call is judged is in tui.services.flagging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui.config.settings import Config
from tui.domain.call.clock import Clock
from tui.domain.call.replay import ReplayModel
from tui.domain.call.schema import call_damage
from tui.domain.review.comments import new_comment
from tui.domain.review.flags import Flag
from tui.services.flagging import flags_for, history_row, promise_states
from tui.services.sync import add_comment
from tui.store.call_index import CallIndex
from tui.store.callback_actions import read_actions
from tui.store.history import History
from tui.store.reviews import ReviewStore


def queue_actions(data_dir: Path) -> list[dict]:
    """The callback queue's actions (kept, rescheduled, cancelled); none when they cannot be read."""
    try:
        return list(read_actions(data_dir))
    except (OSError, ValueError):
        return []


class CallNotFound(LookupError):
    pass


class CallDamaged(CallNotFound):
    """The call is on file but cannot be read as a call: args are (call id, why)."""

    @property
    def problem(self) -> str:
        return str(self.args[1])


@dataclass
class LoadedCall:
    record: dict
    flags: list[Flag]
    comments: list[dict]
    model: ReplayModel  # built here, off the event loop: folding 5,000 events takes a while
    promises: dict[str, str] = field(default_factory=dict)  # invite UID -> its state now (promise_states)


@dataclass
class ReviewService:
    """What the supervisor's screens may call: read-only history, comments, the month index, the clock."""

    data_dir: Path
    zone: str  # the viewer's time zone
    author: str  # the supervisor, for comments
    clock: Clock
    config: Config | None = None  # with a team database: comments go to the sync outbox too
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
        problem = call_damage(record)
        if problem is not None:
            raise CallDamaged(call_id, problem)
        actions = queue_actions(self.data_dir)
        flags = flags_for(record, self.now(), actions, checked=True)
        promises = promise_states(record, self.now(), actions)
        return LoadedCall(record, flags, self.reviews.for_call(call_id), ReplayModel(record["events"]), promises)

    def queue_actions(self) -> list[dict]:
        """The callback actions the history's Callback column and the team view judge by."""
        return queue_actions(self.data_dir)

    def call_index(self) -> CallIndex:
        """The derived month index the history browser and team view read."""
        return CallIndex(self.data_dir, history_row)

    def add_comment(self, call_id: str, t: float, text: str) -> dict:
        comment = new_comment(call_id, self.author, t, text, self.now())
        if self.config is None or self.config.team_database is None:
            self.reviews.add([comment])
            return comment
        record = self.history.get(call_id)
        add_comment(self.config, self.data_dir, comment, agent=(record or {}).get("agent", ""))
        return comment
