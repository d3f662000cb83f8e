"""The status line says what happened last and never cuts a sentence (issue 14 item 4): each key that
does something says so, and a long line wraps at 80 and 120 columns instead of ending in "...; invite"."""

from __future__ import annotations

import pytest
from rich.text import Text

from tui.app.widgets.status_line import StatusLine

from .conftest import desk_screen, settle, until


def status(app) -> str:
    return str(desk_screen(app).query_one(StatusLine).render())


async def test_each_key_says_what_it_did(make_app, desk):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        assert "Call started" in status(app)
        await pilot.press("f2")
        assert status(app).startswith("Step 2 of 4: Apologize")
        for key, said in (("f7", "Record an offer"), ("f9", "1 kept"), ("f6", "Caller type")):
            await pilot.press(key)
            await settle(pilot)
            assert said in status(app)
            await pilot.press("escape")
            await settle(pilot)
            assert status(app) == "Back to the call; the note being typed is kept."
        await pilot.press("f5")
        assert status(app).startswith("Callback: Enter promises")
        await pilot.press("escape")
        assert status(app).startswith("Callback panel closed")


@pytest.mark.parametrize("width", [80, 120])
async def test_a_long_line_wraps_and_nothing_is_cut(make_app, desk, width):
    app = make_app("")
    async with app.run_test(size=(width, 30)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        line = screen.query_one(StatusLine)
        sentence = "Callback promised for Mon 23 Nov 14:00 GMT; invite 20261123T140000Z-aaaaaa-callback0_callcoach.seq0.publish.ics is in the outbox."
        line.show_due(Text("Callback +12125550100 due in 6 min (Mon 23 Nov 14:15-16:15 GMT)"))
        screen.say(sentence)
        await settle(pilot)
        shown = " ".join(part.strip() for part in str(line.render()).splitlines())
        assert sentence.replace(" ", "") in shown.replace(" ", "")  # the whole sentence, over two rows
        assert line.region.height >= 2 and line.region.bottom <= 30
