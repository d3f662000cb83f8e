"""At start: a call that was cut short (crash, closed terminal) is offered, never dropped."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.app.actions import bindings
from tui.config.keys import RESUME_CALL_ACTIONS
from tui.domain.text.display import visible
from tui.support.i18n import _


class ResumeCallScreen(ModalScreen[str]):
    """Returns "resume" or "file"."""

    BINDINGS = bindings(RESUME_CALL_ACTIONS)

    def __init__(self, summary: dict[str, Any]) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        info = self.summary
        text = Text()
        text.append(_("A call was cut short before it was filed.") + "\n\n", "bold")
        text.append(
            _("Started {started} with {caller}, {notes} note(s)").format(
                started=info["started"], caller=visible(info["caller"] or _("no number")), notes=info["notes"]
            )
        )
        if info.get("draft"):
            text.append(_(", and a note that was being typed"))
        if info.get("reason"):
            text.append(_("; stopped by {reason}").format(reason=info["reason"]))
        text.append(".\n\n " + _("r / Enter  resume the call      f  file it as it is (interrupted)"))
        with Vertical(id="resume-call"):
            yield Label(text)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
