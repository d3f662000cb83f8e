"""The history browser on the team database (`callcoach calls` with a database configured): the
same screen and keys, but the filters are answered by PostgreSQL a page at a time, newest first,
so a team's million calls are never read into this process. Moving near the end of what is shown
reads the next page (keyset paging: after the last call shown). A sort by another column orders
the first page read again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, cast

from textual import work

from tui.app.review.calls import CallsScreen
from tui.app.widgets.call_table import CallTable
from tui.domain.review.history_rows import Filters, action_index, now_epoch, sort_key, with_status
from tui.support.i18n import _

PAGE = 500  # rows a query brings; the first page is the first frame
NEAR_END = 50  # rows from the end of what is shown at which the next page is read


class TeamHistory(Protocol):
    """What this screen asks of the review service beyond the history's own (TeamReviewService)."""

    def history_page(self, filters: Filters, limit: int, after: str | None = None) -> Iterator[list[dict[str, Any]]]: ...

    def history_agents(self) -> list[str]: ...


class TeamCallsScreen(CallsScreen):
    def __init__(self, review: Any) -> None:
        super().__init__(review)
        self.team = cast(TeamHistory, review)
        self.more = True  # the last page was full: older calls may match
        self.asked: tuple[Filters, str | None] | None = None  # the query on its way
        self.team_agents: set[str] = set()
        self.before_page: list[dict[str, Any]] = []

    # -- reading ---------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="calls-agents")
    def load_rows(self) -> None:
        self.app.call_from_thread(self._ask, None)
        agents = set(self.team.history_agents())  # for the agent filter (F-key), after the first page
        self.app.call_from_thread(setattr, self, "team_agents", agents)

    def refilter(self) -> None:
        self._ask(None)

    def _ask(self, after: str | None) -> None:
        if self.asked == (self.filters, after):
            return
        self.asked = (self.filters, after)
        self.before_page = self.all_rows if after is not None else []  # the pages this one follows
        self.reading = True
        self._title()
        self.read_page(self.filters, after)

    @work(thread=True, exit_on_error=False, group="calls-load", exclusive=True)
    def read_page(self, filters: Filters, after: str | None) -> None:
        """The matching calls a month at a time, each shown as it arrives (a rare word is found
        month by month, the newest first)."""
        actions: dict[str, dict[str, Any]] | None = None
        read: list[dict[str, Any]] = []
        for rows in self.team.history_page(filters, PAGE, after):
            if actions is None and any(row.get("cb") for row in rows):
                actions = action_index(self.review.queue_actions())
            now = now_epoch(self.review.now())
            read += [with_status(row, actions or {}, now) for row in rows]
            self.app.call_from_thread(self._page_read, filters, after, read, False)
        self.app.call_from_thread(self._page_read, filters, after, read, True)

    def _page_read(self, filters: Filters, after: str | None, rows: list[dict[str, Any]], finished: bool) -> None:
        if self.asked != (filters, after):
            return  # typing went on: a newer query is on its way
        if finished:
            self.asked = None
            self.reading = False
            self.more = len(rows) == PAGE
        table = self.query_one(CallTable)
        keep = table.current["id"] if table.current else None
        self.all_rows = self.before_page + rows
        shown = self.all_rows
        if not (table.sort_column == "start" and table.descending):
            shown = sorted(shown, key=sort_key(table.sort_column), reverse=table.descending)
        table.set_rows(shown, keep)
        self._title()
        if finished:
            self._schedule_prefetch()
            self.rows_shown()

    def action_team(self) -> None:
        # Every call matching the filters, added up by the database, not the page shown.
        from tui.app.review.team import TeamScreen

        self.app.push_screen(TeamScreen(self.review, filters=self.filters))

    def _agents(self) -> set[str]:
        return self.team_agents | super()._agents()

    # -- paging ----------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        super().action_move(delta)
        self._next_page_when_near_end()

    def action_page(self, direction: int) -> None:
        super().action_page(direction)
        self._next_page_when_near_end()

    def _next_page_when_near_end(self) -> None:
        table = self.query_one(CallTable)
        if self.more and self.all_rows and table.cursor >= len(table.rows) - NEAR_END:
            self._ask(self.all_rows[-1]["id"])

    def _count_text(self) -> str:
        shown = f"{len(self.all_rows):,}"
        if self.reading:
            return _("{shown} calls, reading the team database…").format(shown=shown)
        if self.more:
            return _("newest {shown} calls (more as you move down)").format(shown=shown)
        return _("{shown} calls").format(shown=shown)
