"""A whole call pressed through the real desk, then read back from the history."""

from __future__ import annotations

from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.notes_view import NotesView

from .conftest import desk_screen, settle, until


async def type_note(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.press("enter")


async def test_whole_call_by_keys_is_filed(make_app, desk, clock):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press(*"parcel never arrived")
        clock.advance(30)  # the note is stamped when typing began, not at Enter
        await pilot.press("enter")
        await pilot.press("f2")
        assert app.focused is screen.query_one(NoteInput)  # step keys never steal focus
        clock.advance(10)
        await type_note(pilot, "-5s apologised: our mistake")
        await pilot.press("f8")
        clock.advance(12)
        await pilot.press("f8")
        await pilot.press("f2")
        clock.advance(60)
        await pilot.press("f2")
        clock.advance(5)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")  # accept the proposal: resolved, logistics (from the notes)
        await settle(pilot, 0.2)
        assert screen.session is None
        assert "Ready for the next call" in str(screen.query_one("#status").render())

    [record] = list(desk.history.calls())
    assert record["status"] == "completed"
    assert record["caller"] == "+442070313000"
    assert (record["outcome"], record["category"]) == ("resolved", "logistics")
    kinds = [event["type"] for event in record["events"]]
    assert kinds == ["started", "step", "note", "step", "note", "hold", "resume", "step", "step", "ended", "filed"]
    notes = [(e["t"], e["text"]) for e in record["events"] if e["type"] == "note"]
    assert notes == [(0.0, "parcel never arrived"), (35.0, "apologised: our mistake")]
    hold, resume = [e["t"] for e in record["events"] if e["type"] in ("hold", "resume")]
    assert resume - hold == 12.0
    assert list(desk.journal_dir.iterdir()) == []  # the journal goes only after the commit


async def test_ctrl_n_starts_a_call_and_the_desk_is_idle_after(make_app, desk, clock):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = desk_screen(app)
        assert screen.session is None
        for round_number in range(2):
            await pilot.press("ctrl+n")
            await pilot.press(*"020 7031 3000", "enter")
            await until(pilot, lambda: screen.live)
            await type_note(pilot, f"call {round_number}")
            await pilot.press("f10")
            await settle(pilot)
            await pilot.press("3")  # escalated
            await pilot.press("right", "home", "down", "enter")  # usage
            await settle(pilot, 0.2)
            assert screen.session is None
    records = sorted(desk.history.calls(), key=lambda r: r["id"])
    assert [r["outcome"] for r in records] == ["escalated", "escalated"]
    assert [r["category"] for r in records] == ["usage", "usage"]
    assert records[0]["caller"] == "+442070313000"  # national input read with the default region


async def test_up_on_empty_line_edits_the_previous_note(make_app, desk, clock):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await type_note(pilot, "first")
        clock.advance(3)
        await type_note(pilot, "second")
        await pilot.press("up", "up")  # back to "first"
        await pilot.press("end", *" (order 881)")
        await pilot.press("enter")
        state = desk_screen(app).call.state
        assert [n.text for n in state.notes] == ["first (order 881)", "second"]
        assert state.notes[0].original == "first"
        log = desk_screen(app).call.log
        assert log[-1]["type"] == "note_edit" and log[-1]["note"] == 0
        assert [e["text"] for e in log if e["type"] == "note"] == ["first", "second"]  # original kept
        await pilot.press("up", "escape")
        assert desk_screen(app).query_one(NoteInput).value == ""


async def test_ending_with_text_in_the_editor_keeps_it_as_a_note(make_app, desk, clock):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await pilot.press(*"half a thought")
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("escape")  # back to the call: nothing filed
        assert desk_screen(app).live
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 0.2)
    [record] = list(desk.history.calls())
    assert [e["text"] for e in record["events"] if e["type"] == "note"] == ["half a thought"]


async def test_multi_line_paste_becomes_notes_and_nothing_is_dropped(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        editor = desk_screen(app).query_one(NoteInput)
        editor.post_message(__import__("textual.events", fromlist=["Paste"]).Paste("line one\nline two\nline thr"))
        await settle(pilot)
        assert [n.text for n in desk_screen(app).call.state.notes] == ["line one", "line two"]
        assert editor.value == "line thr"
        assert desk_screen(app).query_one(NotesView).note_count == 2


async def test_card_numbers_are_masked_before_the_journal(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await type_note(pilot, "card 4111 1111 1111 1111 cvv 123")
        session = desk_screen(app).session
        assert session.writer.flush()
        journal_text = session.journal.read_text()
        assert "4111 1111 1111 1111" not in journal_text and "cvv 123" not in journal_text
        assert "**** **** **** 1111" in journal_text


async def test_the_masked_warning_comes_from_the_note_event_not_from_a_star(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await type_note(pilot, "-5s rated us 5* today ")
        assert "masked" not in str(desk_screen(app).query_one("#status").render())
        await type_note(pilot, "cvv 123")
        assert "masked" in str(desk_screen(app).query_one("#status").render())


async def test_quit_asks_only_while_a_call_is_live(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ConfirmQuitScreen"
        await pilot.press("n")
        assert desk_screen(app).live and app.is_running
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
    assert app.return_code == 0
    assert len(list(desk.journal_dir.iterdir())) == 1  # the live call stays, offered next start

    idle = make_app()
    async with idle.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")  # file the cut-short call as it is
        await settle(pilot, 0.2)
        await pilot.press("ctrl+q")  # idle: quits at once
        await settle(pilot)
    assert not idle.is_running
    assert [r["status"] for r in desk.history.calls()] == ["interrupted"]


async def test_over_target_step_changes_colour_silently(make_app, desk, clock):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        tracker = desk_screen(app).query_one("StepTracker")
        assert not tracker.has_class("-over-target")
        clock.advance(desk.playbook.steps[0].target_seconds + 1)
        await pilot.pause(0.7)  # the clock refresh runs twice a second
        assert tracker.has_class("-over-target")
        assert app.focused is desk_screen(app).query_one(NoteInput)
        assert len(app.screen_stack) == 1  # no popup


async def test_the_newest_note_stays_in_view_as_notes_pile_up(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        for number in range(45):
            await type_note(pilot, f"n{number}")
        notes = desk_screen(app).query_one(NotesView)
        await until(pilot, lambda: notes.max_scroll_y > 0 and notes.scroll_offset.y == notes.max_scroll_y)


async def test_ctrl_q_twice_quits_with_a_note_being_typed(make_app, desk):
    """With a note being typed, y in the quit question is the note's (the keyboard rule), so the
    question offered no key that quits; a second Ctrl+Q stacked a second question over the first.
    Ctrl+Q again now answers it: quit, the call and the note kept for resume."""
    app = make_app("")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press(*"she is still on the line", "ctrl+q")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ConfirmQuitScreen"
        assert "Ctrl+Q" in str(app.screen.query_one("Label").render())  # the question names the key
        await pilot.press("y")  # the note's: a letter typed after others
        await settle(pilot)
        assert screen.query_one("#note-input").value == "she is still on the liney" and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    assert len(list(desk.journal_dir.iterdir())) == 1  # the live call stays, offered next start
