"""Every panel of the desk, as the keyboard-rule tests open them (a sentence typed with each open
must land whole in the note): the key that opens it and how to tell it is open."""

from __future__ import annotations

from tui.app.desk.callback_queue import CallbackQueueScreen
from tui.app.desk.caller_type import CallerTypeScreen
from tui.app.desk.keys_help import KeysHelpScreen
from tui.app.desk.offer import OfferScreen
from tui.app.desk.wrap_up import WrapUpScreen
from tui.app.widgets.callback_panel import CallbackPanel

from .conftest import desk_screen

SENTENCE = "the caller says knee zone cost 2 boxes, then 4 more at 10am; e-mail me at x@y.z"

PANELS = {
    "F5 callback": ("f5", lambda app: desk_screen(app).query_one(CallbackPanel).is_open),
    "F6 caller type": ("f6", lambda app: isinstance(app.screen, CallerTypeScreen)),
    "F7 offer": ("f7", lambda app: isinstance(app.screen, OfferScreen)),
    "F9 queue": ("f9", lambda app: isinstance(app.screen, CallbackQueueScreen)),
    "F10 wrap-up": ("f10", lambda app: isinstance(app.screen, WrapUpScreen)),
    "F1 keys": ("f1", lambda app: isinstance(app.screen, KeysHelpScreen)),
}
