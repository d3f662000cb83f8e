"""The history browser (`callcoach calls`): every filed call, newest month first, filtered as you type.

Rows come from the derived month index (tui.store.call_index), read in a worker newest month first,
so the first rows show while older months still load; only the rows in view are drawn. Typing
filters on note text, agent and caller; F-keys filter by date, outcome, flags and overdue callbacks
and sort by any column; Enter replays the call under the cursor.
"""

from __future__ import annotations

import gc
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

import tui.domain.call.events as ev
from tui.app.actions import bindings
from tui.app.review.ask_text import AskTextScreen
from tui.app.widgets.call_table import CallTable, column_title
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.status_line import StatusLine
from tui.config.keys import HISTORY_ACTIONS
from tui.domain.review.history_rows import (
    SORT_COLUMNS,
    Filters,
    action_index,
    filter_rows,
    matches,
    narrows,
    now_epoch,
    parse_date_range,
    sort_key,
    with_status,
)
from tui.services.review import CallNotFound, LoadedCall, ReviewService
from tui.support.i18n import _

OUTCOME_CYCLE = ("",) + ev.OUTCOMES
CATEGORY_CYCLE = ("",) + ev.CATEGORIES


class CallsScreen(Screen[None]):
    BINDINGS = bindings(HISTORY_ACTIONS)

    def __init__(self, review: ReviewService) -> None:
        super().__init__()
        self.review = review
        self.all_rows: list[dict[str, Any]] = []
        self._by_month: dict[str, list[dict[str, Any]]] = {}  # newest month first, as read
        self.filters = Filters()
        self.reading = True  # months still being read (not `loading`: that is Textual's overlay)
        self.months_total = 0
        self.months_loaded = 0
        self.prefetched: LoadedCall | None = None  # the call under the cursor, read ahead for Enter
        self._prefetch_timer: Timer | None = None
        self._last: tuple[Filters, list[dict[str, Any]]] | None = None  # the last filter and what it matched

    def compose(self) -> ComposeResult:
        yield Static(id="calls-title")
        yield Input(placeholder=_("Type to filter: note text, agent, caller"), id="filter")
        yield CallTable(self.review.zone, id="table")
        yield StatusLine(id="status")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.query_one("#filter", Input).focus()
        self._title()
        self.load_rows()

    # -- loading -------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="calls-load", exclusive=True)
    def load_rows(self) -> None:
        index = self.review.call_index()
        months = index.months()
        actions = action_index(self.review.queue_actions())
        now = now_epoch(self.review.now())
        self.app.call_from_thread(self._months_found, len(months))
        for month in months:
            rows, fresh = index.cached(month)
            if rows and not fresh:
                # Calls filed since the index was written (the everyday case): their rows join at
                # once, so the first rows show them; the index file is written once all are shown.
                caught_up = index.catch_up(month, rows)
                if caught_up is not None:
                    rows, fresh = caught_up, True
            if rows and not fresh:
                # The month file itself changed (folded, imported, calls removed): show the rows we
                # have at once, then the month re-read (only calls changed since are summarised).
                self.app.call_from_thread(self._add_rows, [with_status(row, actions, now) for row in rows], month)
                rows = index.rebuild(month, rows)
                self.app.call_from_thread(self._replace_month, month, [with_status(row, actions, now) for row in rows])
                continue
            if rows is None or not fresh:
                rows = index.rebuild(month, [])
            self.app.call_from_thread(self._add_rows, [with_status(row, actions, now) for row in rows], month)
        self.app.call_from_thread(self._loaded)
        index.save_caught_up()

    def _months_found(self, count: int) -> None:
        self.months_total = count
        if not count:
            self._loaded()

    def _add_rows(self, rows: list[dict[str, Any]], month: str = "") -> None:
        self._by_month[month] = rows
        self.all_rows.extend(rows)
        self.months_loaded += 1
        table = self.query_one(CallTable)
        if table.sort_column == "start" and table.descending:
            # Months arrive newest first, each sorted: appending keeps the order, no re-sort.
            fresh = [row for row in rows if matches(row, self.filters)] if self.filters.active else rows
            table.set_rows(table.rows + fresh, keep=table.current["id"] if table.current else None)
        else:
            self.refilter()
        self._title()
        if self.months_loaded == 1:
            self._schedule_prefetch()
        self.rows_shown()

    def _replace_month(self, month: str, rows: list[dict[str, Any]]) -> None:
        """A month re-read after its stale rows were shown: swap them, keep filters and cursor."""
        self._by_month[month] = rows
        self.all_rows = [row for rows_of_month in self._by_month.values() for row in rows_of_month]
        self._last = None
        self.refilter()

    def _loaded(self) -> None:
        self.reading = False
        self._title()
        # 100,000 row dicts make every full garbage collection a visible pause; they live as long
        # as the browser does, so move them out of the collector's sight (as the desk does).
        gc.freeze()

    def rows_shown(self) -> None:
        """Hook for tests and the bench: rows reached the table."""

    # -- filtering and sorting ---------------------------------------------------------------------

    def refilter(self) -> None:
        table = self.query_one(CallTable)
        keep = table.current["id"] if table.current else None
        last = self._last
        if last is not None and not self.reading and narrows(last[0], self.filters):
            rows = filter_rows(last[1], self.filters)  # typing on: search what matched so far
        else:
            rows = filter_rows(self.all_rows, self.filters)
        self._last = (self.filters, rows) if not self.reading else None
        if not (table.sort_column == "start" and table.descending):
            rows = sorted(rows, key=sort_key(table.sort_column), reverse=table.descending)
        table.set_rows(rows, keep)
        self._title()
        self._schedule_prefetch()

    def _title(self) -> None:
        table = self.query_one(CallTable)
        parts = [self._count_text()]
        if self.reading and self.months_total:
            parts.append(_("loading month {month} of {months}").format(month=self.months_loaded + 1, months=self.months_total))
        f = self.filters
        if f.since or f.until:
            parts.append(_("dates {since} to {until}").format(since=self._day(f.since) or "…", until=self._day(f.until, end=True) or "…"))
        if f.outcome:
            parts.append(_("outcome {outcome}").format(outcome=_(ev.OUTCOME_LABELS[f.outcome])))
        if f.category:
            parts.append(_("category {category}").format(category=_(ev.CATEGORY_LABELS[f.category])))
        if f.agent:
            parts.append(_("agent {agent}").format(agent=f.agent))
        if f.flagged:
            parts.append(_("flagged only"))
        if f.overdue:
            parts.append(_("overdue callbacks"))
        parts.append(_("sorted by {column}").format(column=column_title(table.sort_column)) + (" ▼" if table.descending else " ▲"))
        self.query_one("#calls-title", Static).update(" · ".join(parts))

    def _count_text(self) -> str:
        shown = len(self.query_one(CallTable).rows)
        return _("{shown} of {total} calls").format(shown=f"{shown:,}", total=f"{len(self.all_rows):,}")

    def _day(self, epoch: float | None, end: bool = False) -> str:
        if epoch is None:
            return ""
        moment = datetime.fromtimestamp(epoch, ZoneInfo(self.review.zone)) - (timedelta(days=1) if end else timedelta())
        return f"{moment:%Y-%m-%d}"

    def _set(self, **changes: object) -> None:
        self.filters = Filters(**{**self.filters.__dict__, **changes})
        self.refilter()

    @on(Input.Changed, "#filter")
    def typed(self, event: Input.Changed) -> None:
        self._set(text=event.value.strip())

    def action_clear(self) -> None:
        self.query_one("#filter", Input).value = ""

    def action_outcome(self) -> None:
        index = OUTCOME_CYCLE.index(self.filters.outcome)
        self._set(outcome=OUTCOME_CYCLE[(index + 1) % len(OUTCOME_CYCLE)])

    def action_category(self) -> None:
        index = CATEGORY_CYCLE.index(self.filters.category)
        self._set(category=CATEGORY_CYCLE[(index + 1) % len(CATEGORY_CYCLE)])

    def action_agent(self) -> None:
        """The next agent among the calls read (by name), then every agent again."""
        agents = ["", *sorted(self._agents(), key=str.casefold)]
        index = agents.index(self.filters.agent) if self.filters.agent in agents else 0
        self._set(agent=agents[(index + 1) % len(agents)])

    def _agents(self) -> set[str]:
        return {row["agent"] for row in self.all_rows if row["agent"]}

    def action_flagged(self) -> None:
        self._set(flagged=not self.filters.flagged)

    def action_overdue(self) -> None:
        self._set(overdue=not self.filters.overdue)

    def action_sort(self) -> None:
        table = self.query_one(CallTable)
        table.sort_column = SORT_COLUMNS[(SORT_COLUMNS.index(table.sort_column) + 1) % len(SORT_COLUMNS)]
        table.descending = table.sort_column in ("start", "duration", "flags", "acw")  # the most first
        self.refilter()

    def action_reverse(self) -> None:
        table = self.query_one(CallTable)
        table.descending = not table.descending
        self.refilter()

    def action_reveal(self) -> None:
        table = self.query_one(CallTable)
        table.reveal = not table.reveal
        table.refresh()
        self.query_one(StatusLine).say(_("Callers' full numbers shown.") if table.reveal else _("Callers shown by their last four digits."))

    def action_dates(self) -> None:
        self.app.push_screen(
            AskTextScreen(
                _("Dates: FROM TO (YYYY-MM-DD, either may be -), or 7d / 30d for the last days; empty clears."),
                "2026-11-01 2026-11-30",
                self.parse_dates,
            ),
            self._dates_chosen,
        )

    def parse_dates(self, text: str) -> tuple[float | None, float | None]:
        return parse_date_range(text, self.review.zone, self.review.now())

    def _dates_chosen(self, bounds: tuple[float | None, float | None] | None) -> None:
        if bounds is not None:
            self._set(since=bounds[0], until=bounds[1])

    # -- moving and opening -----------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.query_one(CallTable).move(int(delta))
        self._schedule_prefetch()

    def action_page(self, direction: int) -> None:
        self.query_one(CallTable).page(int(direction))
        self._schedule_prefetch()

    def on_screen_resume(self) -> None:
        # Back from a replay: comments may have been added, so read the call again when needed.
        self.prefetched = None
        if self.all_rows:
            self._schedule_prefetch()

    def _schedule_prefetch(self) -> None:
        """Read the call under the cursor once the cursor rests, so Enter opens it at once."""
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(0.15, self._prefetch_now)

    def _prefetch_now(self) -> None:
        current = self.query_one(CallTable).current
        if current is not None and (self.prefetched is None or self.prefetched.record["id"] != current["id"]):
            self.prefetch(current["id"])

    @work(thread=True, exit_on_error=False, group="calls-prefetch", exclusive=True)
    def prefetch(self, call_id: str) -> None:
        try:
            loaded = self.review.load_call(call_id)
        except CallNotFound:
            return
        self.app.call_from_thread(setattr, self, "prefetched", loaded)

    def action_open(self) -> None:
        self.query_one(CallTable).open_current()

    @on(CallTable.Open)
    def open_call(self, event: CallTable.Open) -> None:
        # Imported at the first Enter: the history's first rows do not wait for the replay (about 40 ms).
        from tui.app.review.replay import ReplayScreen

        ready = self.prefetched if self.prefetched is not None and self.prefetched.record["id"] == event.call_id else None
        self.app.push_screen(ReplayScreen(self.review, event.call_id, ready))

    def action_team(self) -> None:
        # Imported at the first F9: the history's first rows do not wait for the team view (about 20 ms).
        from tui.app.review.team import TeamScreen

        self.app.push_screen(TeamScreen(self.review, list(self.query_one(CallTable).rows)))
