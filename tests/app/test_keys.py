"""Keys: alternates, remapping by binding id from config, F1 help and the command palette."""

from __future__ import annotations

from dataclasses import replace

from tui.app.base import desk_app
from tui.app.desk.keys_help import KeysHelpScreen
from tui.services.session import open_desk

from .conftest import desk_screen, settle, until


async def test_alternate_chords_do_what_the_f_keys_do(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await pilot.press("ctrl+g")  # next step
        assert desk_screen(app).call.state.current_step == "apologize"
        await pilot.press("ctrl+r")  # previous step
        assert desk_screen(app).call.state.current_step == "listen"
        await pilot.press("ctrl+o")  # hold
        assert desk_screen(app).call.state.on_hold
        await pilot.press("ctrl+backslash")  # end call
        await settle(pilot)
        assert app.screen.__class__.__name__ == "WrapUpScreen"


async def test_config_remaps_a_binding_by_id(config, data_dir, clock):
    desk = open_desk(replace(config, keys={"next_step": "f11"}), data_dir, clock)
    app = desk_app(desk, start_caller="")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await pilot.press("f2")
        assert desk_screen(app).call.state.current_step == "listen"  # f2 no longer moves
        await pilot.press("f11")
        assert desk_screen(app).call.state.current_step == "apologize"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, KeysHelpScreen)
        assert app.screen.keymap["next_step"] == "f11"  # help shows the key in force
        await pilot.press("escape")
        assert app.focused is desk_screen(app).query_one("#note-input")


async def test_command_palette_holds_the_desk_actions(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Next", "Back", "Hold", "End", "Keys", "Quit"):
            assert title in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"next")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: desk_screen(app).call.state.current_step == "apologize")


async def test_f1_again_closes_the_keys_help(make_app):
    """README: Esc or F1 closes it. The app-wide F1 opened a second help over the first instead."""
    app = make_app("")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await pilot.press(*"abc", "f1")
        await settle(pilot)
        assert isinstance(app.screen, KeysHelpScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen is desk_screen(app) and len(app.screen_stack) == 1
        assert desk_screen(app).query_one("#note-input").value == "abc"
