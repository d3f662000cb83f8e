"""The callback queue (F9) on the real desk: mark kept, reschedule, cancel, call back, the due line."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from ical.calendar_stream import IcsCalendarStream

import tui.domain.callback.commitments as q
from tui.app.base import desk_app
from tui.app.desk.callback_queue import CallbackQueueScreen
from tui.domain.callback.contact import check_number
from tui.domain.callback.invite import event_fields, make_commitment
from tui.domain.callback.window import compute_window, propose
from tui.services.callbacks import issue_to_outbox, window_rules
from tui.services.session import open_desk
from tui.store.callback_actions import actions_path

from .conftest import desk_screen, settle, until

UTC = UTC


def file_call_with_callback(desk, clock, caller: str = "+1 212 555 0100", preset: str | None = None):
    """A filed call holding one commitment, made the way the desk makes it."""
    session, _ = desk.start_call(caller)
    number = check_number(caller, desk.config.default_region)
    now = clock.now_utc()
    rules = window_rules(desk)
    result = compute_window(rules, number, preset, now) if preset else propose(rules, number, now)
    commitment = make_commitment(session.call.call_id, 0, number, result.window, now, agent="Ana")
    issue_to_outbox(desk, commitment, now)
    session.call.record("callback", **event_fields(commitment))
    session.finish("callback_promised", "logistics")
    return commitment


def invites(desk, suffix: str) -> list:
    return sorted(path for path in (desk.data_dir / "outbox").iterdir() if path.name.endswith(suffix))


async def open_queue(pilot) -> CallbackQueueScreen:
    await settle(pilot)
    await pilot.press("f9")
    await until(pilot, lambda: isinstance(pilot.app.screen, CallbackQueueScreen) and pilot.app.screen.entries)
    return pilot.app.screen


async def test_mark_kept_records_on_time_and_the_rate(make_app, desk, clock):
    promise = file_call_with_callback(desk, clock)
    clock.advance(30 * 60)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        assert queue.entries[0].status == q.DUE_SOON
        await pilot.press("1")  # kept: asks for a confirming key first
        await settle(pilot)
        assert queue.entries[0].status == q.DUE_SOON and not actions_path(desk.data_dir).exists()
        assert "Enter records the callback to +12125550100 as kept on time" in str(queue.query_one("#cq-detail").render())
        await pilot.press("enter")
        await until(pilot, lambda: queue.entries and queue.entries[0].status == q.KEPT_ON_TIME)
        assert "kept on time: 100%" in str(queue.query_one("#cq-summary").render())
    [action] = [json.loads(line) for line in actions_path(desk.data_dir).read_text().splitlines()]
    assert (action["type"], action["uid"]) == (q.KEPT, promise.uid)
    assert actions_path(desk.data_dir).stat().st_mode & 0o777 == 0o600


async def test_reschedule_reissues_same_uid_next_sequence_then_cancel(make_app, desk, clock):
    promise = file_call_with_callback(desk, clock)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await pilot.press("2", "4")  # reschedule: next business morning
        new_window = queue.new_window.window
        await pilot.press("enter")
        await until(pilot, lambda: invites(desk, ".seq1.publish.ics"))
        await until(pilot, lambda: queue.entries and queue.entries[0].rescheduled == 1)
        [moved] = invites(desk, ".seq1.publish.ics")
        event = IcsCalendarStream.calendar_from_ics(moved.read_text(encoding="utf-8")).events[0]
        assert (event.uid, event.sequence) == (promise.uid, 1)
        assert event.dtstart.astimezone(UTC) == new_window.start != promise.start
        assert queue.entries[0].start == new_window.start

        await pilot.press("3")  # cancel: asks first
        await settle(pilot)
        assert not invites(desk, ".cancel.ics")
        await pilot.press("enter")
        await until(pilot, lambda: invites(desk, ".seq2.cancel.ics"))
        await until(pilot, lambda: queue.entries and queue.entries[0].status == q.CANCELLED_STATUS)
        text = invites(desk, ".seq2.cancel.ics")[0].read_bytes().decode("utf-8")
        assert "\r\nMETHOD:CANCEL\r\n" in text and "\r\nSEQUENCE:2\r\n" in text and f"\r\nUID:{promise.uid}\r\n" in text
        await pilot.press("1", "enter")  # a cancelled callback cannot be kept
        await settle(pilot)
        assert queue.entries[0].status == q.CANCELLED_STATUS


async def test_escape_in_reschedule_changes_nothing(make_app, desk, clock):
    file_call_with_callback(desk, clock)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await pilot.press("2", "1", "escape")
        await settle(pilot)
        assert isinstance(app.screen, CallbackQueueScreen) and queue.rescheduling is None
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CallbackQueueScreen)
    assert not actions_path(desk.data_dir).exists() and not invites(desk, ".seq1.publish.ics")


async def test_call_back_starts_a_call_linked_to_the_commitment(make_app, desk, clock):
    promise = file_call_with_callback(desk, clock)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_queue(pilot)
        await pilot.press("4")  # call back
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        started = screen.call.log[0]
        assert started["caller"] == "+12125550100" and started["callback_uid"] == promise.uid
        assert app.focused is screen.query_one("#note-input")
        await pilot.press("f9")  # the queue shows the call made from the commitment
        await until(pilot, lambda: isinstance(app.screen, CallbackQueueScreen) and app.screen.entries)
        assert app.screen.entries[0].linked_calls == (screen.call.call_id,)
        assert "called" in str(app.screen.query_one("#cq-table").get_row_at(0)[0])


async def test_overdue_stands_out_and_the_status_line_shows_the_next_due(make_app, desk, clock):
    file_call_with_callback(desk, clock, "+44 20 7031 3000")
    clock.advance(3 * 3600)  # 17:00: its 14:00-16:00 window is over
    file_call_with_callback(desk, clock, "+1 212 555 0100", "within_2h")  # 17:00-18:00 London: due now
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        # the first read of the queue waits for a 3 s pause (start-up stays light)
        await until(pilot, lambda: "Callback +12125550100 due now" in str(screen.query_one("#status").render()), timeout=10)
        queue = await open_queue(pilot)
        assert [entry.status for entry in queue.entries] == [q.OVERDUE, q.DUE_SOON]
        assert "overdue 1" in str(queue.query_one("#cq-summary").render())
        assert "kept on time: 0%" in str(queue.query_one("#cq-summary").render())


async def test_reschedule_to_a_custom_window_typed_in_either_partys_time(make_app, desk, clock):
    promise = file_call_with_callback(desk, clock)  # New York caller, Monday 23 Nov
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await pilot.press("2", "5", "tab", *"tomorrow 10:00-12:00")  # your time: 05:00-07:00 in New York
        assert queue.new_window.problem and "outside their calling hours" in queue.new_window.problem
        assert "outside their calling hours" in str(queue.query_one("#cq-detail").render())
        await pilot.press("enter")  # nothing legal to issue
        await settle(pilot)
        assert not invites(desk, ".seq1.publish.ics") and not actions_path(desk.data_dir).exists()

        await pilot.press("tab", "f4")  # Tab gives the keys back; F4: the same words, in the caller's time
        assert queue.query_one("#cq-custom").value == "tomorrow 10:00-12:00"
        window = queue.new_window.window
        assert (window.preset, window.caller_text) == ("custom", "Tue 24 Nov 10:00-12:00 EST")
        assert "typed in the caller's time" in str(queue.query_one("#cq-detail").render())
        await pilot.press("tab", "ctrl+u", *"fri 9-11")  # into the field again; read again on every key
        assert queue.new_window.window.caller_text == "Fri 27 Nov 09:00-11:00 EST"
        await pilot.press("enter")
        await until(pilot, lambda: invites(desk, ".seq1.publish.ics"))
        await until(pilot, lambda: queue.entries and queue.entries[0].rescheduled == 1)
        assert not queue.query_one("#cq-custom").display and app.focused is queue.query_one("#cq-table")

    [moved] = invites(desk, ".seq1.publish.ics")
    event = IcsCalendarStream.calendar_from_ics(moved.read_text(encoding="utf-8")).events[0]
    assert (event.uid, event.sequence) == (promise.uid, 1)
    assert event.dtstart.astimezone(UTC) == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    [action] = [json.loads(line) for line in actions_path(desk.data_dir).read_text().splitlines()]
    assert (action["type"], action["uid"], action["sequence"], action["preset"]) == (q.RESCHEDULED, promise.uid, 1, "custom")
    assert (action["start"], action["end"]) == ("2026-11-27T14:00:00Z", "2026-11-27T16:00:00Z")


async def test_kept_before_the_window_opens_is_recorded_early_and_says_so(make_app, desk, clock):
    promise = file_call_with_callback(desk, clock, "+44 20 7031 3000", "next_business_morning")  # Tuesday 09:00
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert "has not opened yet" in str(queue.query_one("#cq-detail").render())
        await pilot.press("enter")
        await until(pilot, lambda: queue.entries and queue.entries[0].status == q.KEPT_EARLY)
        assert "Marked kept EARLY" in str(queue.query_one("#cq-detail").render())
        assert "kept on time: 0%" in str(queue.query_one("#cq-summary").render())  # early is not on time
    [action] = [json.loads(line) for line in actions_path(desk.data_dir).read_text().splitlines()]
    assert (action["type"], action["uid"]) == (q.KEPT, promise.uid)


async def test_during_a_call_letters_typed_in_the_queue_go_to_the_note(make_app, desk, clock):
    """Issue 14: the "k" of "knee" once marked a callback kept. Now it is the note's."""
    file_call_with_callback(desk, clock)
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        queue = await open_queue(pilot)
        await pilot.press(*"the caller says knee zone cost", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackQueueScreen) and queue.rescheduling is None and queue.confirming is None
        assert [note.text for note in screen.call.state.notes] == ["the caller says knee zone cost"]
        assert all(entry.status != q.KEPT_ON_TIME for entry in queue.entries)
    assert not actions_path(desk.data_dir).exists()


