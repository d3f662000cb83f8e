"""The F5 callback panel at 120x40 with a frozen clock: its layout changes show up as a diff."""

from __future__ import annotations

import phonenumbers.carrier  # noqa: F401  (the place and carrier shown: loaded, as after the desk's warm-up)
import phonenumbers.geocoder  # noqa: F401

from tui.app.widgets.call_header import CallHeader

from .test_snapshot import mid_call_app


async def open_callback_panel(pilot) -> None:
    app, clock = pilot.app, pilot.app.test_clock
    screen = app.screen_stack[0]
    while not screen.live:
        await pilot.pause(0.02)
    await pilot.press(*"Parcel 4411 never arrived; wants a call back tomorrow")
    clock.advance(20)
    await pilot.press("enter", "f2", "f2")
    clock.advance(40)
    await pilot.press("f5")  # the panel's fields are mounted at the first F5
    for editor in screen.query("Input"):
        editor.cursor_blink = False  # a blinking cursor is a coin toss
    await pilot.press("tab", "ctrl+u", *"+1 212 555 0100", "tab", *"caller@example.com")  # Tab: number, Tab: e-mail
    # The header's clock is redrawn on a 0.5 s tick: wait for the tick that shows 01:00 (a loaded
    # machine may take longer than a fixed pause), then for the panel's lines.
    header = screen.query_one(CallHeader)
    for _ in range(100):
        if "● 01:00" in str(header.render()):
            break
        await pilot.pause(0.05)
    await pilot.pause(0.6)


def test_callback_panel_snapshot(snap_compare, tmp_path):
    assert snap_compare(mid_call_app(tmp_path), terminal_size=(120, 40), run_before=open_callback_panel)
