"""The desk's dialogs load at their first use, or in the warm-up just after the first frame
(DeskApp.warm_up), never before it: the first frame draws none of them (issue 18 item 1).

The desk asks which dialog is open on every desk key; a dialog whose module is not loaded yet
cannot be open, so the question is answered without importing it.
"""

from __future__ import annotations

import sys
from typing import Any

from tui.support.one_import_at_a_time import import_module

DIALOGS = {
    "ConfirmQuitScreen": "tui.app.desk.confirm_quit",
    "KeysHelpScreen": "tui.app.desk.keys_help",
    "WrapUpScreen": "tui.app.desk.wrap_up",
    "NewCallScreen": "tui.app.desk.new_call",
    "ResumeCallScreen": "tui.app.desk.resume_call",
    "CallerTypeScreen": "tui.app.desk.caller_type",
    "OfferScreen": "tui.app.desk.offer",
}


def dialog_css(box: str, *, labels: str = "", types_through: bool = True) -> str:
    """A dialog's own rules, with its module rather than in desk.tcss (so the first frame parses none
    of them; non-scoped, as they were there): `box` is the id of its frame, `labels` the selectors
    of the labels drawn as wide as the box (a Label is as wide as its text by default: a long
    sentence would be cut off, not wrapped). At 80x24 one the note types through sits at the top
    and leaves six rows below it (see desk.tcss); what does not fit scrolls."""
    css = f"""
    #{box} {{
        width: 80%; max-width: 96; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }}
    """
    if labels:
        css += f"{labels} {{ width: 100%; }}\n"
    if types_through:
        css += f"ModalScreen.-short #{box} {{ width: 95%; max-height: 18; margin-bottom: 6; padding: 0 1; }}\n"
    return css


def is_loaded_instance(thing: object, module: str, name: str) -> bool:
    """isinstance(thing, module.name), False while `module` is not imported (nothing is one yet).

    A module the warm-up thread is importing is in sys.modules before `name` is defined in it (the
    keys read it meanwhile): until it is, nothing is one either."""
    kind = getattr(sys.modules.get(module), name, None)
    return isinstance(kind, type) and isinstance(thing, kind)


def open_dialog(screen: object, name: str) -> Any:
    """`screen` when it is the desk dialog `name` (a key of DIALOGS), else None."""
    return screen if is_loaded_instance(screen, DIALOGS[name], name) else None


def load_dialogs() -> None:
    for module in DIALOGS.values():
        import_module(module)
