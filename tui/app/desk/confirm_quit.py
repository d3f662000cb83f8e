"""Ctrl+Q during a live call: the only time quitting asks first. A question: it holds until it is
answered, and typing still goes to the note (tui.app.desk.question)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from tui.app.actions import bindings
from tui.app.desk.dialogs import dialog_css
from tui.app.desk.question import Question
from tui.config.keys import CONFIRM_QUIT_ACTIONS
from tui.support.i18n import _


class ConfirmQuitScreen(Question[bool]):
    SCOPED_CSS = False  # its rules name its own ids, as in desk.tcss where they were
    DEFAULT_CSS = dialog_css("confirm-quit", labels="#confirm-quit > Label")

    ONE_KEY_CHOICES = "yn"  # while the note is empty; typing goes on into the note

    BINDINGS = bindings(CONFIRM_QUIT_ACTIONS)

    def __init__(self, saved: bool = True, quit_keys: str = "Ctrl+Q") -> None:
        super().__init__()
        self.saved = saved
        self.quit_keys = quit_keys  # pressed again it answers: a chord types nothing, so it works mid-note

    def compose(self) -> ComposeResult:
        if self.saved:
            question = _(
                "A call is live. Quit anyway? Everything typed is saved in the call's journal and offered for resume at the next start."
            )
        else:
            question = _(
                "A call is live and NOT SAVED: the disk refuses its journal. Quitting now loses what was typed since. Quit anyway?"
            )
        with Vertical(id="confirm-quit"):
            answers = _("y or {quit_keys}  quit      n / Esc  stay on the call").format(quit_keys=self.quit_keys)
            yield Label(Text(question + "\n\n " + answers))
            yield Label("", id="confirm-quit-waits", classes=self.WAITS_CLASS)

    def waits(self, key: str) -> str:
        return _("{key} does nothing until this is answered: n or Esc stays on the call.").format(key=key)

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
