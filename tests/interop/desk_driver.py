"""Invites written by the real desk: F5 and the keys of a case, then Enter; the queue for re-issues.

Each case runs the app with Pilot on a data dir of its own and returns what the app stored (the
`callback` event read back from the call's journal on disk, the queue's actions) and the .ics
files it wrote to outbox/, in the order they were issued.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from tests.app.conftest import desk_screen, until
from tests.app.test_callback_panel import open_panel, outbox, status
from tui.app.base import desk_app
from tui.app.desk.callback_queue import CallbackQueueScreen
from tui.config.settings import Config
from tui.domain.call.clock import ManualClock
from tui.domain.callback.calling_hours import business_hours
from tui.services.session import open_desk
from tui.store.callback_actions import actions_path
from tui.store.datadir import prepare_data_dir
from tui.store.journal import read_journal
from tui.support.i18n import set_language

UTC = UTC
MONDAY = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
ROUND_THE_CLOCK = {"every_day": ["00:00-24:00"]}


@dataclass(frozen=True)
class Case:
    name: str
    caller: str
    keys: tuple[str, ...]  # pressed in the open F5 panel before Enter
    tzid: str  # the zone the invite must be written in
    wall: datetime = MONDAY
    expect: tuple[str, str] | None = None  # the window the keys must give (UTC ISO), where it matters
    round_the_clock: bool = False  # business and calling hours 00:00-24:00: a window across a DST change
    reschedule_keys: tuple[str, ...] = ()  # after filing the call: F9, 2 (reschedule), these keys, Enter
    cancel: bool = False  # then 3 (cancel) and Enter to confirm
    language: str = "en"  # the desk's (config `language`): the invite's words follow it


@dataclass
class Issued:
    """What the app stored and wrote for one case."""

    event: dict  # the `callback` event, from the journal on disk
    invites: list[Path] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)


def _config(case: Case) -> Config:
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", language=case.language)
    if case.round_the_clock:
        return replace(config, business_hours=business_hours(ROUND_THE_CLOCK), calling_hours={"default": ROUND_THE_CLOCK})
    return config


async def issue(case: Case, data_dir: Path) -> Issued:
    """Drive the desk through the case with real keys."""
    desk = open_desk(_config(case), prepare_data_dir(data_dir), ManualClock(wall=case.wall))
    set_language(case.language)  # as the CLI does at start-up with the config's language
    app = desk_app(desk, start_caller=case.caller)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        panel = await open_panel(pilot)
        await pilot.press(*case.keys)
        assert panel.proposal.ok, panel.proposal.problem
        await pilot.press("enter")
        # The status line names the invite once the promise is journaled, in every language.
        await until(pilot, lambda: any(path.name in status(screen) for path in outbox(desk)))
        journal, _ = read_journal(screen.session.journal)
        [event] = [line for line in journal if line["type"] == "callback"]
        issued = Issued(event, [path for path in outbox(desk) if path.suffix == ".ics"])
        if not (case.reschedule_keys or case.cancel):
            return issued
        await pilot.press("f10")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("enter")  # file it: callback promised
        await until(pilot, lambda: screen.session is None)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, CallbackQueueScreen) and app.screen.entries)
        queue = app.screen
        steps = [("2", *case.reschedule_keys, "enter")] if case.reschedule_keys else []
        steps += [("3", "enter")] if case.cancel else []
        for keys in steps:
            before = len(_actions(desk.data_dir))
            await pilot.press(*keys)
            await until(pilot, lambda: len(_actions(desk.data_dir)) > before and not queue.busy)
            issued.invites += [path for path in outbox(desk) if path.suffix == ".ics" and path not in issued.invites]
        issued.actions = _actions(desk.data_dir)
    return issued


def _actions(data_dir: Path) -> list[dict]:
    path = actions_path(data_dir)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
