"""The live screen at 120x40 (and 80x24) with a frozen clock: layout changes show up as a diff."""

from __future__ import annotations

import pytest

from tui.app.base import desk_app
from tui.app.desk.app import DeskApp
from tui.config.settings import Config
from tui.domain.call.clock import ManualClock
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir


def mid_call_app(tmp_path) -> DeskApp:
    clock = ManualClock()
    desk = open_desk(Config(agent="Ana", timezone="Europe/London", default_region="GB"), prepare_data_dir(tmp_path / "d"), clock)
    app = desk_app(desk, start_caller="+44 20 7031 3000")
    app.test_clock = clock
    return app


async def drive_mid_call(pilot) -> None:
    app, clock = pilot.app, pilot.app.test_clock
    while not app.screen_stack[0].live:
        await pilot.pause(0.02)
    app.screen_stack[0].query_one("#note-input").cursor_blink = False  # a blinking cursor is a coin toss
    for note in ("Parcel 4411 never arrived; third call about it", "[b]not bold[/b] and 中文 한국어"):
        await pilot.press(*note)
        clock.advance(25)
        await pilot.press("enter")
    await pilot.press("f2")
    clock.advance(75)  # past apologize's 60 s target: the tracker turns amber
    await pilot.press(*"Our mistake: the label was printed wrong")
    await pilot.pause(0.6)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_live_desk_snapshot(snap_compare, tmp_path, size):
    assert snap_compare(mid_call_app(tmp_path), terminal_size=size, run_before=drive_mid_call)
