"""Nothing typed is lost, even by a desk that fell behind: keys it has read but not yet handled
(each waits for the one before it, tui.app.desk.key_order) are in the journal's draft already.

The soak found the window under load: "typed 'che', kept 'c'": 'h' and 'e' had been read by the
desk 400 ms before the kill, and were still waiting behind 'c' when it came. Here the editor is
kept busy for a moment (as a starved machine keeps it) while a burst of keys arrives."""

from __future__ import annotations

import asyncio
import json

from textual import events
from textual.widgets import Input

from tui.app.widgets.note_input import NoteInput

from .conftest import burst, desk_screen, settle, until


def last_draft(session) -> str | None:
    assert session.writer.flush()
    lines = [json.loads(line) for line in session.writer.path.read_text().splitlines()]
    drafts = [line["text"] for line in lines if line.get("type") == "draft"]
    return drafts[-1] if drafts else None


async def test_keys_read_but_not_yet_handled_are_in_the_journal(make_app):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        editor = screen.query_one(NoteInput)
        await pilot.press(*"she ")
        await settle(pilot)
        editor.call_later(asyncio.sleep, 0.8)  # the editor busy (under STALL_S): the keys behind it wait
        burst(pilot, *"said it broke")
        await asyncio.sleep(0.3)  # not pilot.pause: that waits for the busy editor
        assert app.keys_in_order.held == len("said it broke") - 1 and editor.value == "she "  # read, none handled
        assert last_draft(screen.session) == "she said it broke"
        await until(pilot, lambda: editor.value == "she said it broke", timeout=5)
        await settle(pilot)
        assert last_draft(screen.session) == "she said it broke"


async def test_keys_read_ahead_for_a_panel_choice_are_not_put_in_the_note(make_app):
    """With F5 open and nothing typed, a digit is the panel's window: never guessed into the draft."""
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f5")
        await settle(pilot)
        editor = screen.query_one(NoteInput)
        editor.call_later(asyncio.sleep, 0.8)
        burst(pilot, "3", "2")
        await asyncio.sleep(0.3)
        assert app.keys_in_order.held == 1
        assert last_draft(screen.session) in (None, "")
        await until(pilot, lambda: not app.keys_in_order.held, timeout=5)


async def test_a_key_already_in_the_editor_is_not_journaled_twice(make_app):
    """The key in flight can be in the editor already while its follow-up still waits in the editor's
    queue: it is then read from the editor, not added again ('she s', never 'she ss')."""
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        editor = screen.query_one(NoteInput)
        await pilot.press(*"she ")
        await settle(pilot)
        editor.call_later(asyncio.sleep, 0.8)
        burst(pilot, "s", "a")
        await asyncio.sleep(0.3)
        assert app.keys_in_order.typed_ahead() == "sa"  # both read, neither handled
        editor.value = "she s"  # as the editor has it once 's' is handled, its follow-up not yet run
        assert app.keys_in_order.typed_ahead() == "a"
        await until(pilot, lambda: not app.keys_in_order.held, timeout=5)


async def test_a_key_on_its_way_to_the_editor_is_in_the_journal(make_app):
    """One key read and routed to a busy editor, none behind it: it was journaled only once the
    editor handled it, and the soak's probe saw that take 266 ms at load 14 (a kill then lost it)."""
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        editor = screen.query_one(NoteInput)
        await pilot.press(*"she ")
        await settle(pilot)
        editor.call_later(asyncio.sleep, 0.8)
        burst(pilot, "x")
        await asyncio.sleep(0.3)
        assert app.keys_in_order.held == 0 and editor.value == "she "  # in flight, not handled
        assert last_draft(screen.session) == "she x"
        await until(pilot, lambda: editor.value == "she x", timeout=5)


async def test_the_editor_handling_one_key_keeps_the_keys_behind_it_in_the_journal(make_app):
    """The editor's own draft, as it handles the first of keys read together, holds the keys still
    waiting behind it: before, 'she s' replaced 'she say' until 'a' and 'y' were handled."""
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        editor = screen.query_one(NoteInput)
        await pilot.press(*"she ")
        await settle(pilot)
        editor.call_later(asyncio.sleep, 0.8)
        burst(pilot, "s", "a", "y")
        await asyncio.sleep(0.3)
        assert app.keys_in_order.typed_ahead() == "say"
        editor.value, editor.cursor_position = "she s", 5  # as the editor has it once 's' is handled
        screen.on_input_changed(Input.Changed(editor, "she s"))  # the Changed it posts for it, handled by the desk
        assert last_draft(screen.session) == "she say"
        await until(pilot, lambda: not app.keys_in_order.held, timeout=5)


def read_from_the_terminal(app, key: str, character: str) -> None:
    """What Textual's input thread does with a key it has just read: Driver.process_message."""
    app._driver.process_message(events.Key(key, character))


async def test_a_key_read_from_the_terminal_is_in_the_journal_before_the_desk_takes_it(make_app):
    """The input thread read a key; the event loop, busy (262 ms measured at load 15), has not taken
    it yet: it is journaled already. Nothing here yields to the event loop until the journal is read."""
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        editor = screen.query_one(NoteInput)
        await pilot.press(*"she ")
        await settle(pilot)
        read_from_the_terminal(app, "x", "x")
        read_from_the_terminal(app, "y", "y")
        assert editor.value == "she " and last_draft(screen.session) == "she xy"
        await until(pilot, lambda: editor.value == "she xy", timeout=5)
        await settle(pilot)
        assert last_draft(screen.session) == "she xy"


async def test_keys_read_after_one_that_types_nothing_are_not_guessed_into_the_note(make_app):
    """F5 read and not yet taken: the digit behind it may be the panel's window, never put in the note."""
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press(*"ok", "enter")
        await settle(pilot)
        read_from_the_terminal(app, "f5", None)
        read_from_the_terminal(app, "3", "3")
        assert last_draft(screen.session) in (None, "")
        await until(pilot, lambda: screen.open_callback_panel is not None, timeout=5)
        read_from_the_terminal(app, "2", "2")  # taken F5 opened the panel over an empty note
        assert last_draft(screen.session) in (None, "")
        await settle(pilot)
        assert last_draft(screen.session) in (None, "")
