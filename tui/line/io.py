"""What line mode does with the agent: write a line, ask one question, choose from a list.

Commands, /callback and the coaching questions take a LineIO, never the LineDesk that owns the
loop, so each can be read on its own and nothing imports the desk back. PromptIO is LineIO on the
one prompt-toolkit prompt that both the notes and the questions use.

Nothing typed at a question is lost: a line that answers nothing, or what was typed before the
question was left with Ctrl+C, is kept (`keep`) as a note stamped when its typing began; a /command
typed there runs, or waits for the question to end (`on_command`), and the question is asked again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from prompt_toolkit import PromptSession
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.completion import Completer
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.input.vt100 import Vt100Input, raw_mode
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.output import Output

from tui.domain.text.display import visible
from tui.domain.text.redact import mask_sensitive
from tui.line.choices import choices_text, pick
from tui.support import early_prompt
from tui.support.i18n import _

Write = Callable[[str], None]
# Text typed at a question that answers nothing: (text, when its typing began on the call clock,
# why it is not an answer). It becomes a note, never lost (tui.line.desk keeps it).
Keeper = Callable[[str, float | None, str], None]


class LineIO(Protocol):
    began: float | None  # when the typing of the last answer began (call clock), None when unknown

    def write(self, text: str) -> None:
        """One plain line (a screen reader speaks it)."""

    def question(self, question: str) -> str | None:
        """One line answered: its text ("" for Enter), or None when the agent left it (Ctrl+C, Ctrl+D)."""

    def keep(self, text: str, began: float | None, reason: str) -> None:
        """`text` answers nothing (`reason`, a sentence, says why): it is kept as a note stamped `began`, and said so."""

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


class HeldKeysInput(Vt100Input):
    """prompt-toolkit's input on stdin, taking over a terminal whose keys the early prompt holds
    (tui.support.early_prompt): its first raw mode starts from that hold, with no moment of echo or
    line editing in between, and puts the terminal back as it was before the hold when it ends."""

    def raw_mode(self) -> AbstractContextManager[None]:
        mode = raw_mode(self.fileno())
        before = early_prompt.hand_over()
        if before is not None:
            mode.attrs_before = before  # it read the hold's attributes: restore those from before it
        return mode


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
        clock: Callable[[], float | None] = lambda: None,
        keeper: Keeper | None = None,
        on_command: Callable[[str], None] | None = None,
    ) -> None:
        self._write = write
        self.asking = False  # a question is open: keys that ask again wait
        self.began: float | None = None
        self.clock = clock  # the live call's clock, None between calls
        self.keeper = keeper
        self.on_command = on_command  # a /command typed at a question: run or kept, then asked again
        self._held: list[str] | None = None  # lines said while the prompt is drawn: printed above it after
        if input is None and early_prompt.drawn() is not None:
            input = HeldKeysInput(sys.stdin)
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
        self.prompt.default_buffer.on_text_changed += self._typed

    def _typed(self, buffer: Buffer) -> None:
        if self.asking and buffer.text and self.began is None:
            self.began = self.clock()

    def write(self, text: str) -> None:
        if self._held is not None:
            self._held.append(text)
            return
        early_prompt.withdraw()  # an early prompt still drawn is not the first thing said after all
        # Every line said goes through visible: a caller as typed or a note from a journal may
        # hold an escape sequence that would retitle or recolour the agent's terminal.
        self._write(visible(text, keep_lines=True))

    @contextmanager
    def held(self) -> Iterator[list[str]]:
        """The lines said inside are collected, not printed: work done while the prompt is on screen
        says them afterwards above it (prompt-toolkit's run_in_terminal), through `write`."""
        lines: list[str] = []
        self._held = lines
        try:
            yield lines
        finally:
            self._held = None

    def question(self, question: str) -> str | None:
        early_prompt.withdraw()  # a question first (a cut-short call's offer) is not the prompt drawn early
        while True:
            self.asking, self.began = True, None
            try:
                answer = self.prompt.prompt(visible(question, keep_lines=True)).strip()
            except (EOFError, KeyboardInterrupt):
                left = self.prompt.default_buffer.text.strip()  # before the next prompt clears it
                if left:
                    self.keep(left, self.began, _("The question was left."))
                return None
            finally:
                self.asking = False
            if answer.startswith("/") and self.on_command is not None:
                self.on_command(answer)  # a command, not an answer: the question stays open
                continue
            return answer

    def keep(self, text: str, began: float | None, reason: str) -> None:
        if self.keeper is not None:
            self.keeper(text, began, reason)
        else:
            self.write(reason)

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
            shown = repr(mask_sensitive(answer)[0])
            self.keep(answer, self.began, _("{answer} is not one of: {choices}.").format(answer=shown, choices=choices))
