"""The desk's clocks while the agent types (issue 18 item 2): the header and the step tracker are
brought up to date by each key, in that key's own frame, and the clock's tick draws them only in
a pause of the typing; neither the tick nor a key lays out the screen for them."""

from __future__ import annotations

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

        clock.advance(5)
        screen._clock_tick()  # a tick right after a key: nothing drawn, the next key will
        await pilot.pause()
        assert "00:07" in shown(header)
        await pilot.press("a")
        await pilot.pause()
        assert "00:12" in shown(header) and "00:12" in shown(tracker)

        clock.advance(3)
        pilot.app.last_input -= 1.0  # the agent paused: the tick draws
        screen._clock_tick()
        await pilot.pause()
        assert "00:15" in shown(header) and "00:15" in shown(tracker)
        assert layouts == []  # the clocks repaint themselves alone, never the whole desk
