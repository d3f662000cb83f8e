"""The phone under the keyboard rule (issue 14 with issue 17): whatever the phone does, every
printable key lands in the note being typed. Typing while it rings, during after-call work, and
around the wrap-up that opens by itself after the hang-up: no key is swallowed, none picks an
outcome the agent did not choose, none is lost."""

from __future__ import annotations

import pytest

from tests.phone.desk_driver import NUMBER, banner, desk_screen, phone, settle, status, until
from tui.app.desk.phone_desk import QUIET_BEFORE_WRAPUP
from tui.app.widgets.note_input import NoteInput
from tui.services.session import open_desk


def editor(pilot) -> str:
    return desk_screen(pilot.app).query_one(NoteInput).value


def notes(pilot) -> list[str]:
    return [note.text for note in desk_screen(pilot.app).call.state.notes]


def filed_notes(config, data_dir, clock) -> list[str]:
    [record] = open_desk(config, data_dir, clock).history.calls()
    return [event["text"] for event in record["events"] if event["type"] == "note"]


async def test_typing_while_it_rings_is_the_calls_first_note(phone_desk, data_dir, config, clock):
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "ringing", NUMBER, "r1")
        await pilot.press(*"order 4471")  # the agent reads the order number off the CRM as it rings
        assert "Ringing" in banner(pilot) and editor(pilot) == "order 4471"
        await phone(pilot, data_dir, "answered", ref="r1")  # answered on the phone itself
        assert screen.live and editor(pilot) == "order 4471"
        await pilot.press(*" due friday", "enter")
        assert notes(pilot) == ["order 4471 due friday"]
        await phone(pilot, data_dir, "ended", ref="r1", by="caller")
        await until(pilot, lambda: app.screen is not screen, timeout=QUIET_BEFORE_WRAPUP + 5)
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is None)
    assert filed_notes(config, data_dir, clock) == ["order 4471 due friday"]


async def test_keys_typed_as_the_caller_hangs_up_stay_in_the_note(phone_desk, data_dir, config, clock):
    """Mid-word at the hang-up: the wrap-up waits until the note is saved and the agent pauses; the
    digits typed right after it opened by itself are the note's, not outcome choices."""
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "answered", NUMBER, "r1")
        await pilot.press(*"refund of ")
        await phone(pilot, data_dir, "ended", ref="r1", by="caller")
        assert not screen.call.talking and "After-call work" in banner(pilot)
        await pilot.press(*"12.50 agreed")
        await pilot.pause(QUIET_BEFORE_WRAPUP + 0.5)
        assert app.screen is screen  # a note is being typed: the wrap-up does not open over it
        await pilot.press("enter")
        assert notes(pilot) == ["refund of 12.50 agreed"]
        await until(pilot, lambda: app.screen is not screen, timeout=QUIET_BEFORE_WRAPUP + 5)
        await pilot.press(*"2 parcels sent back")  # '2' would pick "callback promised" in F10's wrap-up
        assert editor(pilot) == "2 parcels sent back"
        await pilot.press("enter")  # saves the note (this wrap-up was not the agent's idea)
        assert notes(pilot)[-1] == "2 parcels sent back" and app.screen is not screen
        await pilot.press("enter")  # the note empty: files the call
        await until(pilot, lambda: screen.session is None)
        assert "Resolved" in status(pilot)
    assert filed_notes(config, data_dir, clock) == ["refund of 12.50 agreed", "2 parcels sent back"]


async def test_the_wrap_up_opened_by_the_agent_still_takes_digits(phone_desk, data_dir, config, clock):
    """F10 is the agent asking for the wrap-up: there a digit on an empty note picks the outcome."""
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "answered", NUMBER, "r1")
        await phone(pilot, data_dir, "ended", ref="r1", by="caller")
        await pilot.press("left")  # a key: the agent is busy, so it does not open by itself now
        if app.screen is not screen:  # a loaded machine took over a second before that key: it did
            await pilot.press("escape")
        await pilot.press("f10")
        await until(pilot, lambda: app.screen is not screen)
        assert not app.screen.opened_by_itself
        await pilot.press("3", "enter")
        await until(pilot, lambda: screen.session is None)
    [record] = open_desk(config, data_dir, clock).history.calls()
    assert record["outcome"] == "escalated"


