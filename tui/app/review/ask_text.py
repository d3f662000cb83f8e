"""A one-line question for the supervisor (go to mm:ss, a comment): Enter answers, Esc cancels.

`check` turns the typed text into the answer or raises ValueError with a sentence that is shown
under the field, so a bad time is corrected in place instead of silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.app.actions import bindings
from tui.config.keys import ASK_TEXT_ACTIONS

T = TypeVar("T")  # the answer, as `check` reads it from the text


class AskTextScreen(ModalScreen[T | None], Generic[T]):
    BINDINGS = bindings(ASK_TEXT_ACTIONS)

    def __init__(self, question: str, placeholder: str, check: Callable[[str], T], value: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.check = check
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-text"):
            yield Label(Text(self.question))
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            yield Static(id="ask-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            answer = self.check(event.value)
        except ValueError as error:
            self.query_one("#ask-problem", Static).update(Text(str(error), "bold red"))
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
