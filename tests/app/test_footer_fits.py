"""At 80x24 the footer shows every key that matters during a call, in every language."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

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
        keys = {key.action: key for key in app.screen.query(FooterKey)}
        assert set(keys) >= LIVE_CALL_KEYS
        for action in LIVE_CALL_KEYS:
            region = keys[action].region
            assert region.width > 0 and region.right <= 80, (action, region)
        assert keys["toggle_hold"].description == HOLD_LABEL[language]


async def test_the_callback_panel_keeps_the_live_call_keys_in_the_footer(tmp_path):
    app = cjk_app(tmp_path, "ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        await pilot.press("f5")
        await settle(pilot, 0.2)
        keys = {key.action: key.region for key in app.screen.query(FooterKey)}
        assert all(keys[action].right <= 80 for action in ("toggle_hold", "end_call", "quit_desk"))
