"""What line mode does with the agent: write a line, ask one question, choose from a list.

Commands, /callback and the coaching questions take a LineIO, never the LineDesk that owns the
loop, so each can be read on its own and nothing imports the desk back. PromptIO is LineIO on the
one prompt-toolkit prompt that both the notes and the questions use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.output import Output

from tui.domain.text.display import visible
from tui.line.choices import choices_text, pick
from tui.support.i18n import _

Write = Callable[[str], None]


class LineIO(Protocol):
    def write(self, text: str) -> None:
        """One plain line (a screen reader speaks it)."""

    def question(self, question: str) -> str | None:
        """One line answered: its text ("" for Enter), or None when the agent left it (Ctrl+C, Ctrl+D)."""

    def ask(self, question: str, default: str, cancel: str | None = None) -> str:
        """Enter accepts `default`; Ctrl+C or Ctrl+D gives `cancel` (else the default)."""

    def choose(self, what: str, keys: tuple[str, ...], labels: dict[str, str], proposed: str | None) -> str | None:
        """A number or the start of a name; Enter takes `proposed`; None when the agent left."""


class NotesHistory(InMemoryHistory):
    """Up and Down recall notes and commands, not the answers to questions (1, y, Enter...)."""

    def __init__(self, asking: Callable[[], bool]) -> None:
        super().__init__()
        self.asking = asking

    def append_string(self, string: str) -> None:
        if not self.asking():
            super().append_string(string)


class PromptIO:
    """LineIO on a PromptSession; `asking` is true while a question (not a note) is on the prompt."""

    def __init__(
        self,
        write: Write = print,
        *,
        completer: Completer | None = None,
        key_bindings: KeyBindings | None = None,
        toolbar: Callable[[], str] | None = None,
        input: Input | None = None,
        output: Output | None = None,
    ) -> None:
        self._write = write
        self.asking = False  # a question is open: keys that ask again wait
        self.prompt: PromptSession[str] = PromptSession(
            history=NotesHistory(lambda: self.asking),
            completer=completer,
            complete_while_typing=False,
            key_bindings=key_bindings,
            bottom_toolbar=(lambda: visible(toolbar(), keep_lines=True)) if toolbar else None,
            refresh_interval=1.0 if toolbar else 0,
            input=input,
            output=output,
        )

    def write(self, text: str) -> None:
        # Every line said goes through visible: a caller as typed or a note from a journal may
        # hold an escape sequence that would retitle or recolour the agent's terminal.
        self._write(visible(text, keep_lines=True))

    def question(self, question: str) -> str | None:
        self.asking = True
        try:
            return self.prompt.prompt(visible(question, keep_lines=True)).strip()
        except (EOFError, KeyboardInterrupt):
            return None
        finally:
            self.asking = False

    def ask(self, question: str, default: str, cancel: str | None = None) -> str:
        answer = self.question(question)
        if answer is None:
            return default if cancel is None else cancel
        return answer or default

    def choose(self, what: str, keys: tuple[str, ...], labels: dict[str, str], proposed: str | None) -> str | None:
        labels = {key: _(label) for key, label in labels.items()}  # outcome and category labels are data
        choices = choices_text(keys, labels)
        if proposed:
            question = _("{what}? {choices}. Enter for {proposed}: ").format(what=what, choices=choices, proposed=labels[proposed])
        else:
            question = _("{what}? {choices}. Enter for none: ").format(what=what, choices=choices)
        while True:
            answer = self.question(question)
            if not answer:
                return proposed if answer == "" else None
            key = pick(answer, keys, labels)
            if key is not None:
                return key
            self.write(_("{answer} is not one of: {choices}.").format(answer=repr(answer), choices=choices))
