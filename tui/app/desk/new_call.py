"""Ctrl+N when idle: the caller's number (optional), then Enter starts the call."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.app.actions import bindings
from tui.app.desk.dialogs import dialog_css
from tui.config.keys import NEW_CALL_ACTIONS
from tui.support.i18n import _


class NewCallScreen(ModalScreen[str | None]):
    SCOPED_CSS = False  # its rules name its own ids, as in desk.tcss where they were
    DEFAULT_CSS = dialog_css("new-call", labels="#new-call > Label", types_through=False)

    BINDINGS = bindings(NEW_CALL_ACTIONS)

    def compose(self) -> ComposeResult:
        with Vertical(id="new-call"):
            yield Label(Text(_("New call: the caller's number (Enter with it empty if unknown). Esc cancels.")))
            yield Input(placeholder="+1 650 253 0000", id="caller")

    def action_start(self) -> None:
        self.dismiss(self.query_one("#caller", Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
