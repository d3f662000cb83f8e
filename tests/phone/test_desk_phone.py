"""The phone drives the desk as its keys do: events through the real local socket, keys by Pilot,
the call read back from the history."""

from __future__ import annotations

import asyncio

import pytest

from tests.phone.desk_driver import NUMBER, banner, desk_screen, phone, settle, status, until
from tui.app.desk.phone_not_up import PhoneNotUp, start_phone
from tui.app.widgets.note_input import NoteInput
from tui.domain.callback.phone import parse_caller
from tui.services.session import open_desk


def filed(data_dir, clock, config):
    return list(open_desk(config, data_dir, clock).history.calls())


async def test_a_whole_call_from_phone_events(phone_desk, data_dir, clock, config):
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        focused = app.focused
        await phone(pilot, data_dir, "ringing", NUMBER, "pbx-1")
        assert "Ringing: +44 20 7031 3000" in banner(pilot)
        assert screen.session is None and app.focused is focused  # nothing else moves
        await until(pilot, lambda: "First call from this number." in banner(pilot))
        await phone(pilot, data_dir, "answered", ref="pbx-1")
        assert screen.live and screen.call.state.caller == NUMBER
        await pilot.press(*"parcel lost", "enter")
        clock.advance(20)
        await phone(pilot, data_dir, "hold", ref="pbx-1")
        assert screen.call.state.on_hold
        clock.advance(15)
        await phone(pilot, data_dir, "resume", ref="pbx-1")
        assert not screen.call.state.on_hold
        clock.advance(30)
        await phone(pilot, data_dir, "ended", ref="pbx-1", by="caller")
        assert screen.session is not None and not screen.call.talking  # after-call work
        await until(pilot, lambda: app.screen is not screen)  # the wrap-up opened by itself
        assert "After-call work" in banner(pilot)
        clock.advance(12)
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is None)
        assert "Ready for the next call" in status(pilot)
    [record] = filed(data_dir, clock, config)
    kinds = [event["type"] for event in record["events"]]
    assert kinds == ["started", "step", "note", "hold", "resume", "ended", "filed"]
    ended, filed_event = record["events"][-2:]
    assert ended["by"] == "caller" and ended["t"] == 65.0
    assert filed_event["t"] == 77.0 and record["outcome"] == "resolved"


async def test_ctrl_n_answers_the_ringing_phone(phone_desk, data_dir):
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "ringing", "020 7031 3000", "r1")  # national: default region GB
        await pilot.press("ctrl+n")
        assert screen.live and screen.call.state.caller == NUMBER
        assert app.focused is screen.query_one(NoteInput)
        await phone(pilot, data_dir, "answered", ref="r1")  # the phone confirms: nothing new
        assert [e["type"] for e in screen.call.log] == ["started", "step"]


async def test_the_callers_history_shows_when_it_rings(phone_desk, data_dir, clock, config):
    desk = open_desk(config, data_dir, clock)
    for outcome in ("resolved", "escalated"):
        session, _ = desk.start_call(NUMBER)
        clock.advance(60)
        session.finish(outcome, "logistics")
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await phone(pilot, data_dir, "ringing", NUMBER, "r2")
        await until(pilot, lambda: "2 earlier call(s)" in banner(pilot))
        assert "Escalated, Logistics" in banner(pilot)
        shown_as = parse_caller(NUMBER, config.default_region).display
        assert shown_as != NUMBER and f"{shown_as} is ringing" in status(pilot)  # as the banner names it


async def test_a_call_begun_before_the_phone_was_up_is_followed_once_it_is(phone_desk, data_dir, clock, config):
    """The phone starts just after the first frame (phone_not_up.py); a call begun before that (keys
    typed ahead of the frame) gets what a call begun later gets: its caller's history on the banner."""
    desk = open_desk(config, data_dir, clock)
    session, _ = desk.start_call(NUMBER)
    clock.advance(60)
    session.finish("resolved", "logistics")
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await screen.phone.stopped()  # the desk as it is before its first frame: no phone yet
        screen.phone = PhoneNotUp()
        screen.begin_call(NUMBER)
        await settle(pilot)
        assert "earlier call" not in banner(pilot)
        start_phone(screen)
        await until(pilot, lambda: "1 earlier call(s)" in banner(pilot))
        assert screen.phone.hub is not None


async def test_a_required_wrap_up_keeps_the_next_call_waiting(phone_desk, data_dir):
    app = phone_desk(wrapup_required=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "answered", NUMBER, "a")
        await phone(pilot, data_dir, "ended", ref="a")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("escape")  # back to the notes: after-call work goes on
        await phone(pilot, data_dir, "ringing", "+16502530000", "b")
        assert "file this wrap-up first" in banner(pilot)
        await pilot.press("ctrl+n")
        assert "File this wrap-up first" in status(pilot)
        assert screen.call.state.caller == NUMBER  # still the first call
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is None)
        assert "Ringing: +1 650-253-0000" in banner(pilot)
        await pilot.press("ctrl+n")
        assert screen.call.state.caller == "+16502530000"


async def test_a_call_waiting_rings_once_the_call_on_the_desk_hangs_up(phone_desk, data_dir):
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "answered", NUMBER, "first")
        await phone(pilot, data_dir, "ringing", "+16502530000", "second")
        assert "Call waiting" in status(pilot) and "Ringing" not in banner(pilot)
        await phone(pilot, data_dir, "ended", ref="first", by="caller")
        assert "Ringing: +1 650-253-0000" in banner(pilot)
        await until(pilot, lambda: "First call from this number." in banner(pilot))  # the new caller's history
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("enter")  # file the first call
        await until(pilot, lambda: screen.session is None)
        await pilot.press("ctrl+n")
        assert screen.call.state.caller == "+16502530000"


@pytest.mark.parametrize("steps_into_the_shutdown", range(-6, 6))  # the races seen: -3 to 0
async def test_a_wrap_up_due_while_the_desk_closes_does_not_stop_it(phone_desk, data_dir, steps_into_the_shutdown):
    """The quiet second after a hang-up can end just as the desk is quitting: the wrap-up pushed onto a
    closing app found its lists gone (NoMatches: the desk stopped on an internal error)."""
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "ringing", NUMBER, "pbx-7")
        await phone(pilot, data_dir, "answered", ref="pbx-7")
        await phone(pilot, data_dir, "ended", ref="pbx-7", by="caller")
        assert screen.live and not screen.call.talking
        app.last_input = 0.0  # the agent paused long ago: the wrap-up is due now
        if steps_into_the_shutdown < 0:  # the wrap-up first, the quit a few steps after
            screen.phone._maybe_open_wrapup()  # what the phone's timer runs
            for _ in range(-steps_into_the_shutdown):
                await asyncio.sleep(0)
            app.exit()
        else:
            app.exit()
            for _ in range(steps_into_the_shutdown):
                await asyncio.sleep(0)
            screen.phone._maybe_open_wrapup()
