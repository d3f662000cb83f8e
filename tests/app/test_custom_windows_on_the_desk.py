"""Custom windows as agents say them, typed in the F5 panel's custom field on the desk (issue 14
item 3), as line mode reads them: 5, Tab into the field, the words, Enter. A refusal names what
could not be read and promises nothing."""

from __future__ import annotations

import pytest

from tui.app.widgets.callback_panel import CallbackPanel
from tui.app.widgets.note_input import NoteInput

from .conftest import desk_screen, settle, until


def status(screen) -> str:
    return str(screen.query_one("#status").render())


@pytest.mark.parametrize(
    "said, start, end",
    [
        ("2pm-4pm", "2026-11-23T14:00:00Z", "2026-11-23T16:00:00Z"),
        ("10am-12pm tomorrow", "2026-11-24T10:00:00Z", "2026-11-24T12:00:00Z"),
        ("2pm-4pm on friday", "2026-11-27T14:00:00Z", "2026-11-27T16:00:00Z"),
        ("tomorrow 2-4pm", "2026-11-24T14:00:00Z", "2026-11-24T16:00:00Z"),
        ("tomorrow noon-2", "2026-11-24T12:00:00Z", "2026-11-24T14:00:00Z"),
        ("next monday 10-12", "2026-11-30T10:00:00Z", "2026-11-30T12:00:00Z"),
        ("tomorrow afternoon", "2026-11-24T13:00:00Z", "2026-11-24T17:00:00Z"),
        ("내일 오후 2시-4시", "2026-11-24T14:00:00Z", "2026-11-24T16:00:00Z"),
        ("明天下午2点到4点", "2026-11-24T14:00:00Z", "2026-11-24T16:00:00Z"),
    ],
)
async def test_a_window_said_as_agents_say_it_is_promised_from_the_f5_panel(make_app, desk, said, start, end):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f5", "5", "tab", *said, "enter")
        await until(pilot, lambda: bool(screen.call.state.callbacks))
        [promise] = screen.call.state.callbacks
        assert (promise["start"], promise["end"], promise["preset"]) == (start, end, "custom")
        assert screen.query_one(NoteInput).value == "" and not screen.call.state.notes


async def test_a_window_that_cannot_be_read_is_named_and_nothing_is_promised(make_app, desk):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f5", "5", "tab", *"tomorrow 2pm-4pz", "enter")
        await settle(pilot)
        assert "'4pz' is not a time" in status(screen)
        assert screen.query_one(CallbackPanel).is_open and not screen.call.state.callbacks
        assert screen.query_one("#cb-custom").has_focus  # the keys stay in the field to fix it
