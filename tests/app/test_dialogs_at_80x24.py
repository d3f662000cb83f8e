"""At 80x24 a dialog the note types through (F1 keys, F6 caller type, F7 offer, F10 wrap-up, the quit
question) leaves the note being typed in view: the agent sees the words go in. F1 and F7 covered
the editor (the words typed were kept, but typed blind)."""

from __future__ import annotations

import pytest

from tui.app.desk.confirm_quit import ConfirmQuitScreen

from .conftest import desk_screen, settle, until
from .panels import PANELS

DIALOGS = {name: PANELS[name] for name in ("F1 keys", "F6 caller type", "F7 offer", "F10 wrap-up")}
DIALOGS["Ctrl+Q quit question"] = ("ctrl+q", lambda app: isinstance(app.screen, ConfirmQuitScreen))
BOX = {"f1": "#keys-help", "f6": "#caller-type", "f7": "#offer", "f10": "#wrap-up", "ctrl+q": "#confirm-quit"}


@pytest.mark.parametrize("dialog", sorted(DIALOGS))
async def test_the_note_typed_with_a_dialog_open_stays_in_view(make_app, dialog):
    key, is_open = DIALOGS[dialog]
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press(*"she says", key)
        await until(pilot, lambda: is_open(app))
        await pilot.press(*" the parcel never came")
        await settle(pilot)
        editor = screen.query_one("#note-input")
        assert editor.value == "she says the parcel never came" and is_open(app)
        box = app.screen.query_one(BOX[key])
        assert not box.region.overlaps(editor.region), (box.region, editor.region)
        assert editor.region.bottom <= screen.query_one("#status").region.y
