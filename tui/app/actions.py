"""The desk's Textual bindings, built from the plain key table in tui/keys.py."""

from __future__ import annotations

from textual.binding import Binding

from tui.config.keys import BINDING_IDS, DESK_ACTIONS, DeskAction, key_display

__all__ = ["BINDING_IDS", "DESK_ACTIONS", "DeskAction", "bindings", "key_display"]


def bindings(app_wide: bool) -> list[Binding]:
    """The desk screen's bindings, or the app-wide ones."""
    return [
        Binding(
            action.keys,
            action.action,
            action.label,
            id=action.id,
            tooltip=action.tooltip,
            show=action.footer,
            priority=True,  # the notes input has focus; these keys must still reach the desk
        )
        for action in DESK_ACTIONS
        if action.app_wide == app_wide
    ]
