"""One table of the desk's bindable actions: id (for config remaps), keys, label, tooltip.

Plain data, so line mode and the config check use it without loading Textual.
Alternate chords avoid the notes editor's own keys (ctrl+a/e/d/k/u/w/x/c/v/z/y, ctrl+left/right)
and the tmux/screen prefixes (ctrl+b, ctrl+a), because some terminals keep F-keys for themselves.
"""

from __future__ import annotations

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
