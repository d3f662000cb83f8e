"""The desk's clocks while the agent types (issue 18 item 2): the header and the step tracker are
brought up to date by each key of the note, in that key's own frame, and the clock's tick draws
them when no key did within the last tick; neither the tick nor a key lays out the screen."""

from __future__ import annotations

import time

from textual.screen import Screen

from tui.app.widgets.call_header import CallHeader
from tui.app.widgets.step_tracker import StepTracker

from .conftest import on_a_live_call


def shown(widget: CallHeader | StepTracker) -> str:
    return str(widget.render())


async def test_a_key_brings_the_clock_up_to_date_and_the_tick_waits_for_a_pause(make_app, clock, monkeypatch):
    async with on_a_live_call(make_app("+44 20 7031 3000")) as (pilot, screen):
        header, tracker = screen.query_one(CallHeader), screen.query_one(StepTracker)
        await pilot.pause(0.6)
        assert "00:00" in shown(header)

        layouts: list[Screen] = []
        relayout = Screen._refresh_layout

        def counted(self, *args, **kwargs):
            layouts.append(self)
            return relayout(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        clock.advance(7)
        await pilot.press("p")  # typing: the key itself draws the clock
        await pilot.pause()
        assert "00:07" in shown(header) and "00:07" in shown(tracker)

        clock.advance(0.3)
        screen._clock_tick()  # a tick right after a key that drew the clocks: nothing drawn
        await pilot.pause()
        assert "00:07" in shown(header)
        clock.advance(4.7)
        await pilot.press("a")  # the next key draws them, in its own frame
        await pilot.pause()
        assert "00:12" in shown(header) and "00:12" in shown(tracker)

        clock.advance(3)
        pilot.app.last_input = time.monotonic()  # keys that went elsewhere (a panel's field) drew nothing
        screen._clock_tick()  # so the tick draws, typing or not
        await pilot.pause()
        assert "00:15" in shown(header) and "00:15" in shown(tracker)
        assert layouts == []  # the clocks repaint themselves alone, never the whole desk
