"""F5 pressed on the real desk: the invite on disk first, then the journaled `callback` event."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from ical.calendar_stream import IcsCalendarStream

from tui.app.base import desk_app
from tui.app.widgets.callback_panel import CallbackPanel
from tui.app.widgets.note_input import NoteInput
from tui.services.session import open_desk
from tui.store.journal import read_journal

from .conftest import desk_screen, settle, until

UTC = UTC


def status(screen) -> str:
    return str(screen.query_one("#status").render())


def outbox(desk) -> list:
    return sorted(path for path in (desk.data_dir / "outbox").iterdir() if not path.name.startswith("."))


async def open_panel(pilot, key: str = "f5") -> CallbackPanel:
    screen = desk_screen(pilot.app)
    await until(pilot, lambda: screen.live)
    await pilot.press(key)
    panel = screen.query_one(CallbackPanel)
    await until(pilot, lambda: panel.is_open and panel.proposal is not None)
    return panel


async def test_f5_enter_writes_the_invite_journals_the_event_and_files_it(make_app, desk, clock):
    app = make_app("+1 212 555 0100")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        panel = await open_panel(pilot)
        assert app.focused is screen.query_one(NoteInput) and panel.is_open  # typing goes on into the note
        assert screen.query_one("#notes").display  # the notes stay on screen
        await pilot.press("enter")
        assert app.focused is screen.query_one(NoteInput)
        await until(pilot, lambda: "Callback promised" in status(screen))
        [event] = screen.call.state.callbacks
        [ics] = outbox(desk)
        assert ics.name.endswith(".seq0.publish.ics")
        journal, _ = read_journal(screen.session.journal)
        assert [e for e in journal if e["type"] == "callback"] == [event]  # on disk before "promised"

        calendar = IcsCalendarStream.calendar_from_ics(ics.read_text(encoding="utf-8"))
        vevent = calendar.events[0]
        assert vevent.uid == event["uid"]
        assert vevent.dtstart.astimezone(UTC) == datetime.fromisoformat(event["start"])
        assert vevent.dtend.astimezone(UTC) == datetime.fromisoformat(event["end"])
        # Monday 14:00 UTC: 14:00-16:00 in London is 09:00-11:00 in New York, inside both sets of hours
        assert (event["start"], event["end"], event["zone"]) == ("2026-11-23T14:00:00Z", "2026-11-23T16:00:00Z", "America/New_York")
        assert event["number"] == "+12125550100" and "09:00 and 11:00 your time" in event["readback"]

        await pilot.press(*"promised a callback", "enter")  # typing goes on in the notes
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")  # the proposal: callback promised
        await until(pilot, lambda: screen.session is None)
    [record] = list(desk.history.calls())
    assert record["outcome"] == "callback_promised"
    assert [e for e in record["events"] if e["type"] == "callback"] == [event]


async def test_an_email_adds_the_eml_and_a_request(make_app, desk, clock):
    app = make_app("020 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        panel = await open_panel(pilot, "ctrl+l")  # the alternate chord
        await pilot.press("tab", "tab", *"caller@example.com")  # Tab into the number, Tab on to the e-mail
        assert "sending you a calendar invite" in str(panel.query_one("#cb-readback").render())
        await pilot.press("enter")
        await until(pilot, lambda: "Callback promised" in status(screen))
        names = [path.name for path in outbox(desk)]
        assert len(names) == 2 and names[0].endswith(".request.eml") and names[1].endswith(".request.ics")
        assert screen.call.state.callbacks[0]["email"] == "caller@example.com"


async def test_an_invalid_number_says_why_and_enter_commits_nothing(make_app, desk, clock):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        panel = await open_panel(pilot)
        await pilot.press("tab", "ctrl+u", *"+44 20")  # Tab: the number field has the keys
        assert "too short" in str(panel.query_one("#cb-check").render())
        assert not panel.proposal.ok
        await pilot.press("enter")
        await settle(pilot)
        assert panel.is_open and screen.call.state.callbacks == [] and outbox(desk) == []
        assert "Not promised" in status(screen) and "too short" in status(screen)
        await pilot.press("ctrl+u", *"+1 900 555 0100")  # a premium-rate number: warned, not refused
        assert panel.proposal.number.warning and "Premium" in str(panel.query_one("#cb-check").render())
        await pilot.press("ctrl+u", *"+44 20 7031 3000", "tab", *"bob@nowhere")  # Tab: on to the e-mail
        assert not panel.proposal.ok and "e-mail" in panel.proposal.problem


async def test_preset_keys_change_the_window(make_app, desk, clock):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_panel(pilot)
        proposed = panel.proposal.result.window
        assert proposed.preset == "within_24h"
        seen = {}
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            seen[key] = panel.proposal.result.window
        assert [w.preset for w in seen.values()] == ["within_2h", "later_today", "within_24h", "next_business_morning"]
        assert seen["4"].start.date() > proposed.start.date()  # Tuesday morning, not Monday afternoon
        assert seen["4"].agent_text.startswith("Tue 24 Nov 09:00")
        await pilot.press("5", "tab", *"tomorrow 10-11:30")  # custom; Tab into its field
        window = panel.proposal.result.window
        assert window.preset == "custom" and window.agent_text == "Tue 24 Nov 10:00-11:30 GMT"
        await pilot.press("f4", "f4")  # whose time it is typed in: the caller's, then yours again
        assert panel.typed_in == "agent" and panel.proposal.result.window.agent_text == "Tue 24 Nov 10:00-11:30 GMT"
        await pilot.press("enter")
        screen = desk_screen(app)
        await until(pilot, lambda: screen.call.state.callbacks)
        assert screen.call.state.callbacks[0]["start"] == "2026-11-24T10:00:00Z"


async def test_a_number_in_several_zones_gets_a_zone_picked_with_one_key(make_app, desk, clock):
    app = make_app("+7 912 345 67 89")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        panel = await open_panel(pilot)
        zones = panel.proposal.number.zones
        assert len(zones) > 1
        await pilot.press("pagedown")
        assert panel.zone_choice == zones[0] and panel.proposal.result.window.zone_choice == zones[0]
        await pilot.press("pagedown")
        assert panel.zone_choice == zones[1]
        await pilot.press("4", "enter")
        await until(pilot, lambda: screen.call.state.callbacks)
        assert screen.call.state.callbacks[0]["zone_choice"] == zones[1]


async def test_escape_closes_with_no_commitment(make_app, desk, clock):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        panel = await open_panel(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not panel.is_open and app.focused is screen.query_one(NoteInput)
        assert screen.call.state.callbacks == [] and outbox(desk) == []
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen.proposed[0] == "resolved"


async def test_two_promises_in_one_call_get_two_uids_and_the_palette_has_both_actions(make_app, desk, clock):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await open_panel(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: len(screen.call.state.callbacks) == 1)
        await pilot.press("f5")  # the promise, for change
        await until(pilot, lambda: screen.query_one(CallbackPanel).changing is not None)
        await pilot.press("f5")  # a second, separate promise: an explicit key
        await until(pilot, lambda: screen.query_one(CallbackPanel).is_open and screen.query_one(CallbackPanel).changing is None)
        await pilot.press("4", "enter")
        await until(pilot, lambda: len(screen.call.state.callbacks) == 2)
        uids = [event["uid"] for event in screen.call.state.callbacks]
        assert len(set(uids)) == 2 and len(outbox(desk)) == 2
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Callback" in titles and "Callbacks" in titles


async def test_before_the_place_data_is_loaded_the_panel_checks_without_it(make_app, desk, clock, monkeypatch):
    import tui.app.widgets.callback_panel as panel_module

    monkeypatch.setattr(panel_module, "lookups_ready", lambda: False)
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_panel(pilot)
        check = str(panel.query_one("#cb-check").render())
        assert "+442070313000" in check and "place: loading" in check and "London" not in check
        monkeypatch.setattr(panel_module, "lookups_ready", lambda: True)
        panel.recompute()  # what the desk does once its warm-up worker is done
        assert "London" in str(panel.query_one("#cb-check").render())


def _inside_screen(widget, size) -> bool:
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= size[1]


async def open_panel_after_four_notes(pilot) -> CallbackPanel:
    """Notes 'note one' to 'note four' typed on the live call, then F5: the last notes must stay in view."""
    await until(pilot, lambda: desk_screen(pilot.app).live)
    for word in ("one", "two", "three", "four"):
        await pilot.press(*f"note {word}", "enter")
    return await open_panel(pilot)


async def test_at_80x24_the_panel_takes_the_coach_column_and_the_notes_and_editor_stay_in_view(make_app, desk, clock):
    size = (80, 24)
    app = make_app("+1 212 555 0100")
    async with app.run_test(size=size) as pilot:
        screen = desk_screen(app)
        panel = await open_panel_after_four_notes(pilot)
        await pilot.press("tab", "tab", *"a@example.com")  # a long panel: the e-mail row shown once used
        await settle(pilot)
        notes, editor = screen.query_one("#notes"), screen.query_one(NoteInput)
        assert not screen.query_one("#coach-column").display  # the coach gives its column to the panel
        assert notes.region.height >= 5 and _inside_screen(notes, size)
        assert _inside_screen(panel, size) and _inside_screen(editor, size)
        assert "four" in app.export_screenshot()  # the newest note is drawn
        await pilot.press("escape", "escape")  # back to the note, then the panel closes
        await settle(pilot)
        assert screen.query_one("#coach-column").display and _inside_screen(editor, size)


async def test_at_80x24_late_in_the_day_in_step_3_the_editor_stays_above_the_footer(make_app, desk, clock):
    """What an agent met at 80x24: the caller-history row, a step tracker on two rows, a 'no window
    today' warning and a status on two rows pushed the editor under the footer, so the words typed
    with the panel open were kept but not shown."""
    clock.wall = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # an hour before London closes: nothing today
    app = make_app("+1 650 253 0000")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press(*"My blender broke after two days, she is upset", "enter")
        clock.advance(4)
        await pilot.press("f2", *"I am sorry it broke so soon", "enter", "f2")
        panel = await open_panel(pilot)
        await pilot.press(*"she wants a call tomorrow")
        await settle(pilot)
        editor, body = screen.query_one(NoteInput), screen.query_one("#body")
        assert editor.value == "she wants a call tomorrow"
        assert body.region.contains_region(editor.region) and body.region.contains_region(panel.region)
        assert "tomorrow" in app.export_screenshot()  # the words typed are drawn


async def test_a_tall_desk_keeps_the_coach_beside_the_open_panel(make_app, desk, clock):
    app = make_app("+1 212 555 0100")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await open_panel(pilot)
        assert screen.query_one("#coach").display


async def test_at_80x24_a_toll_free_number_keeps_the_whole_readback_in_view(make_app, desk, clock):
    """Issue 14 item 4: the warning and the number's 42 zones take rows; the sentence to read aloud
    stays whole at the panel's foot, with the last notes and the editor in view."""
    size = (80, 24)
    app = make_app("+1 800 555 0100")
    async with app.run_test(size=size) as pilot:
        screen = desk_screen(app)
        panel = await open_panel_after_four_notes(pilot)
        await pilot.press("pagedown")  # the caller's zone: a window, and the sentence to say
        await settle(pilot)
        assert panel.proposal.ok and panel.proposal.number.warning
        readback = panel.query_one("#cb-readback")
        said = readback.render().plain
        assert said.startswith("Say") and said.rstrip().endswith("(800) 555-0100.")
        inside = panel.content_region
        assert inside.y <= readback.region.y and readback.region.bottom <= inside.bottom  # all of it drawn
        assert readback.region.height == len(readback.render_lines(readback.region.reset_offset))
        notes, editor = screen.query_one("#notes"), screen.query_one(NoteInput)
        assert _inside_screen(notes, size) and _inside_screen(editor, size) and "four" in app.export_screenshot()


async def test_the_panels_keys_are_remapped_by_id(config, data_dir, clock):
    """[keys] moves the F5 panel's keys like any other (tui.config.keys): the old key does nothing
    there (F4 and 2 then reach the note), the new ones act, and the window row shows them."""
    desk = open_desk(replace(config, keys={"callback_whose_time": "f12", "callback_window_later_today": "t"}), data_dir, clock)
    app = desk_app(desk, start_caller="+1 212 555 0100")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_panel(pilot)
        await pilot.press("f4")
        assert panel.typed_in == "agent"
        await pilot.press("f12")
        assert panel.typed_in == "caller"
        await pilot.press("t")
        assert panel.preset == "later_today" and desk_screen(app).query_one(NoteInput).value == ""
        assert "t later today" in str(panel.query_one("#cb-presets").render())
        await pilot.press("2")  # no longer a window key: it types into the note
        assert panel.preset == "later_today" and desk_screen(app).query_one(NoteInput).value == "2"
