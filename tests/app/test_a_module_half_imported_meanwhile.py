"""The desk imports dialogs on a warm-up thread just after its first frame, and the keys pressed
meanwhile ask whether a focused widget is one of those dialogs' fields. A module that thread is
importing is in sys.modules before its classes are defined in it: asked then, the desk once stopped
on an internal error (AttributeError, the resume question answered at load in CI). The module
here is that state exactly: a module object in sys.modules without the class yet."""

from __future__ import annotations

import sys
import types

from .conftest import desk_screen, until
from .test_the_resume_question_holds import CUT_OFF, asked, cut_short_call, notes_of

CHECKBOX_MODULE = "textual.widgets._checkbox"


async def test_the_resume_question_is_answered_while_a_field_module_is_half_imported(make_app, desk, monkeypatch):
    cut_short_call(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await asked(pilot)
        monkeypatch.setitem(sys.modules, CHECKBOX_MODULE, types.ModuleType(CHECKBOX_MODULE))
        await pilot.press("r")
        await until(pilot, lambda: screen.live)
        await pilot.press("d", "!")
        await until(pilot, lambda: screen.query_one("#note-input").value == CUT_OFF + "d!")
        monkeypatch.undo()
        assert app.return_code is None and app._exception is None
        assert notes_of(screen) == ["parcel never arrived"]
