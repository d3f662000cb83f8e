"""`callcoach wallboard`: the team's live state for a supervisor (or the room's screen).

One row per agent: state, current step with its time against the playbook's target (amber past
it), call length, callbacks due and overdue; today's team totals above. Rows arrive from the feed
(LISTEN/NOTIFY) and times tick here each second; an agent whose desk has not been heard from for
30 s shows as offline.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.app.actions import bindings
from tui.app.base import BaseApp
from tui.app.widgets.status_line import StatusLine
from tui.config.keys import WALLBOARD_ACTIONS
from tui.domain.text.timefmt import clock_text
from tui.services.live import OFFLINE_AFTER
from tui.support.i18n import N_, _

if TYPE_CHECKING:
    from tui.services.wallboard import WallboardFeed

COLUMNS = (N_("Agent"), N_("State"), N_("Step"), N_("Step time"), N_("Call"), N_("Due"), N_("Overdue"))
STATES = (N_("idle"), N_("on call"), N_("on hold"), N_("wrap-up"), N_("offline"))  # drawn through _()


def totals_text(totals: dict[str, Any]) -> str:
    average = clock_text(totals["average"]) if totals.get("average") is not None else "-"
    rate = f"{100 * totals['on_time'] / totals['kept']:.0f}%" if totals.get("kept") else "-"
    return _("Today: {calls} calls · average {average} · callbacks kept on time {rate}").format(
        calls=totals.get("calls", 0), average=average, rate=rate
    )


class WallboardApp(BaseApp):
    """Built by tui.app.base.wallboard_app."""

    TITLE = "callcoach wallboard"
    CSS_PATH = ["../theme.tcss", "wallboard.tcss"]  # the widgets' look, then the board's layout
    BINDINGS = bindings(WALLBOARD_ACTIONS)

    def __init__(self, url: str, keymap: dict[str, str] | None = None, debug: bool = False) -> None:
        super().__init__(keymap=keymap, debug=debug)
        self.url = url
        self.agents: list[dict[str, Any]] = []
        self.received = time.monotonic()
        self.feed: WallboardFeed | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Waiting for the team database…"), id="totals")
        yield DataTable(id="board", cursor_type="row", zebra_stripes=True)
        yield StatusLine(id="status")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(_(column), key=column)
        # Imported here: psycopg loads after the board's columns are drawn, not before the first frame.
        from tui.services.wallboard import WallboardFeed

        self.feed = WallboardFeed(self.url, self._board_from_thread, self._problem_from_thread)
        self.feed.start()
        self.set_interval(1.0, self.draw)

    def on_unmount(self) -> None:
        if self.feed is not None:
            self.feed.stop()

    def _board_from_thread(self, agents: list[dict[str, Any]], totals: dict[str, Any]) -> None:
        try:
            self.call_from_thread(self.show_board, agents, totals)
        except RuntimeError:
            pass  # closing

    def _problem_from_thread(self, problem: str | None) -> None:
        try:
            self.call_from_thread(
                self.query_one(StatusLine).say, problem or _("Live: following the desks."), "warning" if problem else "info"
            )
        except RuntimeError:
            pass

    def show_board(self, agents: list[dict[str, Any]], totals: dict[str, Any]) -> None:
        self.agents = agents
        self.received = time.monotonic()
        self.query_one("#totals", Static).update(totals_text(totals))
        self.draw()

    def draw(self) -> None:
        """Times move on between updates; a desk silent for 30 s is offline."""
        table = self.query_one(DataTable)
        since = time.monotonic() - self.received
        wanted = [agent["agent"] for agent in self.agents]
        for key in list(table.rows):
            if key.value not in wanted:
                table.remove_row(key)
        for agent in self.agents:
            cells = self.cells(agent, since)
            if agent["agent"] in [row.value for row in table.rows]:
                for column, value in zip(COLUMNS, cells):
                    table.update_cell(agent["agent"], column, value, update_width=True)
            else:
                table.add_row(*cells, key=agent["agent"])

    @staticmethod
    def cells(agent: dict[str, Any], since: float) -> tuple[Text, ...]:
        offline = agent["state"] == "offline" or (agent["age"] or 0) + since > OFFLINE_AFTER
        state = "offline" if offline else agent["state"]
        live = state in ("on call", "on hold", "wrap-up")
        moving = since if state in ("on call", "on hold") else 0.0
        step = Text(agent["step_title"] or "") if live else Text("")
        step_time = Text("")
        if live and agent["step_seconds"] is not None:
            seconds = agent["step_seconds"] + moving
            over = agent["step_target"] is not None and seconds > agent["step_target"]
            step_time = Text(f"{clock_text(seconds)} / {clock_text(agent['step_target'] or 0)}", style="bold dark_orange" if over else "")
        call = Text(clock_text(agent["call_seconds"] + moving)) if live and agent["call_seconds"] is not None else Text("")
        overdue = Text(str(agent["overdue"]), style="bold red" if agent["overdue"] else "")
        return (
            Text(agent["agent"]),
            Text(_(state), style="dim" if offline else ""),
            step,
            step_time,
            call,
            Text(str(agent["due"])),
            overdue,
        )
