"""One table of the desk's bindable actions: id (for config remaps), keys, label, tooltip.

Plain data, so line mode and the config check use it without loading Textual.
Alternate chords avoid the notes editor's own keys (ctrl+a/e/d/k/u/w/x/c/v/z/y, ctrl+left/right)
and the tmux/screen prefixes (ctrl+b, ctrl+a), because some terminals keep F-keys for themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DeskAction:
    id: str
    keys: str  # default keys, comma separated: F-key first, then its alternate chord
    action: str  # Textual action name on the app
    label: str  # short footer label (80 columns hold every live-call key), an English msgid
    tooltip: str  # a sentence for the footer tooltip, the palette and the F1 help (msgid too)
    live_only: bool = True
    app_wide: bool = False  # bound on the app (works over dialogs too), not only on the desk
    footer: bool = True  # False: in F1 and the palette only, to keep the footer short at 80 columns


DESK_ACTIONS: tuple[DeskAction, ...] = (
    DeskAction("help", "f1,ctrl+underscore", "show_keys", "Keys", "Show every key in force", live_only=False, app_wide=True),
    DeskAction("next_step", "f2,ctrl+g", "next_step", "Next", "Move to the next step; typing stays in the notes"),
    DeskAction("previous_step", "f3,ctrl+r", "previous_step", "Back", "Go back one step"),
    DeskAction("callback", "f5,ctrl+l", "callback", "Callback", "Promise a callback: window, number, invite (Enter accepts, Esc closes)"),
    DeskAction("caller_type", "f6,ctrl+t", "caller_type", "Caller", "Tag the caller's type (1-5); its hint stays in the coach pane"),
    DeskAction("offer", "f7,ctrl+s", "record_offer", "Offer", "Record an option offered; says at once if it is inside your authority"),
    DeskAction("hold", "f8,ctrl+o", "toggle_hold", "Hold", "Put the caller on hold, or take them off it"),
    DeskAction("end_call", "f10,ctrl+backslash", "end_call", "End", "End the call and wrap up"),
    DeskAction(
        "callbacks",
        "f9,ctrl+f",
        "callbacks",
        "Callbacks",
        "The callback queue: due, overdue, kept; mark, reschedule, cancel, call back",
        live_only=False,
        footer=False,
    ),
    DeskAction("new_call", "ctrl+n", "new_call", "New call", "Start a call (when idle)", live_only=False),
    DeskAction("quit", "ctrl+q", "quit_desk", "Quit", "Quit; asks first only while a call is live", live_only=False, app_wide=True),
)

BINDING_IDS = frozenset(action.id for action in DESK_ACTIONS)


def key_display(keys: str) -> str:
    """'f2,ctrl+g' -> 'F2 / Ctrl+G' for the help screen."""
    names = {"backslash": "\\", "underscore": "_"}
    shown = []
    for key in keys.split(","):
        parts = [names.get(part, part) for part in key.split("+")]
        shown.append("+".join(p.upper() if len(p) <= 3 else p.capitalize() for p in parts))
    return " / ".join(shown)


# -- what [keys] may bind (issue 15) ----------------------------------------------------------------

# Keys the notes editor needs (Textual's Input and tui.app.widgets.note_input, checked against
# them by a test), keys that move between fields, and the tmux / screen prefixes.
EDITOR_KEYS = frozenset(
    {
        "enter", "escape", "tab", "shift+tab", "backspace", "delete", "up", "down", "left", "right", "home", "end",
        "shift+left", "shift+right", "shift+home", "shift+end", "ctrl+left", "ctrl+right", "ctrl+shift+left", "ctrl+shift+right",
        "ctrl+a", "ctrl+e", "ctrl+d", "ctrl+k", "ctrl+u", "ctrl+w", "ctrl+x", "ctrl+c", "ctrl+v", "ctrl+z", "ctrl+y",
        "ctrl+shift+a", "ctrl+backspace", "alt+backspace", "super+backspace", "super+c", "ctrl+b", "ctrl+i", "ctrl+m", "ctrl+h",
        "ctrl+j", "ctrl+left_square_bracket",
    }
)  # fmt: skip
# What both front ends can bind: Textual's names, and prompt-toolkit's once line mode spells them
# (tui.line.desk.prompt_toolkit_keys): function keys, and Ctrl with a letter, digit, a function
# key, backslash or underscore. Alt and Shift chords are not in prompt-toolkit's key set.
_BINDABLE = re.compile(r"^(?:ctrl\+)?f(?:[1-9]|1[0-9]|2[0-4])$|^ctrl\+(?:[a-z0-9]|backslash|underscore)$")


def key_problem(key: str) -> str | None:
    """Why `key` cannot be bound to a desk action, or None: typing must always reach the notes
    (DESIGN.md "Keys"), so a key that types something or that the editor needs is refused."""
    if key in EDITOR_KEYS:
        return f"{key} is a key the notes editor needs"
    if _BINDABLE.match(key):
        return None
    if not key.startswith("ctrl+"):
        return f"{key} types into the note or moves in it (bind a function key or a Ctrl chord)"
    return f"{key} cannot be bound in line mode (a Ctrl chord takes a letter, a digit, a function key, backslash or underscore)"


def binding_problems(overrides: dict[str, str]) -> tuple[str, str] | None:
    """(binding id, why) for the first binding of the desk's keys with `overrides` applied that
    is refused: a key that types or that the editor needs, or one key bound to two actions."""
    owners: dict[str, str] = {}
    for action in DESK_ACTIONS:
        for key in overrides.get(action.id, action.keys).split(","):
            if action.id in overrides and (problem := key_problem(key)) is not None:
                return action.id, problem
            owner = owners.setdefault(key, action.id)
            if owner != action.id:
                blamed, other = (action.id, owner) if action.id in overrides else (owner, action.id)
                return blamed, f"{key} is already the key of {other}"
    return None
