"""The banner under the header: the caller's number from a SIP URI, the caller's history at the
start of any call with a number and for its first minute only, the after-call-work timer amber
past [wrapup] target_seconds."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.phone.desk_driver import NUMBER, banner, desk_screen, phone, settle, until
from tui.app.base import desk_app
from tui.app.desk.app import DeskApp
from tui.app.desk.phone_desk import HISTORY_SECONDS
from tui.app.widgets.phone_banner import AMBER, PhoneBanner
from tui.services.phone.baresip import caller_from_uri, phone_event
from tui.services.session import open_desk


@pytest.mark.parametrize(
    "uri, caller",
    [
        ("sip:+442070313000@127.0.0.1:5060", "+442070313000"),
        ('"Jane Roe" <sip:+16502530000@pbx.example.com;transport=tcp>', "+16502530000"),
        ("sips:02070313000@pbx;user=phone", "02070313000"),
        ("sip:%2B442070313000@pbx", "+442070313000"),  # an escaped plus
        ("tel:+16502530000", "+16502530000"),
        ("sip:pbx.example.com", "pbx.example.com"),  # no user part: what there is
        ("", ""),
    ],
)
def test_the_caller_is_the_user_part_of_the_sip_address(uri, caller):
    assert caller_from_uri(uri) == caller


def test_baresip_events_as_phone_events():
    incoming = phone_event({"event": True, "type": "CALL_INCOMING", "id": "7", "peeruri": "sip:+16502530000@h"})
    assert (incoming.kind, incoming.ref, incoming.caller, incoming.source) == ("ringing", "7", "+16502530000", "baresip")
    assert phone_event({"event": True, "type": "CALL_CLOSED", "id": "7", "param": "Connection reset by peer"}).by == "caller"
    assert phone_event({"event": True, "type": "CALL_CLOSED", "id": "7", "param": "Rejected by user"}).by == "agent"
    assert phone_event({"event": True, "type": "REGISTER_OK"}) is None


@pytest.fixture
def phone_desk(config, data_dir, clock):
    def build(**settings) -> DeskApp:
        return desk_app(open_desk(replace(config, **settings), data_dir, clock))

    return build


def file_one_call(config, data_dir, clock) -> None:
    session, _ = open_desk(config, data_dir, clock).start_call(NUMBER)
    clock.advance(60)
    session.finish("escalated", "logistics")


async def test_a_call_typed_in_by_hand_shows_the_callers_history_for_a_minute(phone_desk, config, data_dir, clock):
    file_one_call(config, data_dir, clock)
    app = phone_desk()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await pilot.press("ctrl+n", *"020 7031 3000", "enter")  # no phone: Ctrl+N and a number
        await until(pilot, lambda: screen.live)
        await until(pilot, lambda: "1 earlier call(s)" in banner(pilot))
        assert "Escalated, Logistics" in banner(pilot)
        clock.advance(HISTORY_SECONDS - 1)
        screen.phone.tick()
        assert "1 earlier call(s)" in banner(pilot)
        clock.advance(2)
        screen.phone.tick()
        await pilot.pause()
        assert banner(pilot) == ""  # after the first minute the banner makes room again


async def test_the_after_call_work_timer_turns_amber_past_its_target(phone_desk, data_dir, clock):
    app = phone_desk(wrapup_target_seconds=30)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await phone(pilot, data_dir, "answered", NUMBER, "a")
        await pilot.press(*"typing on")  # the wrap-up waits while a note is being typed
        await phone(pilot, data_dir, "ended", ref="a", by="caller")
        clock.advance(29)
        screen.phone.tick()
        assert "After-call work  00:29 / 00:30" in banner(pilot)
        assert AMBER not in styles(pilot)
        clock.advance(2)
        screen.phone.tick()
        assert "After-call work  00:31 / 00:30" in banner(pilot)
        assert AMBER in styles(pilot)


def styles(pilot) -> set[str]:
    """The styles of what the banner shows now (the Rich text it was given)."""
    content = desk_screen(pilot.app).query_one(PhoneBanner).content
    return {str(span.style) for span in content.spans}
