"""F10's proposed category, read from the notes typed: Enter should usually be right."""

from __future__ import annotations

from tui.app.desk.wrap_up import WrapUpScreen

from .conftest import desk_screen, settle, until


async def test_a_product_that_broke_is_proposed_as_product_quality(make_app):
    """'My blender broke after two days' was proposed as Other: the cue was 'broken' only."""
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await pilot.press(*"My blender broke after two days", "enter", "f10")
        await settle(pilot)
        assert isinstance(app.screen, WrapUpScreen) and app.screen.proposed == ("resolved", "product_quality")
