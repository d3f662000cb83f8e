"""The team view: per agent for a period (the calls the history shows, or all of them): calls,
average time per step as bars, callbacks kept on time, top categories, most frequent flags.

Up/Down choose the agent; F2 sets the period; Esc goes back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol, cast
from zoneinfo import ZoneInfo

from rich.cells import set_cell_size
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

import tui.domain.call.events as ev
from tui.app.actions import bindings
from tui.app.review.ask_text import AskTextScreen
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.timeline import colour_of
from tui.config.keys import TEAM_ACTIONS
from tui.domain.review.history_rows import Filters, action_index, now_epoch, parse_date_range, with_status
from tui.domain.review.team import ALL_AGENTS, AgentStats, bar, team_stats
from tui.domain.text.display import visible
from tui.domain.text.timefmt import clock_text
from tui.services.flagging import DEFAULT_PLAYBOOK, playbook_for
from tui.services.review import ReviewService
from tui.support.i18n import N_, _

BAR_WIDTH = 30


class TeamFigures(Protocol):
    """The team database's sums (TeamReviewService), when the review has them."""

    def team_view(self, filters: Filters) -> tuple[list[AgentStats], tuple[float, float] | None]: ...


class TeamScreen(Screen[None]):
    BINDINGS = bindings(TEAM_ACTIONS)

    def __init__(self, review: ReviewService, rows: list[dict[str, Any]] | None = None, filters: Filters | None = None) -> None:
        super().__init__()
        self.review = review
        self.rows = rows
        self.all_rows = rows
        self.stats: list[AgentStats] = []
        # With a team database the database adds up every call matching `filters` (the history's),
        # never bringing the calls here: rows stay None.
        self.team = cast(TeamFigures, review) if rows is None and hasattr(review, "team_view") else None
        self.filters = filters or Filters()
        self.span: tuple[float, float] | None = None  # the first and last call's start
        self.count = 0  # calls in the period, damaged ones too (counted apart from the agents)

    def compose(self) -> ComposeResult:
        yield Static(id="team-title")
        yield Horizontal(OptionList(id="team-agents"), VerticalScroll(Static(id="team-body"), id="team-detail"), id="body")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.query_one("#team-agents", OptionList).focus()
        if self.rows is None:
            self.query_one("#team-title", Static).update(_("Loading the history..."))
            if self.team is not None:
                self.add_up(self.filters)
            else:
                self.load_rows()
        else:
            self.show_rows()

    @work(thread=True, exit_on_error=False, group="team-load", exclusive=True)
    def add_up(self, filters: Filters) -> None:
        assert self.team is not None
        try:
            stats, span = self.team.team_view(filters)
        except Exception as error:  # the database went away: its sentence, no traceback
            self.app.call_from_thread(self.query_one("#team-title", Static).update, visible(str(error)))
            return
        self.app.call_from_thread(self._added_up, stats, span)

    def _added_up(self, stats: list[AgentStats], span: tuple[float, float] | None) -> None:
        self.stats, self.span, self.count = stats, span, stats[0].calls
        self._show_stats()

    @work(thread=True, exit_on_error=False, group="team-load")
    def load_rows(self) -> None:
        index = self.review.call_index()
        actions = action_index(self.review.queue_actions())
        now = now_epoch(self.review.now())
        rows = [with_status(row, actions, now) for month in index.months() for row in index.rows(month)]
        self.app.call_from_thread(self._loaded, rows)

    def _loaded(self, rows: list[dict[str, Any]]) -> None:
        self.rows = self.all_rows = rows
        self.show_rows()

    def show_rows(self) -> None:
        self.stats = team_stats(self.rows or [])
        starts = [row["start"] for row in self.rows or []]
        self.span = (min(starts), max(starts)) if starts else None
        self.count = len(starts)
        self._show_stats()

    def _show_stats(self) -> None:
        agents = self.query_one("#team-agents", OptionList)
        agents.clear_options()
        agents.add_options([Option(Text.assemble(self._agent_name(s), (f"  {s.calls}", "dim"))) for s in self.stats])
        agents.highlighted = 0
        tz = ZoneInfo(self.review.zone)
        period = (
            _("{since} to {until}").format(
                since=f"{datetime.fromtimestamp(self.span[0], tz):%Y-%m-%d}", until=f"{datetime.fromtimestamp(self.span[1], tz):%Y-%m-%d}"
            )
            if self.span is not None
            else _("no calls")
        )
        self.query_one("#team-title", Static).update(
            _("Team view · {count} calls · {period} · Up/Down choose an agent").format(count=f"{self.count:,}", period=period)
        )
        self.show_agent(0)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_agent(event.option_index)

    def show_agent(self, index: int) -> None:
        if not 0 <= index < len(self.stats):
            self.query_one("#team-body", Static).update(Text(_("No calls in this period."), "dim"))
            return
        self.query_one("#team-body", Static).update(self.detail(self.stats[index]))

    def detail(self, stats: AgentStats) -> Text:
        playbook = playbook_for(DEFAULT_PLAYBOOK)
        keys = [step.key for step in playbook.steps]
        entered = {key for row in self.rows or [] if row["agent"] == stats.agent or stats is self.stats[0] for key in row.get("steps", {})}
        keys += sorted((entered | {key for key, calls in stats.step_calls.items() if calls}) - set(keys))
        titles = {step.key: step.title for step in playbook.steps}
        text = Text()
        text.append(self._agent_name(stats), "bold")
        text.append("\n" + _("{count} call(s) · average call {length}").format(count=stats.calls, length=clock_text(stats.average_call)))
        if stats.average_acw is not None:
            text.append(" · " + _("average after-call work {acw}").format(acw=clock_text(stats.average_acw)))
        text.append("\n\n")
        text.append(_("Average time per step") + "\n", "bold")
        most = max((stats.average_step(key) for key in keys), default=0.0)
        for index, key in enumerate(keys):
            seconds = stats.average_step(key)
            text.append(set_cell_size(titles.get(key, key), 12) + " ")  # by terminal cells: CJK titles too
            text.append(bar(seconds, most, BAR_WIDTH).ljust(BAR_WIDTH), colour_of(key, index))
            text.append(
                f" {clock_text(seconds)}" if stats.step_calls.get(key) else " " + _("not entered"),
                "" if stats.step_calls.get(key) else "dim",
            )
            text.append("\n")
        text.append("\n" + _("Callbacks kept on time (K1): "), "bold")
        rate = stats.kept_rate
        if rate is None:
            text.append(_("none came due") + "\n", "dim")
        else:
            text.append(f"{rate:.0%}", "bold green" if rate >= 0.9 else "bold red")
            text.append(" " + _("of {due} that came due").format(due=stats.due) + "\n")
        text.append("\n" + _("Top categories") + "\n", "bold")
        for category, count in stats.categories.most_common(3) or [(N_("none"), 0)]:
            text.append(f"  {set_cell_size(_(ev.CATEGORY_LABELS.get(category, category)), 16)} {count}\n")
        text.append("\n" + _("Most frequent flags") + "\n", "bold")
        for rule, count in stats.flags.most_common(5) or []:
            text.append(f"  {rule:<4} ", "bold red")
            text.append(bar(count, stats.calls, BAR_WIDTH // 2).ljust(BAR_WIDTH // 2), "red")
            text.append(" " + _("{count} of {calls} calls").format(count=count, calls=stats.calls) + "\n")
        if not stats.flags:
            text.append("  " + _("none: the method was followed") + "\n", "green")
        return text

    def _agent_name(self, stats: AgentStats) -> str:
        """An agent's name as typed, or "All agents" (the first row) in the reader's language."""
        return _(ALL_AGENTS) if stats is self.stats[0] else visible(stats.agent)

    def action_dates(self) -> None:
        def parse(text: str) -> tuple[float | None, float | None]:
            return parse_date_range(text, self.review.zone, self.review.now())

        self.app.push_screen(
            AskTextScreen(_("Period: FROM TO (YYYY-MM-DD, either may be -), or 7d / 30d; empty for all."), "2026-11-01 2026-11-30", parse),
            self._period,
        )

    def _period(self, bounds: tuple[float | None, float | None] | None) -> None:
        if bounds is not None and self.team is not None:
            self.filters = replace(self.filters, since=bounds[0], until=bounds[1])
            self.query_one("#team-title", Static).update(_("Loading the history..."))
            self.add_up(self.filters)
            return
        if bounds is None or self.all_rows is None:
            return
        since, until = bounds
        self.rows = [row for row in self.all_rows if (since is None or row["start"] >= since) and (until is None or row["start"] < until)]
        self.show_rows()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()
