"""The one table of bindable actions: the desk, its dialogs, the history, the replay, the team
view, the wallboard.

Each action has an id (config's `[keys]` remaps it: `next_step = "f4"`), its default keys, the
Textual action it runs, a short label for the footer or key bar and a tooltip sentence (labels
and desk tooltips are English msgids, translated where they are drawn). Plain data, so line
mode and the config check use it without loading Textual; tui.app.actions turns it into Bindings.

Alternate chords avoid the notes editor's own keys (ctrl+a/e/d/k/u/w/x/c/v/z/y, ctrl+left/right)
and the tmux/screen prefixes (ctrl+b, ctrl+a), because some terminals keep F-keys for themselves.
"""

from __future__ import annotations

import re

from tui.support.frozen_record import FrozenRecord


class BindableAction(FrozenRecord):
    id: str  # unique across the table: config remaps by it
    keys: str  # default keys, comma separated: F-key first, then its alternate chord
    action: str  # Textual action (with its arguments) on the screen, widget or app that binds it
    label: str  # short footer / key bar label (80 columns hold every live-call key)
    tooltip: str  # a sentence for the footer tooltip, the palette and the F1 help
    show: bool = True  # False: in F1 and the palette only, to keep the footer short at 80 columns
    priority: bool = True  # before the focused widget: the notes editor has the focus during a call
    live_only: bool = True  # desk: acts (and shows) only while a call is live
    app_wide: bool = False  # desk: bound on the app (works over dialogs too), not only on the desk
    system: bool = False  # Textual's system binding: kept out of the key panel


def _dialog(id: str, keys: str, action: str, label: str, tooltip: str, priority: bool = False, show: bool = True) -> BindableAction:
    return BindableAction(id, keys, action, label, tooltip, show=show, priority=priority, live_only=False)


# -- the desk (DeskScreen and, app_wide, DeskApp) -------------------------------------------------

DESK_ACTIONS: tuple[BindableAction, ...] = (
    BindableAction("help", "f1,ctrl+underscore", "show_keys", "Keys", "Show every key in force", live_only=False, app_wide=True),
    BindableAction("next_step", "f2,ctrl+g", "next_step", "Next", "Move to the next step; typing stays in the notes"),
    BindableAction("previous_step", "f3,ctrl+r", "previous_step", "Back", "Go back one step"),
    BindableAction(
        "callback", "f5,ctrl+l", "callback", "Callback", "Promise a callback: window, number, invite (Enter accepts, Esc closes)"
    ),
    BindableAction("caller_type", "f6,ctrl+t", "caller_type", "Caller", "Tag the caller's type (1-5); its hint stays in the coach pane"),
    BindableAction("offer", "f7,ctrl+s", "record_offer", "Offer", "Record an option offered; says at once if it is inside your authority"),
    BindableAction("hold", "f8,ctrl+o", "toggle_hold", "Hold", "Put the caller on hold, or take them off it"),
    BindableAction("end_call", "f10,ctrl+backslash", "end_call", "End", "End the call and wrap up"),
    BindableAction(
        "callbacks",
        "f9,ctrl+f",
        "callbacks",
        "Callbacks",
        "The callback queue: due, overdue, kept; mark, reschedule, cancel, call back",
        live_only=False,
        show=False,
    ),
    BindableAction("new_call", "ctrl+n", "new_call", "New call", "Start a call (when idle)", live_only=False),
    BindableAction("quit", "ctrl+q", "quit_desk", "Quit", "Quit; asks first only while a call is live", live_only=False, app_wide=True),
)

# Not listed by F1 nor the palette: Ctrl+C copies in the notes, elsewhere it says how to quit.
DESK_SYSTEM_ACTIONS: tuple[BindableAction, ...] = (
    BindableAction(
        "quit_hint", "ctrl+c", "help_quit", "Quit?", "Say that Ctrl+Q quits", show=False, priority=False, live_only=False, system=True
    ),
)

NOTE_EDITOR_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("edit_previous_note", "up", "edit_previous", "Edit previous note", "Edit the previous note (on an empty line)", show=False),
    _dialog("cancel_note_edit", "escape", "cancel_edit", "Cancel edit", "Leave the note as it was", show=False),
)

# -- the desk's dialogs ----------------------------------------------------------------------------

