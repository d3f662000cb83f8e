"""The keyboard rule of the desk (DESIGN.md "Keys"), in one place.

Every printable key goes to the note being typed, whatever panel is open, and no key is dropped.
A panel acts on keys that type nothing: F-keys, Tab, Esc, and, while nothing is being typed,
arrows and Enter. Its one-key choices (digits: F5's windows, F6's types, F7's kinds, F9's
actions, F10's outcomes) work only while the note being typed is empty; once a character is
typed, every key but the F-keys, Tab and Esc belongs to the note until it is saved (Enter) or
emptied. A panel's text field (a number, an amount, a custom window) takes the keys only after
the agent moved into it with Tab; Tab or Esc gives them back.

The app (tui.app.desk.app) sends each key here before anything else sees it; a dialog opts in by
mixing in TypesThrough. The F5 panel lives on the desk screen itself, where the note editor keeps
the focus: the screen applies the same rule there (DeskScreen.panel_key).
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual import events
from textual.widgets import Input

from tui.app.desk.dialogs import is_loaded_instance

# Keys that act on a panel even in the middle of a note: they never type anything.
_PANEL_KEYS = frozenset({"escape", "tab", "shift+tab", "ctrl+q", "ctrl+p", "ctrl+underscore", "ctrl+backslash"})
_F_KEY = re.compile(r"(?:shift\+|ctrl\+|alt\+)*f\d{1,2}")


class TypesThrough:
    """A dialog over the live desk that lets typing through to the note being typed.

    `one_key_choices`: the characters that are the dialog's own choices while the note is empty;
    KEYS_WHILE_TYPING: keys that stay the dialog's even mid-note (the wrap-up's Enter files the call
    with the note being typed saved first, so nothing is lost)."""

    ONE_KEY_CHOICES = ""
    KEYS_WHILE_TYPING: frozenset[str] = frozenset()
    # A short terminal (80x24): the dialog sits at the top and leaves the desk's editor, its status
    # line and the footer in view, so the note typed through it is seen (desk.tcss).
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-short"), (32, "-tall")]

    @property
    def one_key_choices(self) -> str:
        return self.ONE_KEY_CHOICES

    @property
    def keys_while_typing(self) -> frozenset[str]:
        return self.KEYS_WHILE_TYPING


def acts_on_panel(key: str) -> bool:
    """A key that is the panel's whatever is being typed: F-keys, Tab, Esc, the app's chords."""
    return key in _PANEL_KEYS or _F_KEY.fullmatch(key) is not None


def has_the_keys(widget: object) -> bool:
    """A field the agent moved into (Tab): it takes every key until Tab or Esc gives them back."""
    # A Checkbox only once its module is loaded (with a dialog that has one: not before the first frame).
    return isinstance(widget, Input) or is_loaded_instance(widget, "textual.widgets._checkbox", "Checkbox")


def goes_to_note(event: events.Key, draft: str, choices: str, keep: frozenset[str] = frozenset()) -> bool:
    """Whether a key pressed in a panel (not in one of its fields) belongs to the note being typed."""
    if acts_on_panel(event.key) or event.key in keep:
        return False
    if event.is_printable and event.character:
        return bool(draft) or event.character not in choices
    return bool(draft)  # arrows, Enter, Backspace: the panel's while the note is empty
