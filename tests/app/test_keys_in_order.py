"""Keys that arrive together are handled in the order they were typed (tui.app.desk.key_order).

A terminal delivers keys in one read when the desk was busy for a moment (a loaded machine, a note
being filed). pilot.press waits for the app to be idle after every key, so these tests queue the
keys at once with `burst`, as the terminal does: a Tab that moves into a field, a Backspace, an
Enter that promises or records must act exactly where they were typed, and the words typed behind
them must land in the note."""

from __future__ import annotations

import pytest

from tui.app.widgets.callback_panel import CallbackPanel
from tui.app.widgets.note_input import NoteInput

from .conftest import burst, desk_screen, settle, until
from .panels import PANELS, SENTENCE


async def live_call(pilot):
    screen = desk_screen(pilot.app)
    await until(pilot, lambda: screen.live)
    return screen


async def test_backspace_and_arrows_in_a_burst_act_where_they_were_typed(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        burst(pilot, *"abc", "backspace", "d", "left", "left", "x", "end", *" ok")
        await settle(pilot, 0.3)
        assert screen.query_one(NoteInput).value == "axbd ok"


@pytest.mark.parametrize("panel", sorted(PANELS))
async def test_a_sentence_typed_in_one_burst_with_a_panel_open_lands_whole_in_the_note(make_app, desk, panel):
    key, is_open = PANELS[panel]
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        burst(pilot, key, *SENTENCE)  # the panel opens and the sentence follows it in the same read
        await settle(pilot, 0.3)
        assert screen.query_one(NoteInput).value == SENTENCE
        assert is_open(app)
        burst(pilot, "escape", *" and more")  # Esc closes it; the words behind it go on into the note
        await settle(pilot, 0.3)
        assert not is_open(app) and app.screen is screen
        assert screen.query_one(NoteInput).value == SENTENCE + " and more"
        assert not screen.call.state.tags and not screen.call.state.offers and not screen.call.state.callbacks


async def test_tab_tab_then_an_email_and_enter_in_one_burst_promise_to_that_email(make_app, desk):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        await pilot.press("f5")
        await until(pilot, lambda: screen.query_one(CallbackPanel).is_open)
        burst(pilot, "tab", "tab", *"caller@example.com", "enter", *"thanks, bye")
        await until(pilot, lambda: bool(screen.call.state.callbacks))
        await settle(pilot)
        assert [promise.get("email") for promise in screen.call.state.callbacks] == ["caller@example.com"]
        assert screen.query_one(NoteInput).value == "thanks, bye"  # typed behind the Enter: the note's
        assert not screen.query_one(CallbackPanel).is_open


async def test_an_amount_and_enter_in_one_burst_record_that_amount_and_the_rest_is_the_note(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        burst(pilot, "f7", "2", "tab", *"40", "enter", *"she took it")
        await settle(pilot, 0.3)
        assert [(offer["option"], offer["amount"]) for offer in screen.call.state.offers] == [("credit", 40.0)]
        assert screen.query_one(NoteInput).value == "she took it"
        assert app.screen is screen


async def test_words_typed_right_after_the_new_call_enter_are_the_calls_first_note(make_app, desk):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        burst(pilot, "ctrl+n", *"+44 20 7031 3000", "enter", *"hello, she says")
        await until(pilot, lambda: screen.live)
        await settle(pilot)
        assert screen.query_one(NoteInput).value == "hello, she says"
        assert screen.call.state.caller == "+442070313000"


class SwallowsTheFollowUp:
    """A node whose queue is dropped before the key's follow-up runs (a widget closed under it)."""

    def post_message(self, *_args, **_kwargs) -> bool:
        return True  # accepted, never run (the key order posts its follow-up as a Callback message)


async def test_a_key_lost_on_its_way_does_not_hold_the_keys_behind_it(make_app, desk):
    from tui.app.desk.key_order import STALL_S

    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        keys = app.keys_in_order
        route = keys._route
        lost = []

        async def first_one_lost(event):
            if not lost:
                lost.append(event)
                return SwallowsTheFollowUp()
            return await route(event)

        keys._route = first_one_lost
        burst(pilot, "x", *"kept")
        await settle(pilot, 0.2)
        assert keys.held == 4  # waiting behind the lost one
        await until(pilot, lambda: screen.query_one(NoteInput).value == "kept", timeout=STALL_S + 3)
        assert keys.held == 0
