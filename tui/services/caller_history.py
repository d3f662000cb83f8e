"""The caller's history when the phone rings: the small caller index kept beside the history.

`look_up` answers from the index (one shard) and the queue's actions, never from the history
itself; `refresh` brings the index up to date with months that changed and `commit` files a call
and adds it to the index in one step. Blocking: front ends call them from a worker thread.
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


@dataclass(frozen=True)
class CallerLookup:
    caller: str  # E.164
    summary: CallerSummary
    text: str  # the banner's line, in the agent's language and zone
    fresh: bool  # False: the index lags the history (a refresh is due; the text may miss a call)


def _month_bounds(month: str) -> tuple[datetime, datetime]:
    year, number = int(month[:4]), int(month[5:7])
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=UTC)
    return start, end


class CallerHistory:
    def __init__(self, history: History, data_dir: Path, zone: str) -> None:
        self.history = history
        self.data_dir = Path(data_dir)
        self.zone = zone
        self.index = CallerIndex(history)
        self._lock = threading.Lock()  # refresh and commit both rewrite the index

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
