"""The desk in Korean at 80x24 and Chinese at 120x40: wide characters in the coach pane and notes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.app.base import desk_app
from tui.app.desk.app import DeskApp
from tui.config.settings import Config
from tui.domain.call.clock import ManualClock
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir
from tui.support.i18n import set_language


def cjk_app(tmp_path, language: str) -> DeskApp:
    clock = ManualClock()
    config = replace(Config(agent="Ana", timezone="Europe/London", default_region="GB"), language=language)
    desk = open_desk(config, prepare_data_dir(tmp_path / "d"), clock)
    set_language(language)  # as the CLI does at start-up with the config's language
    app = desk_app(desk, start_caller="+44 20 7031 3000")
    app.test_clock = clock
    return app


NOTES = {
    "ko": ("앱에서 몇 번이나 해 봤는데 안 돼요", "> 솔직히 말씀드리면 시스템 오류"),
    "zh-Hans": ("我试了好几次，怎么也弄不好", "> 说实话，是系统故障"),
}


def drive(language: str):
    async def run(pilot) -> None:
        app, clock = pilot.app, pilot.app.test_clock
        while not app.screen_stack[0].live:
            await pilot.pause(0.02)
        app.screen_stack[0].query_one("#note-input").cursor_blink = False
        caller, agent = NOTES[language]
        await pilot.press(*caller)
        clock.advance(20)
        await pilot.press("enter")
        await pilot.press("f6", "1")  # emotional
        await pilot.press(*agent)  # typed, not saved: the hint is about the draft
        await pilot.pause(0.6)

    return run


@pytest.mark.parametrize("language, size", [("ko", (80, 24)), ("zh-Hans", (120, 40))])
def test_cjk_desk_snapshot(snap_compare, tmp_path, language, size):
    assert snap_compare(cjk_app(tmp_path, language), terminal_size=size, run_before=drive(language))


async def open_korean_callback_panel(pilot) -> None:
    import phonenumbers.carrier  # noqa: F401  (place and carrier loaded, as after the desk's warm-up)
    import phonenumbers.geocoder  # noqa: F401

    app = pilot.app
    screen = app.screen_stack[0]
    while not screen.live:
        await pilot.pause(0.02)
    await pilot.press("f5")  # the panel's fields are mounted at the first F5
    for editor in screen.query("Input"):
        editor.cursor_blink = False
    await pilot.press("tab", "tab", *"caller@example.com")
    await pilot.pause(0.6)


def test_korean_callback_panel_snapshot(snap_compare, tmp_path):
    """At 80x24: the Korean readback wraps inside the panel, dates in Korean form, labels aligned."""
    assert snap_compare(cjk_app(tmp_path, "ko"), terminal_size=(80, 24), run_before=open_korean_callback_panel)
