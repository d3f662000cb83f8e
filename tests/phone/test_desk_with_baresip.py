"""The desk on a real baresip: a caller's baresip dials the agent's, the desk (connected to the
agent's ctrl_tcp) follows the ring, answers with Ctrl+N, holds with F8 and wraps up on hang-up."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from tests.phone.desk_driver import banner, desk_screen, settle, status, until
from tui.app.base import desk_app
from tui.app.desk.app import DeskApp
from tui.app.widgets.note_input import NoteInput
from tui.services.session import open_desk


@pytest.fixture
def caller(phones):
    """The test's hold on the caller's phone (the desk holds the agent's ctrl_tcp)."""
    control = phones.caller.control()
    yield control
    control.close()


@pytest.fixture
def app(phones, config, data_dir, clock) -> DeskApp:
    """The desk, its [phone] baresip pointing at the agent's baresip."""
    return desk_app(open_desk(replace(config, phone_baresip=phones.agent.ctrl_address), data_dir, clock))


async def answered(pilot, phones, caller) -> None:
    """The desk connected to the agent's baresip, the caller dials, Ctrl+N answers on the phone."""
    screen = desk_screen(pilot.app)
    await until(pilot, lambda: screen.phone.hub is not None and screen.phone.hub.link.connected, timeout=10)
    await asyncio.to_thread(phones.dial_agent, caller)
    await until(pilot, lambda: "Ringing: +44 20 7031 3000" in banner(pilot), timeout=10)
    assert screen.session is None
    await pilot.press("ctrl+n")  # answers on the phone too
    assert screen.live and screen.call.state.caller == "+442070313000"
    await asyncio.to_thread(caller.wait_event, "CALL_ESTABLISHED")


async def test_baresip_rings_the_desk_which_answers_holds_and_wraps_up(app, phones, caller, config, data_dir, clock):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await answered(pilot, phones, caller)
        await pilot.press(*"wants a refund", "enter")
        clock.advance(10)
        caller.events.clear()
        await pilot.press("f8")  # the phone holds too: the caller's side gets a re-INVITE (an SDP offer)
        await asyncio.to_thread(caller.wait_event, "CALL_REMOTE_SDP", param="offer")
        clock.advance(5)
        await pilot.press("f8")
        await settle(pilot, 0.3)
        assert "refused" not in status(pilot)
        clock.advance(20)
        await asyncio.to_thread(caller.command, "hangup")
        await until(pilot, lambda: screen.call is not None and not screen.call.talking, timeout=10)
        assert screen.call.state.ended_by == "caller"
        await until(pilot, lambda: app.screen is not screen)  # the wrap-up opened by itself
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is None)
    [record] = open_desk(config, data_dir, clock).history.calls()
    assert [e["type"] for e in record["events"]] == ["started", "step", "note", "hold", "resume", "ended", "filed"]


async def test_filing_on_the_desk_hangs_up_the_phone(app, phones, caller, config, data_dir, clock):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await answered(pilot, phones, caller)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")
        closed = await asyncio.to_thread(caller.wait_event, "CALL_CLOSED")
        assert "peer" in closed["param"]  # the agent's side hung up
        await until(pilot, lambda: screen.session is None)
        await settle(pilot, 0.3)
        assert "does not know" not in status(pilot)  # the phone's own CALL_CLOSED is no surprise
    [record] = open_desk(config, data_dir, clock).history.calls()
    assert record["events"][-2]["by"] == "agent"


async def test_baresip_killed_mid_call_and_restarted(app, phones, caller, config, data_dir, clock):
    """kill -9 of the agent's baresip during a call: the call on the desk and its notes stay, the
    desk says so quietly and reconnects once baresip is back; the next call rings and is answered."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await answered(pilot, phones, caller)
        await pilot.press(*"meter reading 0413", "enter", *"she will send a photo")
        phones.agent.process.kill()  # SIGKILL: no goodbye on the ctrl_tcp connection, no BYE to the caller
        await asyncio.to_thread(phones.agent.process.wait, 5)
        await until(pilot, lambda: not screen.phone.hub.link.connected, timeout=10)
        await until(pilot, lambda: "went away" in status(pilot) or "cannot be reached" in status(pilot), timeout=10)
        assert screen.live and screen.call.talking
        assert [note.text for note in screen.call.state.notes] == ["meter reading 0413"]
        assert screen.query_one(NoteInput).value == "she will send a photo"
        await asyncio.to_thread(phones.agent.start)
        await until(pilot, lambda: screen.phone.hub.link.connected, timeout=20)
        assert "connected to baresip" in status(pilot)
        await pilot.press(*" tomorrow", "enter", "f10")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("enter")  # the restarted baresip does not know the call: a quiet line at most
        await until(pilot, lambda: screen.session is None)
        await asyncio.to_thread(caller.command, "hangup")  # the caller's side of the call baresip lost
        await answered(pilot, phones, caller)  # the next call rings through the restarted baresip
        await asyncio.to_thread(caller.command, "hangup")
        await until(pilot, lambda: not screen.call.talking, timeout=10)
    [first] = open_desk(config, data_dir, clock).history.calls()
    assert [e["text"] for e in first["events"] if e["type"] == "note"] == ["meter reading 0413", "she will send a photo tomorrow"]