WRAP_UP_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("wrap_up_back", "escape", "back", "Back to the call", "Back to the call, nothing filed"),
    _dialog("wrap_up_file", "enter", "accept", "File the call", "File the call with the outcome and category chosen", priority=True),
    _dialog("wrap_up_outcome", "left", "focus_list('outcome')", "Outcome", "Choose the outcome", show=False),
    _dialog("wrap_up_category", "right", "focus_list('category')", "Category", "Choose the category", show=False),
    _dialog(
        "wrap_up_answer",
        "ctrl+n",
        "answer_phone",
        "Answer",
        "Answer the ringing phone: this call is filed as highlighted first",
        show=False,
    ),
)
NEW_CALL_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("new_call_cancel", "escape", "cancel", "Cancel", "No call: back to the idle desk"),
    # A priority binding: the call starts as the key is taken, so the keys typed behind it go to its note.
    _dialog("new_call_start", "enter", "start", "Start the call", "Start the call with the number typed", priority=True, show=False),
)
CONFIRM_QUIT_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("quit_yes", "y", "answer(True)", "Quit", "Quit; the live call is kept for resume"),
    _dialog("quit_no", "n,escape", "answer(False)", "Stay on the call", "Do not quit"),
)
RESUME_CALL_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("resume_call", "r,enter", "choose('resume')", "Resume it", "Carry on the call cut short"),
    _dialog("file_cut_short", "f", "choose('file')", "File it as it is", "File the call cut short as interrupted"),
)
CALLER_TYPE_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("caller_type_back", "escape", "back", "Back to the call", "Back to the call, no caller type tagged"),
)
OFFER_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("offer_back", "escape", "back", "Back to the call", "Back to the call, nothing recorded"),
    _dialog("offer_record", "enter", "record", "Record the offer", "Record the offer as shown", priority=True),
)
# Not q: with F1 open over a call, typing still goes to the note (tui.app.desk.typing).
KEYS_HELP_ACTIONS: tuple[BindableAction, ...] = (_dialog("keys_help_close", "escape,f1", "close", "Close", "Close the keys help"),)

# -- the F5 callback panel and the F9 callback queue ------------------------------------------------
# Read in key order (tui.app.actions.KeyReader) rather than run as bindings: a binding acts only
# after the keys typed right behind it, and those must land where this key sends them. Digits are
# one-key choices, the panel's or the queue's only while no note is being typed (tui.app.desk.typing).

CALLBACK_PANEL_ACTIONS: tuple[BindableAction, ...] = (
    _dialog(
        "callback_close",
        "escape",
        "back_to_note",
        "Close",
        "In a field: back to the note; in the note: close, nothing promised",
        show=False,
    ),
    _dialog("callback_next_field", "tab", "next_field(1)", "Next field", "Into the panel's fields, then the next one", show=False),
    _dialog("callback_previous_field", "shift+tab", "next_field(-1)", "Previous field", "Back to the previous field", show=False),
    _dialog(
        "callback_whose_time", "f4", "toggle_typed_in", "Whose time", "A custom window typed in your time, or the caller's", show=False
    ),
    _dialog("callback_promise", "enter", "accept", "Promise", "Promise the window shown (while no note is being typed)", show=False),
)
# Also the panel's bindings, for when one of its fields has the keys (those type nothing).
CALLBACK_ZONE_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("callback_next_zone", "pagedown", "next_zone(1)", "Next zone", "The number's next time zone, then all of them", show=False),
    _dialog("callback_previous_zone", "pageup", "next_zone(-1)", "Previous zone", "The number's previous time zone", show=False),
)
# The windows a callback may be promised in, F5's and the queue's when it reschedules one: the
# presets of tui.domain.callback.proposal.PRESET_KEYS (spelled out, so config loads no domain; a
# test holds the two together).
CALLBACK_WINDOW_ACTIONS: tuple[BindableAction, ...] = tuple(
    _dialog(f"callback_window_{preset}", key, f"preset('{preset}')", label, f"Window: {label}", show=False)
    for key, preset, label in (
        ("1", "within_2h", "within 2 hours"),
        ("2", "later_today", "later today"),
        ("3", "within_24h", "within 24 hours"),
        ("4", "next_business_morning", "next business morning"),
        ("5", "custom", "custom"),
    )
)
CALLBACK_QUEUE_ACTIONS: tuple[BindableAction, ...] = (
    _dialog(
        "queue_confirm", "enter", "confirm", "confirms", "Confirm what was asked: kept, cancelled, a new window", priority=True, show=False
    ),
    _dialog("queue_close", "escape", "back", "close", "Close the queue; asked to confirm, or in the custom field: back, nothing changed"),
    _dialog("queue_whose_time", "f4", "toggle_typed_in", "Whose time", "A custom window typed in your time, or the caller's", show=False),
)
# The one-key choices on the selected callback (labels: the queue's hint line).
CALLBACK_QUEUE_CHOICES: tuple[BindableAction, ...] = (
    _dialog("queue_kept", "1", "kept", "kept", "Record the selected callback kept (Enter confirms)", show=False),
    _dialog("queue_reschedule", "2", "reschedule", "reschedule", "A new window for it (Enter issues the new invite)", show=False),
    _dialog("queue_cancel", "3", "cancel_callback", "cancel", "Cancel it (Enter confirms; a cancellation invite is sent)", show=False),
    _dialog("queue_call", "4", "call", "call back", "Start the callback call (between calls)", show=False),
)


