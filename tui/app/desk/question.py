"""A question the desk asks (quit during a call? resume the call cut short?): it holds until it is
answered. No panel opens over it, F1's keys help neither: a desk key pressed meanwhile does
nothing and is named on the question as waiting (DeskApp). The agent may be on a live call all the
while, so every printable key still goes to the note being typed (TypesThrough), except the
question's own one-key answers while that note is empty."""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.app.desk.typing import TypesThrough

Answer = TypeVar("Answer")


class Question(TypesThrough, ModalScreen[Answer]):
    WAITS_CLASS = "question-waits"  # the Label a question yields for answer_first's sentence

    def waits(self, key: str) -> str:
        """The sentence for a desk key pressed before the answer: what it does (nothing) and what answers."""
        raise NotImplementedError

    def answer_first(self, key: str) -> None:
        """A desk key pressed while the question waits: it does nothing, and says why."""
        self.query_one(f".{self.WAITS_CLASS}", Label).update(Text(self.waits(key), style="bold"))
