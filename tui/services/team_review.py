"""The supervisor's screens on the team database: the same ReviewService, with the history, the
month index, comments and callback actions read from PostgreSQL (what this role may see).
`callcoach calls --local` and friends keep the plain ReviewService on this machine's data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tui.domain.call.replay import ReplayModel
from tui.domain.review.comments import new_comment
from tui.domain.review.history_rows import Filters
from tui.domain.review.team import AgentStats
from tui.services.flagging import flags_for, promise_states
from tui.services.review import CallNotFound, LoadedCall, ReviewService
from tui.services.sync import add_comment, sync_once
from tui.store.team.connection import TeamDatabaseError
from tui.store.team.reads import TeamReader

FIRST_PAGE = 500  # rows of the newest month shown before the rest of it arrives


class TeamIndex:
    """The history browser's month index, answered by the database (always fresh)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader

    def months(self) -> list[str]:
        return list(self.reader.months())

    def rows(self, month: str) -> list[dict]:
        return list(self.reader.rows(month))

    def cached(self, month: str) -> tuple[list[dict] | None, bool]:
        """The newest FIRST_PAGE rows at once (the screen's first frame), marked stale so the
        screen asks for the whole month next (rebuild)."""
        rows = list(self.reader.rows(month, limit=FIRST_PAGE))
        return rows, len(rows) < FIRST_PAGE

    def rebuild(self, month: str, previous: list[dict]) -> list[dict]:
        return self.rows(month)


class TeamComments:
    """Comments on a call: the team database's, and this machine's not yet pushed."""

    def __init__(self, reader: Any, local: Any) -> None:
        self.reader = reader
        self.local = local

    def for_call(self, call_id: str) -> list[dict]:
        merged = {comment["id"]: comment for comment in self.reader.comments(call_id)}
        for comment in self.local.for_call(call_id):
            merged.setdefault(comment["id"], comment)
        return sorted(merged.values(), key=lambda c: (c["t"], c["created_at"]))


@dataclass
class TeamReviewService(ReviewService):
    reader: Any = field(default=None)

    def __post_init__(self) -> None:
        super().__post_init__()
        assert self.config is not None and self.config.team_database is not None
        if self.reader is None:
            self.reader = TeamReader(self.config.team_database)
        self.reviews = TeamComments(self.reader, self.reviews)  # type: ignore[assignment]

    def close(self) -> None:
        """The reader's connections, when the screens are done with them."""
        self.reader.close()

    def latest_id(self) -> str | None:
        return self.reader.latest_id()  # type: ignore[no-any-return]

    def load_call(self, call_id: str) -> LoadedCall:
        record = self.reader.call(call_id)
        if record is None:
            raise CallNotFound(call_id)
        uids = [event["uid"] for event in record.get("events", ()) if event.get("type") == "callback" and event.get("uid")]
        actions = self.reader.actions_for(uids)
        flags = flags_for(record, self.now(), actions)
        promises = promise_states(record, self.now(), actions)
        return LoadedCall(record, flags, self.reviews.for_call(call_id), ReplayModel(record["events"]), promises)

    def call_index(self) -> TeamIndex:  # type: ignore[override]
        return TeamIndex(self.reader)

    def history_page(self, filters: Filters, limit: int, after: str | None = None) -> Iterator[list[dict]]:
        """The history's rows matching `filters`, newest first, answered by the database a page at
        a time and a month at a time (the team history never reads a million calls into the screen)."""
        return self.reader.page_by_month(filters, limit, after)  # type: ignore[no-any-return]

    def team_view(self, filters: Filters) -> tuple[list[AgentStats], tuple[float, float] | None]:
        """Every agent compared over all the calls matching `filters` (the whole team first), added
        up by the database; and the first and last call's start (None: no calls)."""
        from tui.domain.review.history_rows import now_epoch
        from tui.domain.review.team import team_stats_of_counts
        from tui.services.flagging import playbook_for
        from tui.support.locations import available_playbooks

        keys = [step.key for key in available_playbooks() for step in playbook_for(key).steps]
        groups = self.reader.team_groups(filters, now_epoch(self.now()), keys)
        span = (min(group.first for group in groups), max(group.last for group in groups)) if groups else None
        return team_stats_of_counts(groups), span

    def history_agents(self) -> list[str]:
        """Every agent with calls this role may see, for the history's agent filter."""
        return self.reader.agents()  # type: ignore[no-any-return]

    def queue_actions(self) -> list[dict]:
        return self.reader.actions()  # type: ignore[no-any-return]

    def add_comment(self, call_id: str, t: float, text: str) -> dict:
        """Kept here and in the outbox first, then pushed at once when the database answers."""
        assert self.config is not None
        comment = new_comment(call_id, self.author, t, text, self.now())
        record = self.reader.call(call_id) or {}
        add_comment(self.config, self.data_dir, comment, agent=record.get("agent", ""))
        try:
            sync_once(self.config, self.data_dir, pull=False)
        except TeamDatabaseError:
            pass  # it waits in the outbox; `callcoach sync` or the next comment pushes it
        return comment
