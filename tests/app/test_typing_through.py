"""The keyboard rule (issue 14 item 1; DESIGN.md "Keys"), pressed as an agent on a live call would:
a sentence typed with each panel open in turn lands whole in the note and is found in the filed
call's export; no panel choice is taken from it; Esc keeps the note; words typed on the idle desk
become the next call's first note."""

from __future__ import annotations

import pytest

from tui.app.desk.caller_type import CallerTypeScreen
from tui.app.desk.offer import OfferScreen
from tui.app.desk.wrap_up import WrapUpScreen
from tui.app.widgets.callback_panel import CallbackPanel
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.notes_view import NotesView
from tui.services.summaries import render

from .conftest import desk_screen, settle, until
from .panels import PANELS, SENTENCE


def filed_md(desk) -> str:
    return render({"calls": list(desk.history.calls())}, "md", "Europe/London")


async def file_the_call(pilot) -> None:
    screen = desk_screen(pilot.app)
    await pilot.press("f10")
    await until(pilot, lambda: isinstance(pilot.app.screen, WrapUpScreen))
    await pilot.press("enter")
    await until(pilot, lambda: screen.session is None)
    await settle(pilot)


@pytest.mark.parametrize("panel", sorted(PANELS))
async def test_a_sentence_typed_with_a_panel_open_is_found_whole_in_the_filed_call(make_app, desk, panel):
    key, is_open = PANELS[panel]
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press(key)
        await until(pilot, lambda: is_open(app))
        await pilot.press(*SENTENCE)
        await settle(pilot)
        assert screen.query_one(NoteInput).value == SENTENCE  # every key, in order, in the note
        assert is_open(app)  # and the panel did nothing with them
        await pilot.press("enter")  # saves the note (the wrap-up files the call with it)
        await settle(pilot)
        if panel != "F10 wrap-up":
            assert [note.text for note in screen.call.state.notes] == [SENTENCE]
            await pilot.press("escape")
            await settle(pilot)
            await file_the_call(pilot)
        else:
            await until(pilot, lambda: screen.session is None)
    [record] = list(desk.history.calls())
    assert [event["text"] for event in record["events"] if event["type"] == "note"] == [SENTENCE]
    assert not [event for event in record["events"] if event["type"] in ("callback", "tag", "offer")]
    assert f"- 00:00 {SENTENCE}" in filed_md(desk)


async def test_esc_closes_a_panel_and_keeps_the_note_being_typed(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        editor = screen.query_one(NoteInput)
        for key in ("f5", "f6", "f7", "f9", "f10"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press(*f"typed with {key} open ")
            await pilot.press("escape")
            await settle(pilot)
            assert len(app.screen_stack) == 1 and not screen.query_one(CallbackPanel).is_open
        typed = "typed with f5 open typed with f6 open typed with f7 open typed with f9 open typed with f10 open"
        assert editor.value == typed + " "
        assert screen.call.state.notes == []  # F10 then Esc gives the note back, it does not save it
        await file_the_call(pilot)
    [record] = list(desk.history.calls())
    assert [event["text"] for event in record["events"] if event["type"] == "note"] == [typed]


async def test_one_key_choices_act_only_while_the_note_is_empty(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f6", "1")  # an empty note: 1 is the first caller type
        await settle(pilot)
        assert [tag["value"] for tag in screen.call.state.tags] == ["emotional"]
        await pilot.press("f6", *"x1", "enter")  # once typing began, 1 is the note's
        await settle(pilot)
        assert isinstance(app.screen, CallerTypeScreen) and len(screen.call.state.tags) == 1
        assert [note.text for note in screen.call.state.notes] == ["x1"]
        await pilot.press("escape", "f5", *"a", "2")  # the panel keeps its window: 2 went to the note
        await settle(pilot)
        panel = screen.query_one(CallbackPanel)
        assert panel.preset is None and screen.query_one(NoteInput).value == "a2"


async def test_a_panel_field_takes_the_keys_only_after_tab_and_gives_them_back(make_app, desk):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f7", "2")  # credit
        await pilot.press("tab", *"40")  # Tab: the amount has the keys
        await settle(pilot)
        offer = app.screen
        assert offer.query_one("#offer-amount").value == "40" and screen.query_one(NoteInput).value == ""
        await pilot.press("escape", *"she took it")  # Esc: the keys back; typing goes to the note again
        await settle(pilot)
        assert offer.query_one("#offer-amount").value == "40" and screen.query_one(NoteInput).value == "she took it"
        await pilot.press("f5", "tab")
        await settle(pilot)
        assert isinstance(app.screen, OfferScreen)  # F5 belongs to the desk: the offer dialog stays


async def test_an_amount_is_needed_for_a_money_offer(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f7", "1", "enter")  # a refund with no amount: not stored as inside authority
        await settle(pilot)
        assert isinstance(app.screen, OfferScreen) and screen.call.state.offers == []
        assert "Type the amount of the Refund first" in str(app.screen.query_one("#offer-verdict").render())


async def test_words_typed_on_the_idle_desk_become_the_first_note_of_the_next_call(make_app, desk):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await pilot.press(*"she called yesterday too", "enter", *"wants the manager")
        await settle(pilot)
        assert screen.waiting == ["she called yesterday too"]
        assert "Waiting for the next call: 1 note(s)" in str(screen.query_one("#notes").border_title)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"+44 20 7031 3000", "enter")
        await until(pilot, lambda: screen.live)
        assert [note.text for note in screen.call.state.notes] == ["she called yesterday too"]
        assert screen.query_one(NoteInput).value == "wants the manager"
        await file_the_call(pilot)
    [record] = list(desk.history.calls())
    notes = [(event["t"], event["text"]) for event in record["events"] if event["type"] == "note"]
    assert notes == [(0.0, "she called yesterday too"), (0.0, "wants the manager")]


async def test_a_paste_with_a_dialog_open_goes_to_the_note(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f7")
        await settle(pilot)
        app.post_message(__import__("textual.events", fromlist=["Paste"]).Paste("order 4411\nsecond line"))
        await settle(pilot)
        assert [note.text for note in screen.call.state.notes] == ["order 4411"]
        assert screen.query_one(NoteInput).value == "second line" and isinstance(app.screen, OfferScreen)


async def test_a_back_dated_note_is_shown_where_it_happened_on_the_call_clock(make_app, desk, clock):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        clock.advance(9)
        await pilot.press(*"at nine seconds", "enter")
        clock.advance(6)
        await pilot.press(*"-14s said at the start", "enter")
        await settle(pilot)
        shown = [note.text for note in screen.query_one(NotesView).shown]
        assert shown == ["said at the start", "at nine seconds"]
        await file_the_call(pilot)
    md = filed_md(desk)
    assert md.index("- 00:01 said at the start") < md.index("- 00:09 at nine seconds")
