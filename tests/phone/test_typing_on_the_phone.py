"""The keyboard rule with the phone driving the desk (issue 14 item 1): what the agent types while
the phone rings, and during after-call work (with the wrap-up opening by itself), lands in the note;
nothing is dropped and no wrap-up choice is taken from it. Events go in through the real socket."""

from __future__ import annotations

from dataclasses import replace

from tests.app.conftest import burst
from tests.phone.desk_driver import NUMBER, desk_screen, phone, settle, until
from tui.app.base import desk_app
from tui.app.desk.wrap_up import WrapUpScreen
from tui.app.widgets.note_input import NoteInput
from tui.services.session import open_desk


def notes_filed(data_dir, clock, config) -> list[str]:
    [record] = list(open_desk(config, data_dir, clock).history.calls())
    return [event["text"] for event in record["events"] if event["type"] == "note"]


async def test_words_typed_while_the_phone_rings_are_the_answered_calls_note(config, data_dir, clock):
    app = desk_app(open_desk(replace(config), data_dir, clock))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "ringing", NUMBER, "pbx-1")
        burst(pilot, *"returning about order 4411", "enter", *"she sounds upset")
        await settle(pilot)
        await phone(pilot, data_dir, "answered", ref="pbx-1")
        await until(pilot, lambda: screen.live)
        assert [note.text for note in screen.call.state.notes] == ["returning about order 4411"]
        assert screen.query_one(NoteInput).value == "she sounds upset"
        await pilot.press("enter", "f10")
        await until(pilot, lambda: isinstance(app.screen, WrapUpScreen))
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is None)
    assert notes_filed(data_dir, clock, config) == ["returning about order 4411", "she sounds upset"]


async def test_typing_through_after_call_work_and_the_wrap_up_that_opened_by_itself_lands_in_the_note(config, data_dir, clock):
    app = desk_app(open_desk(replace(config), data_dir, clock))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "ringing", NUMBER, "pbx-1")
        await phone(pilot, data_dir, "answered", ref="pbx-1")
        await until(pilot, lambda: screen.live)
        clock.advance(30)
        await phone(pilot, data_dir, "ended", ref="pbx-1", by="caller")
        burst(pilot, *"refund 2 of 3 items", "enter")  # after-call work: typing at once
        await settle(pilot)
        assert [note.text for note in screen.call.state.notes] == ["refund 2 of 3 items"]
        await until(pilot, lambda: isinstance(app.screen, WrapUpScreen))  # opened by itself once typing paused
        wrap_up = app.screen
        burst(pilot, *"2 boxes sent")  # the 2 is the note's: the agent did not open this wrap-up
        await settle(pilot)
        assert screen.query_one(NoteInput).value == "2 boxes sent"
        assert wrap_up.query_one("#outcome").highlighted == 0
        await pilot.press("enter")  # saves the note: this wrap-up was not the agent's idea
        await settle(pilot)
        assert app.screen is wrap_up and [note.text for note in screen.call.state.notes][-1] == "2 boxes sent"
        await pilot.press("enter")  # the note empty: Enter files the call
        await until(pilot, lambda: screen.session is None)
    assert notes_filed(data_dir, clock, config) == ["refund 2 of 3 items", "2 boxes sent"]
