"""The resume question (a call cut short at the last exit, offered at start) is a question like the
quit question: it holds until it is answered, and the agent, who may still be on that call, types on.

Before, F1 opened the keys help over it, the other desk keys did nothing without a word, and every
letter but r and f typed while it waited was dropped; resumed, the call's half-typed note replaced
whatever was in the editor."""

from __future__ import annotations

import pytest

from tui.app.desk.resume_call import ResumeCallScreen
from tui.config.keys import key_display

from .conftest import desk_screen, settle, until

STACK_OF = lambda app: [type(screen).__name__ for screen in app.screen_stack]  # noqa: E731
CUT_OFF = "she wants the refu"


def cut_short_call(desk) -> str:
    """A call with one note and a note being typed, left in its journal as a kill leaves it."""
    session, _ = desk.start_call("+44 20 7031 3000")
    session.call.add_note("parcel never arrived")
    session.save_draft(session.call.now(), CUT_OFF)
    assert session.writer.flush()
    session.abandon()
    return session.call.call_id


def notes_of(screen) -> list[str]:
    return [note.text for note in screen.call.state.notes]


async def asked(pilot) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, ResumeCallScreen), timeout=10)


# F1's chord is named as F1: the question names the help by its first key.
@pytest.mark.parametrize("key", ["f1", "ctrl+underscore", "f2", "f5", "f8", "f9", "f10", "ctrl+n", "ctrl+l"])
async def test_a_desk_key_over_the_resume_question_waits_and_says_so(make_app, desk, key):
    cut_short_call(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await asked(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert STACK_OF(app) == ["DeskScreen", "ResumeCallScreen"]
        assert screen.session is None and screen.open_callback_panel is None
        waits = str(app.screen.query_one(".question-waits").render())
        named = "F1" if key == "ctrl+underscore" else key_display(key)
        assert waits == f"{named} does nothing until this is answered: r or Enter resumes the call, f files it as it is."
        await pilot.press("enter")  # with nothing typed, Enter answers: resume
        await until(pilot, lambda: screen.live)
        assert STACK_OF(app) == ["DeskScreen"]
        assert notes_of(screen) == ["parcel never arrived"]
        assert screen.query_one("#note-input").value == CUT_OFF


async def test_typing_while_the_question_waits_lands_in_the_resumed_call(make_app, desk):
    """Words typed while asked, r and f among them once a note is begun; Enter keeps a note, then
    Enter answers. Resumed, the call has the kept note and its half-typed note followed by the rest."""
    cut_short_call(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await asked(pilot)
        await pilot.press(*"she is still on the line, for the refund", "enter")
        await pilot.press(*"nd of order 5521 from friday")
        await settle(pilot)
        assert STACK_OF(app) == ["DeskScreen", "ResumeCallScreen"]  # r and f were the note's
        assert screen.query_one("#note-input").value == "nd of order 5521 from friday"
        await pilot.press("enter", "enter")  # keeps the note, then resumes
        await until(pilot, lambda: screen.live)
        assert notes_of(screen) == ["parcel never arrived", "she is still on the line, for the refund", "nd of order 5521 from friday"]
        assert screen.query_one("#note-input").value == CUT_OFF  # the half-typed note comes back, whole
        await pilot.press(*"nd")
        await settle(pilot)
        assert screen.query_one("#note-input").value == CUT_OFF + "nd"


async def test_a_note_being_typed_when_resumed_follows_the_note_cut_off(make_app, desk):
    """r typed before any letter answers; what was typed before the question appeared is kept."""
    call_id = cut_short_call(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        screen.query_one("#note-input").value = "caller holding"  # typed in the moment before the question
        await asked(pilot)
        await pilot.press("r")  # the note is not empty: r is its letter
        await settle(pilot)
        assert STACK_OF(app) == ["DeskScreen", "ResumeCallScreen"]
        await pilot.press("backspace", "enter")  # Backspace is the note's; the note kept
        await settle(pilot)
        await pilot.press(*"nd again", "r")  # empty note: n was the note's; r then a letter of it
        await settle(pilot)
        assert screen.query_one("#note-input").value == "nd againr"
        await pilot.press("ctrl+u", "r")  # the editor emptied (its own key): r answers now
        await until(pilot, lambda: screen.live)
        assert screen.call.call_id == call_id
        assert notes_of(screen) == ["parcel never arrived", "caller holding"]
        assert screen.query_one("#note-input").value == CUT_OFF


async def test_filed_as_it_is_the_words_typed_meanwhile_wait_for_the_next_call(make_app, desk):
    cut_short_call(desk)
    app = make_app("+44 20 7946 0000")  # `callcoach call --caller`: its call starts once answered
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await asked(pilot)
        await pilot.press(*"new caller", "enter")
        await settle(pilot)
        assert "Kept: 1 note(s) waiting for the call resumed, or the next one." in str(screen.query_one("#status").render())
        await pilot.press("f")
        await until(pilot, lambda: screen.live and screen.call.state.caller == "+442079460000", timeout=10)
        assert notes_of(screen) == ["new caller"]
    [filed] = [call for call in desk.history.calls() if call["status"] == "interrupted"]
    assert [event["text"] for event in filed["events"] if event["type"] == "note"][:1] == ["parcel never arrived"]
