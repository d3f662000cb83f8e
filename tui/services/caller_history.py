"""The caller's history when the phone rings: the small caller index kept beside the history.

`look_up` answers from the index (one shard) and the queue's actions, never from the history
itself; `refresh` brings the index up to date with months that changed and `commit` files a call
and adds it to the index in one step. With a team database, `look_up_team` answers from the team's
calls (callcoach.caller_history(): counts, dates, outcomes and promises, never notes). Blocking:
front ends call them from a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.store.caller_index import CallerIndex, month_stamp
from tui.store.history import History, partition_key

if TYPE_CHECKING:
    from tui.domain.review.caller_history import CallerSummary
    from tui.store.team.reads import CallerReader


@dataclass(frozen=True)
class CallerLookup:
    caller: str  # E.164
    summary: CallerSummary
    text: str  # the banner's line, in the agent's language and zone
    fresh: bool  # False: the index lags the history (a refresh is due; the text may miss a call)
    team: bool = False  # from the team database's calls, not only this machine's


class TeamUnavailable(RuntimeError):
    """The team database did not answer the look-up; str() is its sentence."""


def _month_bounds(month: str) -> tuple[datetime, datetime]:
    year, number = int(month[:4]), int(month[5:7])
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=UTC)
    return start, end


class CallerHistory:
    FEW_WAITING = 20  # waiting calls of one month looked up one by one; more: the month read once

    def __init__(self, history: History, data_dir: Path, zone: str, team_database: str | None = None) -> None:
        self.history = history
        self.data_dir = Path(data_dir)
        self.zone = zone
        self.index = CallerIndex(history)
        self._lock = threading.Lock()  # refresh and commit both rewrite the index
        self.team_database = team_database
        self._team: CallerReader | None = None

    def look_up_team(self, caller: str, now: datetime) -> CallerLookup:
        """The team's calls from `caller` (E.164), with this machine's calls from it that wait to be
        pushed (filed here while the database was away, or a moment ago): each call counted once,
        pushed or not. Raises TeamUnavailable; only with a team database."""
        # Lazy: only with a team database, and the review's modules as in look_up below.
        from tui.domain.review.caller_history import summarize, summary_text
        from tui.domain.review.history_rows import action_index
        from tui.store.team.connection import TeamDatabaseError
        from tui.store.team.reads import CallerReader

        assert self.team_database is not None
        if self._team is None:
            self._team = CallerReader(self.team_database)
        waiting = self._waiting_calls(caller)
        try:
            found = self._team.caller_history(caller, [entry["id"] for entry in waiting])
        except TeamDatabaseError as error:
            raise TeamUnavailable(str(error)) from None
        months = [{"n": int(found.get("n") or 0), "last": found.get("last"), "cbs": list(found.get("cbs") or [])}]
        pushed = set(found.get("pushed") or ())  # stored meanwhile: the team's answer has them already
        unpushed = [entry for entry in waiting if entry["id"] not in pushed]
        if unpushed:
            newest = max(unpushed, key=lambda entry: (entry["start"], entry["id"]))
            months.append({"n": len(unpushed), "last": newest, "cbs": [entry for entry in unpushed if entry["cb"]]})
        actions = [*(found.get("actions") or []), *(self._actions() if unpushed else [])]
        summary = summarize(months, action_index(actions), now.timestamp())
        return CallerLookup(caller, summary, summary_text(summary, self.zone), True, team=True)

    def _waiting_calls(self, caller: str) -> list[dict]:
        """This machine's calls from `caller` still in the sync outbox, as caller entries. Nothing
        to read when the caller index knows no call from the number (it learns each call as it is
        filed); a few waiting calls of a month are found among its last lines, many (the first
        sync's backfill) by reading the month once."""
        from tui.domain.review.caller_history import caller_entry  # lazy, as in look_up
        from tui.store.history import partition_of_call_id
        from tui.store.team.outbox import SyncOutbox

        known, fresh = self.index.lookup(caller)
        if fresh and not known:
            return []
        by_month: dict[str, set[str]] = {}
        try:
            for record in SyncOutbox(self.data_dir).waiting():
                call_id = str(record.payload.get("id")) if record.kind == "call" else ""
                by_month.setdefault(partition_of_call_id(call_id) or "", set()).add(call_id)
            records: list[dict | None] = []
            for month, ids in by_month.items():
                if len(ids) <= self.FEW_WAITING or not month:
                    records += [self.history.get(call_id) for call_id in ids if call_id]
                else:
                    records += [record for record in self.history.calls(*_month_bounds(month)) if record.get("id") in ids]
        except (OSError, ValueError):
            return []  # the team's answer alone, as before the outbox was read
        entries = [caller_entry(record) for record in records if record is not None and record.get("caller") == caller]
        return [entry for entry in entries if entry is not None]

    def close(self) -> None:
        """The desk closes: the team connection, if one was made."""
        if self._team is not None:
            self._team.close()

    def look_up(self, caller: str, now: datetime) -> CallerLookup:
        # Imported on the first ring, not with the desk: the callback windows cost ~20 ms to import.
        from tui.domain.review.caller_history import summarize, summary_text
        from tui.domain.review.history_rows import action_index

        months, fresh = self.index.lookup(caller)
        actions = action_index(self._actions()) if any(month.get("cbs") for month in months) else {}
        summary = summarize(months, actions, now.timestamp())
        return CallerLookup(caller, summary, summary_text(summary, self.zone), fresh)

    def _actions(self) -> list[dict]:
        from tui.store.callback_actions import read_actions  # lazy, as in look_up

        try:
            return list(read_actions(self.data_dir))
        except (OSError, ValueError):
            return []  # an unreadable queue file: the promise is judged on its window alone

    def refresh(self) -> list[str]:
        """Rebuild the months that changed since they were indexed; the months rebuilt. Also
        loads what a look-up needs, so the first ring does not pay for it."""
        import tui.domain.review.caller_history  # noqa: F401  (warm, off the ring's path)
        import tui.store.callback_actions  # noqa: F401

        with self._lock:
            return self.index.refresh(self._entries_of_month)

    def _entries_of_month(self, month: str) -> Iterator[tuple[str, dict]]:
        from tui.domain.review.caller_history import caller_entry  # lazy, as in look_up

        for record in self.history.calls(*_month_bounds(month)):
            entry = caller_entry(record)
            if entry is not None:
                yield record["caller"], entry

    @contextmanager
    def commit(self, record: dict) -> Iterator[None]:
        """Around the history's commit of `record`: the index learns the call at once."""
        with self._lock:
            try:
                month = partition_key(datetime.fromisoformat(record["started_at"]))
            except (KeyError, TypeError, ValueError):
                yield  # the history refuses it with its own message
                return
            before = month_stamp(self.history, month)
            yield
            from tui.domain.review.caller_history import caller_entry  # lazy, as in look_up

            entry = caller_entry(record)
            if entry is not None:
                try:
                    self.index.add(record["caller"], entry, month, before)
                except OSError:
                    pass  # only an index: the next refresh rebuilds the month
