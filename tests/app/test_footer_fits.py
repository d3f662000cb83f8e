"""At 80x24 the footer shows every key that matters during a call, in every language."""

from __future__ import annotations

import pytest

from tui.app.widgets.desk_footer import DeskFooter
from tui.config.keys import DESK_ACTIONS

from .conftest import settle, until
from .test_snapshot_cjk import cjk_app

LIVE_CALL_KEYS = {action.action for action in DESK_ACTIONS if action.show and action.id != "new_call"}
HOLD_LABEL = {"en": "Hold", "ko": "보류", "zh-Hans": "保持", "zh-Hant": "保留"}


@pytest.mark.parametrize("language", ["en", "ko", "zh-Hans", "zh-Hant"])
async def test_every_live_call_key_is_on_screen_at_80_columns(tmp_path, language):
    app = cjk_app(tmp_path, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        await settle(pilot, 0.2)
        footer = app.screen.query_one(DeskFooter)
        keys = {key.action: key for key in footer.keys}  # as drawn on its line, from its left edge
        assert set(keys) >= LIVE_CALL_KEYS
        for action in LIVE_CALL_KEYS:
            start, end = footer.region.x + keys[action].start, footer.region.x + keys[action].end
            assert end > start and end <= 80 and footer.region.right <= 80, (action, start, end)
        assert keys["toggle_hold"].description == HOLD_LABEL[language]


async def test_the_callback_panel_keeps_the_live_call_keys_in_the_footer(tmp_path):
    app = cjk_app(tmp_path, "ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        await pilot.press("f5")
        await settle(pilot, 0.2)
        footer = app.screen.query_one(DeskFooter)
        keys = {key.action: footer.region.x + key.end for key in footer.keys}
        assert all(keys[action] <= 80 for action in ("toggle_hold", "end_call", "quit_desk"))


async def test_a_click_on_a_footer_key_presses_it_and_the_pointer_shows_its_tooltip(tmp_path):
    """The footer is one widget (issue 18 item 1), and still acts as Textual's: a key clicked runs it."""
    app = cjk_app(tmp_path, "en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        await settle(pilot, 0.2)
        footer = app.screen.query_one(DeskFooter)
        hold = next(key for key in footer.keys if key.action == "toggle_hold")
        await pilot.hover(DeskFooter, offset=(hold.start + 1, 0))
        assert footer.tooltip and "hold" in str(footer.tooltip).lower()
        await pilot.click(DeskFooter, offset=(hold.start + 1, 0))
        await until(pilot, lambda: app.screen_stack[0].current_call.state.on_hold)
