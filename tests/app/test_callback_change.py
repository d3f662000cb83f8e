"""A commitment is never changed by one stray key, and never doubled by a second F5 (issue 14
item 2): the second F5 opens the promise for change (same UID, SEQUENCE + 1), the header shows
the promise, a callback call from the queue shows the call it keeps a promise of and offers to
mark it kept when filed; the due line does not count the call's own promise."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

import tui.domain.callback.commitments as q
from tui.app.desk.callback_queue import CallbackQueueScreen
from tui.app.desk.wrap_up import WrapUpScreen
from tui.app.widgets.call_facts import CallFacts
from tui.app.widgets.call_header import CallHeader
from tui.app.widgets.callback_panel import CallbackPanel
from tui.domain.callback.contact import check_number
from tui.domain.callback.invite import event_fields, make_commitment
from tui.domain.callback.window import compute_window
from tui.services.callbacks import issue_to_outbox, window_rules
from tui.services.summaries import render
from tui.store.callback_actions import actions_path

from .conftest import desk_screen, on_a_live_call, settle, until
from .test_callback_queue import file_call_with_callback, invites


def status(screen) -> str:
    return str(screen.query_one("#status").render())


async def call_back_from_the_queue(pilot, screen) -> str:
    """F9, then 4 on the one commitment: the callback call starts; what its origin panel shows."""
    await settle(pilot)
    await pilot.press("f9")
    await until(pilot, lambda: isinstance(pilot.app.screen, CallbackQueueScreen) and pilot.app.screen.entries)
    await pilot.press("4")
    await until(pilot, lambda: screen.live)
    origin = screen.query_one("#origin", CallFacts)
    await until(pilot, lambda: origin.display and "Callback for" in str(origin.render()))
    return str(origin.render())


async def test_a_second_f5_changes_the_promise_same_uid_next_sequence(make_app, desk, clock):
    async with on_a_live_call(make_app("+44 20 7031 3000")) as (pilot, screen):
        await pilot.press("f5", "enter")
        await until(pilot, lambda: "Callback promised" in status(screen))
        [first] = screen.call.state.callbacks
        assert "callback Mon 23 Nov 14:00-16:00 GMT" in str(screen.query_one(CallHeader).render())
        await pilot.press("f5")
        panel = screen.query_one(CallbackPanel)
        await until(pilot, lambda: panel.is_open and panel.proposal is not None)
        assert panel.changing == first and panel.query_one("#cb-custom").value == "2026-11-23 14:00-16:00"
        assert panel.proposal.ok and panel.proposal.result.window.start.isoformat() == "2026-11-23T14:00:00+00:00"
        await pilot.press("4", "enter")  # next business morning instead
        await until(pilot, lambda: len(screen.call.state.callbacks) == 2)
        await until(pilot, lambda: "Callback changed" in status(screen))
        first, second = screen.call.state.callbacks
        assert second["uid"] == first["uid"] and (first["sequence"], second["sequence"]) == (0, 1)
        assert "callback Tue 24 Nov 09:00-11:00 GMT" in str(screen.query_one(CallHeader).render())
        assert len(invites(desk, ".seq1.publish.ics")) == 1
        await pilot.press("f10", "enter")
        await until(pilot, lambda: screen.session is None)
    [record] = list(desk.history.calls())
    md = render({"calls": [record]}, "md", "Europe/London")
    commitment = md.split("**Commitment**")[1].split("**Review flags**")[0]
    assert "(replaced)" in commitment and "(changed: invite sequence 1)" in commitment
    entries = q.build_queue([record], [], clock.now_utc())
    assert len(entries) == 1 and entries[0].sequence == 1  # one commitment in the queue, not two


async def test_esc_in_the_change_keeps_the_promise_as_it_was(make_app, desk, clock):
    async with on_a_live_call(make_app("+44 20 7031 3000")) as (pilot, screen):
        await pilot.press("f5", "enter")
        await until(pilot, lambda: "Callback promised" in status(screen))
        await pilot.press("f5", "1", "escape")
        await settle(pilot)
        assert len(screen.call.state.callbacks) == 1 and len(invites(desk, ".ics")) == 1


async def test_the_callback_call_shows_the_call_it_keeps_and_filing_offers_to_mark_it_kept(make_app, desk, clock):
    promise = file_call_with_callback(desk, clock, "+44 20 7031 3000", "next_business_morning")  # Tuesday 09:00-11:00
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        shown = await call_back_from_the_queue(pilot, screen)
        assert "the call of Mon 23 Nov 14:00" in shown and "Tue 24 Nov 09:00-11:00 GMT" in shown and "not open yet" in shown
        assert "this callback is early" in status(screen)
        await pilot.press(*"called back, parcel found", "enter", "f10")
        await until(pilot, lambda: isinstance(app.screen, WrapUpScreen))
        assert app.screen.query_one("#keep").value  # offered, checked
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is None)
        await until(pilot, lambda: actions_path(desk.data_dir).exists())
        assert "The callback is marked kept" in status(screen)
        assert not screen.query_one("#origin", CallFacts).display  # the next call starts clean
    [action] = [json.loads(line) for line in actions_path(desk.data_dir).read_text().splitlines()]
    assert (action["type"], action["uid"]) == (q.KEPT, promise.uid) and action["call_id"] != promise.call_id
    [entry] = q.build_queue(list(desk.history.calls()), [action], clock.now_utc())
    assert entry.status == q.KEPT_EARLY  # before the window opened: recorded as early


async def test_the_calls_own_promise_is_not_due_on_the_status_line(make_app, desk, clock):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f5", "1", "enter")  # within 2 hours: 14:00-16:00, due at once
        await until(pilot, lambda: "Callback promised" in status(screen))
        screen.refresh_queue_cache()
        await settle(pilot, 0.3)
        assert "due" not in status(screen)


async def test_f5_twice_then_enter_reissues_the_same_invite_uid_with_sequence_one(make_app, desk):
    """Read back as a calendar reads it (icalendar): one event moved, not two events."""
    async with on_a_live_call(make_app("+44 20 7031 3000")) as (pilot, screen):
        await pilot.press("f5", "enter")
        await until(pilot, lambda: "Callback promised" in status(screen))
        await pilot.press("f5")
        await until(pilot, lambda: screen.query_one(CallbackPanel).is_open)
        await pilot.press("4", "enter")  # next business morning, instead
        await until(pilot, lambda: "Callback changed" in status(screen))
    [first] = invites(desk, ".seq0.publish.ics")
    [second] = invites(desk, ".seq1.publish.ics")
    events = [next(iter(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))) for path in (first, second)]
    assert str(events[0]["UID"]) == str(events[1]["UID"])
    assert (int(events[0]["SEQUENCE"]), int(events[1]["SEQUENCE"])) == (0, 1)
    assert events[0]["DTSTART"].dt != events[1]["DTSTART"].dt


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_callback_call_shows_the_last_notes_of_the_call_it_keeps(make_app, desk, clock, size):
    session, _warning = desk.start_call("+44 20 7031 3000")
    for text in ("parcel 4411 lost", "she works nights", "call after 2pm"):
        clock.advance(20)
        session.call.add_note(text, None)
    now = clock.now_utc()
    number = check_number("+44 20 7031 3000", "GB")
    result = compute_window(window_rules(desk), number, "next_business_morning", now)
    commitment = make_commitment(session.call.call_id, 0, number, result.window, now, agent="Ana")
    issue_to_outbox(desk, commitment, now)
    session.call.record("callback", **event_fields(commitment))
    session.finish("callback_promised", "logistics")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = desk_screen(app)
        shown = await call_back_from_the_queue(pilot, screen)
        await settle(pilot)
        origin = screen.query_one("#origin", CallFacts)
        region = origin.region
        assert region.bottom <= size[1] and region.right <= size[0]  # on screen
        assert origin.virtual_size.height == region.height  # whole: nothing scrolled out of it
        for line in ("00:20 parcel 4411 lost", "00:40 she works nights", "01:00 call after 2pm"):
            assert line in shown, shown
        assert "Tue 24 Nov 09:00-11:00 GMT on +442070313000" in shown and "not open yet" in shown