async def test_typing_during_a_required_wrap_up_while_the_next_call_rings(phone_desk, data_dir, config, clock):
    app = phone_desk(wrapup_required=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "answered", NUMBER, "a")
        await phone(pilot, data_dir, "ended", ref="a", by="caller")
        await until(pilot, lambda: app.screen is not screen, timeout=QUIET_BEFORE_WRAPUP + 5)
        await phone(pilot, data_dir, "ringing", "+16502530000", "b")
        assert "file this wrap-up first" in banner(pilot)
        await pilot.press(*"address changed", "ctrl+n", *" to leeds")
        assert "File this wrap-up first" in status(pilot)
        assert editor(pilot) == "address changed to leeds" and screen.call.state.caller == NUMBER
        await pilot.press("enter", "enter")  # the wrap-up that opened by itself: the note saved, then filed
        await until(pilot, lambda: screen.session is None)
        await pilot.press("ctrl+n")
        assert screen.live and screen.call.state.caller == "+16502530000"
    assert filed_notes(config, data_dir, clock) == ["address changed to leeds"]


async def answer_during_after_call_work(pilot, data_dir, how: str) -> None:
    """A call hung up and its wrap-up open by itself; the next call rings and is answered `how`."""
    screen = desk_screen(pilot.app)
    await phone(pilot, data_dir, "answered", NUMBER, "a")
    await pilot.press(*"boiler fixed", "enter")
    await phone(pilot, data_dir, "ended", ref="a", by="caller")
    await until(pilot, lambda: pilot.app.screen is not screen, timeout=QUIET_BEFORE_WRAPUP + 5)
    await phone(pilot, data_dir, "ringing", "+16502530000", "b")
    if how == "esc then ctrl+n":
        await pilot.press("escape", "ctrl+n")
    elif how == "ctrl+n in the wrap-up":
        await pilot.press("down", "down", "ctrl+n")  # the outcome highlighted is the one filed
    else:
        await phone(pilot, data_dir, "answered", ref="b")
    await until(pilot, lambda: screen.session is not None and screen.call.state.caller == "+16502530000")
    assert pilot.app.screen is screen and screen.live and screen.call.talking
    await pilot.press(*"second caller", "enter")
    assert notes(pilot) == ["second caller"]


@pytest.mark.parametrize("how", ["esc then ctrl+n", "ctrl+n in the wrap-up", "answered on the phone"])
async def test_answering_during_after_call_work_files_the_last_call_first(phone_desk, data_dir, config, clock, how):
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await answer_during_after_call_work(pilot, data_dir, how)
    [record] = open_desk(config, data_dir, clock).history.calls()
    assert record["caller"] == NUMBER and [e["text"] for e in record["events"] if e["type"] == "note"] == ["boiler fixed"]
    assert record["outcome"] == ("escalated" if how == "ctrl+n in the wrap-up" else "resolved")


async def test_answered_on_the_phone_during_a_required_wrap_up_starts_once_it_is_filed(phone_desk, data_dir, config, clock):
    app = phone_desk(wrapup_required=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "answered", NUMBER, "a")
        await pilot.press(*"still typing")  # the wrap-up stays closed while a note is being typed
        await phone(pilot, data_dir, "ended", ref="a", by="caller")
        await phone(pilot, data_dir, "ringing", "+16502530000", "b")
        await phone(pilot, data_dir, "answered", ref="b")  # picked up on the phone itself
        assert "file this wrap-up (F10) and the new call starts" in status(pilot)
        assert screen.call.state.caller == NUMBER and editor(pilot) == "still typing"
        await pilot.press("enter", "f10")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is not None and screen.call.state.caller == "+16502530000")
        assert screen.live and screen.call.talking
    [record] = open_desk(config, data_dir, clock).history.calls()
    assert record["caller"] == NUMBER and [e["text"] for e in record["events"] if e["type"] == "note"] == ["still typing"]
