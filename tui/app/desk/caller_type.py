"""F6: tag the caller's type (METHOD.md difficult callers). One key each; Esc goes back to the call."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.app.actions import bindings
from tui.app.desk.dialogs import dialog_css
from tui.app.desk.typing import TypesThrough
from tui.config.keys import CALLER_TYPE_ACTIONS
from tui.domain.coaching.phrases import CALLER_TYPES, CallerType
from tui.support.i18n import _


class CallerTypeScreen(TypesThrough, ModalScreen[str | None]):
    """Digits 1-5 pick a type at once (while the note is empty: typing goes on into the note, see
    tui.app.desk.typing); the desk stores it as a `tag` event."""

    SCOPED_CSS = False  # its rules name its own ids, as in desk.tcss where they were
    DEFAULT_CSS = dialog_css("caller-type", labels="#caller-type > Label")

    ONE_KEY_CHOICES = "".join(str(number) for number in range(1, len(CALLER_TYPES) + 1))

    BINDINGS = bindings(CALLER_TYPE_ACTIONS)

    def __init__(self, types: dict[str, CallerType], current: str | None = None) -> None:
        super().__init__()
        self.types = types
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="caller-type"):
            yield Label(_("Caller type: press a number. Its hint stays in the coach pane. Typing goes to the note; Esc goes back."))
            text = Text()
            for number, key in enumerate(CALLER_TYPES, start=1):
                entry = self.types[key]
                mark = "●" if key == self.current else " "
                text.append(f"{mark} {number}  ", "bold")
                text.append(entry.label, "bold")
                text.append(f"  {entry.signs}\n", "dim")
            yield Static(text, id="caller-type-list")

    def on_key(self, event: events.Key) -> None:
        character = event.character or ""
        if character.isdigit() and 1 <= int(character) <= len(CALLER_TYPES):
            event.stop()
            self.dismiss(CALLER_TYPES[int(character) - 1])

    def action_back(self) -> None:
        self.dismiss(None)