def window_preset(action: BindableAction) -> str:
    """The preset a window action picks: callback_window_later_today -> later_today."""
    return action.id.removeprefix("callback_window_")


# -- the supervisor's app: history, its table, replay, team view, questions ------------------------

HISTORY_ACTIONS: tuple[BindableAction, ...] = (
    BindableAction("calls_up", "up", "move(-1)", "Up", "Previous call", show=False),
    BindableAction("calls_down", "down", "move(1)", "Down", "Next call", show=False),
    BindableAction("calls_page_up", "pageup", "page(-1)", "Page up", "A page up", show=False),
    BindableAction("calls_page_down", "pagedown", "page(1)", "Page down", "A page down", show=False),
    BindableAction("calls_open", "enter", "open", "Replay", "Replay the call under the cursor"),
    # F2 to F11 in this order, each with its Ctrl alternate; the id is calls_ and the action.
    *(
        BindableAction(f"calls_{action}", f"f{number},ctrl+{letter}", action, label, tooltip)
        for number, (action, letter, label, tooltip) in enumerate(
            (
                ("dates", "d", "Dates", "Filter by a date range"),
                ("outcome", "o", "Outcome", "Cycle the outcome filter"),
                ("flagged", "f", "Flagged", "Only calls with review flags"),
                ("overdue", "l", "Overdue", "Only calls with an overdue callback"),
                ("sort", "s", "Sort", "Sort by the next column"),
                ("reverse", "g", "Reverse", "Reverse the sort"),
                ("reveal", "r", "Reveal", "Show or hide callers' full numbers"),
                ("team", "t", "Team", "The team view for the calls shown"),
                ("category", "y", "Category", "Cycle the category filter"),
                ("agent", "n", "Agent", "Cycle through the agents: one agent's calls"),
            ),
            start=2,
        )
    ),
    BindableAction("calls_clear", "escape", "clear", "Clear", "Clear the typed filter"),
)
CALL_TABLE_ACTIONS: tuple[BindableAction, ...] = (
    _dialog("calls_first", "home", "first", "First", "The first row", show=False),
    _dialog("calls_last", "end", "last", "Last", "The last row", show=False),
)
REPLAY_ACTIONS: tuple[BindableAction, ...] = (
    BindableAction("replay_play", "space", "play_pause", "Play/pause", "Play or pause the replay"),
    BindableAction("replay_back", "left", "seek(-10)", "-10s", "Back 10 seconds"),
    BindableAction("replay_forward", "right", "seek(10)", "+10s", "Forward 10 seconds"),
    BindableAction("replay_back_minute", "shift+left", "seek(-60)", "-60s", "Back one minute", show=False),
    BindableAction("replay_forward_minute", "shift+right", "seek(60)", "+60s", "Forward one minute", show=False),
    BindableAction("replay_previous_event", "left_square_bracket", "event(-1)", "Prev event", "The previous event"),
    BindableAction("replay_next_event", "right_square_bracket", "event(1)", "Next event", "The next event"),
    *(
        BindableAction(f"replay_speed_{times}", str(times), f"speed({times})", f"{times}x", tooltip, show=False)
        for times, tooltip in ((1, "Normal speed"), (2, "Double speed"), (4, "Four times as fast"), (8, "Eight times as fast"))
    ),
    BindableAction("replay_start", "home", "jump(0)", "Start", "The start of the call", show=False),
    BindableAction("replay_end", "end", "jump_end", "End", "The end of the call", show=False),
    BindableAction("replay_go_to", "g", "go_to", "Go to", "Go to a time in the call (mm:ss)"),
    BindableAction("replay_comment", "c", "comment", "Comment", "Add a comment at the play head"),
    BindableAction("replay_close", "escape", "close", "Back", "Back to the history (or quit)"),
)
TEAM_ACTIONS: tuple[BindableAction, ...] = (
    BindableAction("team_close", "escape", "close", "Back", "Back to the history (or quit)"),
    BindableAction("team_dates", "f2,ctrl+d", "dates", "Period", "Choose the period"),
)
REVIEW_APP_ACTIONS: tuple[BindableAction, ...] = (BindableAction("review_quit", "ctrl+q", "quit", "Quit", "Quit the review"),)
ASK_TEXT_ACTIONS: tuple[BindableAction, ...] = (_dialog("cancel_question", "escape", "cancel", "Cancel", "Close without an answer"),)
WALLBOARD_ACTIONS: tuple[BindableAction, ...] = (_dialog("wallboard_quit", "q,ctrl+q", "quit", "Quit", "Close the wallboard"),)