async def test_the_queues_keys_are_remapped_by_id(config, data_dir, clock):
    """[keys] moves the queue's one-key choices and its Enter like any other key (tui.config.keys):
    the hint line names the keys in force, the old digit is no longer a choice (it would type into
    the note), the new key asks, Enter no longer confirms, the new confirming key does."""
    desk = open_desk(replace(config, keys={"queue_kept": "k", "queue_confirm": "f12"}), data_dir, clock)
    file_call_with_callback(desk, clock)
    clock.advance(30 * 60)
    app = desk_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        assert str(queue.query_one("#cq-hint").render()).startswith(
            "k kept · 2 reschedule · 3 cancel · 4 call back · F12 confirms · Esc close"
        )
        assert "k" in queue.one_key_choices and "1" not in queue.one_key_choices
        await pilot.press("k")
        await settle(pilot)
        assert queue.confirming is not None and queue.confirming[0] == "kept"
        await pilot.press("enter")
        await settle(pilot)
        assert not actions_path(desk.data_dir).exists()
        await pilot.press("f12")
        await until(pilot, lambda: queue.entries and queue.entries[0].status == q.KEPT_ON_TIME)


async def test_at_80x24_the_words_typed_with_the_queue_open_stay_in_view(make_app, desk, clock):
    """Typing goes to the note with F9 open; at 80x24 the queue covered the editor, so the agent
    typed blind. It now leaves the desk's editor, status line and footer in view below it."""
    file_call_with_callback(desk, clock)
    app = make_app("+1 212 555 0100")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        queue = await open_queue(pilot)
        await pilot.press(*"she asks when the courier comes")
        await settle(pilot)
        editor = screen.query_one("#note-input")
        assert editor.value == "she asks when the courier comes" and app.screen is queue
        assert not queue.query_one("#callback-queue").region.overlaps(editor.region)
        assert editor.region.bottom <= screen.query_one("#status").region.y
