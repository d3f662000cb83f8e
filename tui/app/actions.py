"""Textual bindings built from the one action table (tui.config.keys): ids, tooltips, priorities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from tui.app.base import BaseApp
from tui.config.keys import DESK_ACTIONS, BindableAction


def bindings(actions: Iterable[BindableAction]) -> list[BindingType]:
    """A screen's or widget's BINDINGS: config's [keys] remaps each by its id (App.set_keymap)."""
    return [
        Binding(
            action.keys,
            action.action,
            action.label,
            show=action.show,
            id=action.id,
            tooltip=action.tooltip,
            priority=action.priority,  # desk keys must reach the desk while the notes editor has focus
            system=action.system,
        )
        for action in actions
    ]


def desk_bindings(app_wide: bool) -> list[BindingType]:
    """The desk screen's bindings, or the app-wide ones (F1 and Ctrl+Q work over dialogs too)."""
    return bindings(action for action in DESK_ACTIONS if action.app_wide == app_wide)


class KeyReader:
    """A panel's actions read in key order (the F5 panel, the F9 queue's choices): each key in force
    in `app` (config's [keys] applied) to its action in the table."""

    def __init__(self, actions: Iterable[BindableAction], app: App[Any]) -> None:
        keys_in_force = app.keys_in_force if isinstance(app, BaseApp) else _as_in_the_table
        actions = tuple(actions)
        self._keys = {action.id: keys_in_force(action.id, action.keys).split(",") for action in actions}
        self._by_key = {key: action for action in actions for key in self._keys[action.id]}

    def action_for(self, event: events.Key) -> BindableAction | None:
        """The action of a key, found by its name (f4, escape) or by the character it types (1, [)."""
        return self._by_key.get(event.key) or (self._by_key.get(event.character) if event.character else None)

    def key_of(self, action: BindableAction) -> str:
        """Its first key in force, for a hint line."""
        return self._keys[action.id][0]

    def characters(self) -> str:
        """The keys that type a character: a panel's one-key choices under the keyboard rule."""
        return "".join(key for keys in self._keys.values() for key in keys if len(key) == 1)


def _as_in_the_table(binding_id: str | None, default: str) -> str:
    return default  # an app with no [keys] (a widget tried alone)
