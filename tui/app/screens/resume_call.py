"""At start: a call that was cut short (crash, closed terminal) is offered, never dropped."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from ...domain.display_text import visible


class ResumeCallScreen(ModalScreen[str]):
    """Returns "resume" or "file"."""

    BINDINGS = [
        Binding("r,enter", "choose('resume')", "Resume it"),
        Binding("f", "choose('file')", "File it as it is"),
    ]

    def __init__(self, summary: dict) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        info = self.summary
        text = Text()
        text.append("A call was cut short before it was filed.\n\n", "bold")
        text.append(f"Started {info['started']} with {visible(info['caller'] or 'no number')}, ")
        text.append(f"{info['notes']} note(s)")
        if info.get("draft"):
            text.append(", and a note that was being typed")
        if info.get("reason"):
            text.append(f"; stopped by {info['reason']}")
        text.append(".\n\n r / Enter  resume the call      f  file it as it is (interrupted)")
        with Vertical(id="resume-call"):
            yield Label(text)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
