"""The quit question holds until it is answered; the keys help (F1) is a card that closes when a desk
key is pressed over it. Before, F1 opened the help over the question and Ctrl+Q the question over
the help (Esc then unwound them one by one), and the other desk keys did nothing without a word."""

from __future__ import annotations

import pytest

from tui.app.desk.caller_type import CallerTypeScreen
from tui.app.desk.confirm_quit import ConfirmQuitScreen
from tui.app.desk.keys_help import KeysHelpScreen
from tui.app.desk.offer import OfferScreen
from tui.config.keys import key_display

from .conftest import desk_screen, settle, until

STACK_OF = lambda app: [type(screen).__name__ for screen in app.screen_stack]  # noqa: E731


@pytest.mark.parametrize("key", ["f1", "f2", "f5", "f6", "f7", "f8", "f9", "f10", "ctrl+l"])
async def test_a_desk_key_over_the_quit_question_waits_and_says_so(make_app, key):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmQuitScreen))
        step, held = screen.call.state.current_step, screen.call.state.on_hold
        await pilot.press(key)
        await settle(pilot)
        assert STACK_OF(app) == ["DeskScreen", "ConfirmQuitScreen"]
        assert screen.open_callback_panel is None
        assert (screen.call.state.current_step, screen.call.state.on_hold) == (step, held)
        waits = str(app.screen.query_one("#confirm-quit-waits").render())
        assert waits == f"{key_display(key)} does nothing until this is answered: n or Esc stays on the call."
        await pilot.press(*"and she wants a refund")  # typing still goes to the note
        await settle(pilot)
        assert screen.query_one("#note-input").value == "and she wants a refund"
        await pilot.press("escape")
        await settle(pilot)
        assert STACK_OF(app) == ["DeskScreen"] and screen.live


async def test_ctrl_q_over_the_keys_help_asks_over_the_desk_not_over_the_help(make_app):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, KeysHelpScreen))
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert STACK_OF(app) == ["DeskScreen", "ConfirmQuitScreen"]
        await pilot.press("escape")
        await settle(pilot)
        assert STACK_OF(app) == ["DeskScreen"] and screen.live


@pytest.mark.parametrize(
    "key, done",
    [
        ("f2", lambda app: desk_screen(app).call.state.current_step == "apologize"),
        ("f8", lambda app: desk_screen(app).call.state.on_hold),
        ("f5", lambda app: desk_screen(app).open_callback_panel is not None),
        ("f6", lambda app: isinstance(app.screen, CallerTypeScreen)),
        ("ctrl+s", lambda app: isinstance(app.screen, OfferScreen)),
    ],
)
async def test_a_desk_key_over_the_keys_help_closes_it_and_does_what_it_says(make_app, key, done):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press(*"she says", "f1")
        await until(pilot, lambda: isinstance(app.screen, KeysHelpScreen))
        await pilot.press(key)
        await settle(pilot)
        assert not any(isinstance(shown, KeysHelpScreen) for shown in app.screen_stack)
        assert done(app)
        await pilot.press(*" it broke")
        await settle(pilot)
        assert screen.query_one("#note-input").value == "she says it broke"
