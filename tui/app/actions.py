"""Textual bindings built from the one action table (tui.config.keys): ids, tooltips, priorities."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

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