ALL_ACTIONS: tuple[BindableAction, ...] = (
    *DESK_ACTIONS,
    *DESK_SYSTEM_ACTIONS,
    *NOTE_EDITOR_ACTIONS,
    *WRAP_UP_ACTIONS,
    *NEW_CALL_ACTIONS,
    *CONFIRM_QUIT_ACTIONS,
    *RESUME_CALL_ACTIONS,
    *CALLER_TYPE_ACTIONS,
    *OFFER_ACTIONS,
    *KEYS_HELP_ACTIONS,
    *CALLBACK_PANEL_ACTIONS,
    *CALLBACK_ZONE_ACTIONS,
    *CALLBACK_WINDOW_ACTIONS,
    *CALLBACK_QUEUE_ACTIONS,
    *CALLBACK_QUEUE_CHOICES,
    *HISTORY_ACTIONS,
    *CALL_TABLE_ACTIONS,
    *REPLAY_ACTIONS,
    *TEAM_ACTIONS,
    *REVIEW_APP_ACTIONS,
    *ASK_TEXT_ACTIONS,
    *WALLBOARD_ACTIONS,
)

BINDING_IDS = frozenset(action.id for action in ALL_ACTIONS)


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


# The F5 panel and the F9 queue are open over a live call, so the desk's keys act beside theirs.
_PANELS_OVER_THE_DESK: tuple[tuple[BindableAction, ...], ...] = (
    CALLBACK_PANEL_ACTIONS + CALLBACK_ZONE_ACTIONS + CALLBACK_WINDOW_ACTIONS,
    CALLBACK_QUEUE_ACTIONS + CALLBACK_QUEUE_CHOICES,  # its reschedule's windows: the panel's, above
)


def binding_problems(overrides: dict[str, str]) -> tuple[str, str] | None:
    """(binding id, why) for the first binding of the desk's keys with `overrides` applied that
    is refused: a key that types or that the editor needs, or one key bound to two actions (the
    desk's and an open panel's too: F4 cannot be both a step key and the panel's "whose time")."""
    desk_owners: dict[str, str] = {}
    for action in DESK_ACTIONS:
        for key in overrides.get(action.id, action.keys).split(","):
            if action.id in overrides and (problem := key_problem(key)) is not None:
                return action.id, problem
            if (taken := _taken(desk_owners, key, action, overrides)) is not None:
                return taken
    for panel in _PANELS_OVER_THE_DESK:
        owners = dict(desk_owners)
        for action in panel:
            for key in overrides.get(action.id, action.keys).split(","):
                if (taken := _taken(owners, key, action, overrides)) is not None:
                    return taken
    return None


def _taken(owners: dict[str, str], key: str, action: BindableAction, overrides: dict[str, str]) -> tuple[str, str] | None:
    """Record `action` as the owner of `key`, or (the binding to blame, why) when another has it."""
    owner = owners.setdefault(key, action.id)
    if owner == action.id:
        return None
    blamed, other = (action.id, owner) if action.id in overrides else (owner, action.id)
    return blamed, f"{key} is already the key of {other}"
