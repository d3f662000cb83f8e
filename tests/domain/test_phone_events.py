"""What each phone event means for the desk (tui.domain.call.phone_events): pure, no phone."""

from __future__ import annotations

import pytest

from tui.domain.call import phone_events as pe

IDLE = pe.DeskNow()
TALKING = pe.DeskNow(has_call=True, talking=True)
WRAPPING_UP = pe.DeskNow(has_call=True, talking=False)
WRAPPING_UP_REQUIRED = pe.DeskNow(has_call=True, talking=False, wrapup_required=True)


def ev(kind: str, ref: str = "r1", caller: str = "+16502530000", by: str = "") -> pe.PhoneEvent:
    return pe.PhoneEvent(kind, ref, caller, by=by)


def test_ring_answer_hold_hang_up():
    calls = pe.PhoneCalls()
    assert calls.react(ev("ringing"), IDLE).action == pe.SHOW_RINGING
    started = calls.react(ev("answered", caller=""), IDLE)
    assert started.action == pe.START_CALL and started.event.caller == "+16502530000"  # from the ring
    calls.call_started("r1")
    assert calls.ringing is None
    assert calls.react(ev("hold"), TALKING).action == pe.PUT_ON_HOLD
    assert calls.react(ev("hold"), pe.DeskNow(has_call=True, talking=True, on_hold=True)).action == pe.SAY  # already
    assert calls.react(ev("resume"), pe.DeskNow(has_call=True, talking=True, on_hold=True)).action == pe.TAKE_OFF_HOLD
    assert calls.react(ev("ended", by="caller"), TALKING).action == pe.HANG_UP
    calls.call_filed()
    late = calls.react(ev("ended"), IDLE)  # the phone's own echo after the desk filed it
    assert late.action == pe.SAY and late.message == ""


@pytest.mark.parametrize(
    "kind, desk, message",
    [
        ("hold", TALKING, "does not know"),  # another call's hold
        ("resume", TALKING, "does not know"),
        ("ended", TALKING, "does not know"),
        ("hold", IDLE, "does not know"),
    ],
)
def test_an_event_for_a_call_the_desk_does_not_know_changes_nothing(kind, desk, message):
    calls = pe.PhoneCalls()
    calls.call_started("mine")
    reaction = calls.react(ev(kind, ref="someone-else"), desk)
    assert reaction.action == pe.SAY and message in reaction.message


def test_ended_with_no_call_is_a_quiet_line():
    reaction = pe.PhoneCalls().react(pe.PhoneEvent("ended"), IDLE)
    assert reaction.action == pe.SAY and "no call is on the desk" in reaction.message


def test_a_second_ring_during_a_call_waits_and_is_not_answered():
    calls = pe.PhoneCalls()
    calls.call_started("r1")
    waiting = calls.react(ev("ringing", ref="r2", caller="+442070313000"), TALKING)
    assert waiting.action == pe.SAY and "Call waiting" in waiting.message and "+442070313000" in waiting.message
    assert calls.ringing is None and "r2" in calls.waiting
    other = calls.react(ev("answered", ref="r2"), TALKING)  # answered on the phone itself
    assert other.action == pe.SAY and "stays with the call in progress" in other.message
    assert calls.react(ev("ringing", ref="r3"), TALKING).action == pe.SAY
    assert calls.react(ev("ended", ref="r1"), TALKING).action == pe.HANG_UP
    assert calls.promote_waiting().ref == "r3"  # the one still ringing is the one shown now


def test_a_ring_that_stops_is_a_missed_call():
    calls = pe.PhoneCalls()
    calls.react(ev("ringing"), IDLE)
    reaction = calls.react(ev("ended"), IDLE)
    assert reaction.action == pe.STOP_RINGING and "Missed call" in reaction.message
    assert calls.ringing is None


@pytest.mark.parametrize(
    "desk, action",
    [(WRAPPING_UP, pe.FILE_AND_START), (WRAPPING_UP_REQUIRED, pe.FILE_FIRST)],
)
def test_answered_during_a_wrap_up(desk, action):
    calls = pe.PhoneCalls()
    calls.call_started("old")
    assert calls.react(ev("ringing", ref="new"), desk).action == pe.SHOW_RINGING
    assert calls.react(ev("answered", ref="new"), desk).action == action


def test_a_ring_during_a_required_wrap_up_says_so():
    calls = pe.PhoneCalls()
    calls.call_started("old")
    reaction = calls.react(ev("ringing", ref="new"), WRAPPING_UP_REQUIRED)
    assert reaction.action == pe.SHOW_RINGING and "file this wrap-up first" in reaction.message


def test_events_without_a_ref_are_about_the_only_call():
    calls = pe.PhoneCalls()
    calls.call_started("")  # a call typed in by hand
    assert calls.react(pe.PhoneEvent("hold"), TALKING).action == pe.PUT_ON_HOLD
    assert calls.react(ev("hold", ref="a-baresip-call"), TALKING).action == pe.SAY  # not this one
    assert calls.react(pe.PhoneEvent("ended", by="agent"), TALKING).action == pe.HANG_UP


def test_dialling_out_for_a_call_typed_in_by_hand_links_it():
    calls = pe.PhoneCalls()
    calls.call_started("")
    calls.react(ev("answered", ref="out-1"), TALKING)
    assert calls.current == "out-1"
    assert calls.react(ev("ended", ref="out-1"), TALKING).action == pe.HANG_UP


def test_values_are_bounded_and_checked():
    with pytest.raises(ValueError):
        pe.PhoneEvent("transfer")
    event = pe.PhoneEvent("ringing", "r" * 10_000, "9" * 10_000, by="nobody")
    assert len(event.ref) == pe.MAX_REF and len(event.caller) == pe.MAX_CALLER and event.by == ""
