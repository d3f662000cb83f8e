"""Line mode: the same call, one line at a time, for screen readers, slow links and thin terminals.

Every line typed is a note stamped when its typing began; lines starting with `/` are commands.
Everything is printed as plain lines (a screen reader speaks them); the bottom toolbar is optional.
It drives the same domain and store as the desk through tui.services.session, and never imports Textual.
"""

from __future__ import annotations

import signal
from collections.abc import Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings

import tui.domain.call.events as ev
from tui.config.keys import DESK_ACTIONS
from tui.domain.text.timefmt import clock_text
from tui.line.choices import choices_text, pick
from tui.line.commands import ASKING, COMMAND_NAMES, KEY_COMMANDS, CommandCompleter, LineCommands
from tui.services.session import CallSession, Desk
from tui.support.i18n import _, set_language

Write = Callable[[str], None]


def prompt_toolkit_keys(keys: str) -> list[tuple[str, ...]]:
    """'f2,ctrl+g' -> [('f2',), ('c-g',)]: the desk's key names in prompt-toolkit's spelling."""
    names = {"backslash": "\\", "underscore": "_"}
    out = []
    for key in keys.split(","):
        if key.startswith("ctrl+"):
            rest = key[len("ctrl+") :]
            out.append((f"c-{names.get(rest, rest)}",))
        else:
            out.append((key,))
    return out


class NotesHistory(InMemoryHistory):
    """Up and Down recall notes and commands, not the answers to questions (1, y, Enter...)."""

    def __init__(self, asking: Callable[[], bool]) -> None:
        super().__init__()
        self.asking = asking

    def append_string(self, string: str) -> None:
        if not self.asking():
            super().append_string(string)


class LineDesk:
    """One agent's line-mode desk: optional resume of a cut-short call, then calls until /quit."""

    def __init__(
        self,
        desk: Desk,
        *,
        write: Write = print,
        toolbar: bool = True,
        input=None,
        output=None,
    ) -> None:
        set_language(desk.config.language)
        self.desk = desk
        self.write = write
        self.session: CallSession | None = None
        self.typing_began: float | None = None
        self.pending_command: str | None = None  # a key that ended the prompt early (F5, F6, F7, F10)
        self.held_draft: tuple[str, float | None] | None = None  # the half-typed note it left waiting
        self.asking = False  # a question is open: keys that ask again wait
        self.commands = LineCommands(self)
        self.prompt = PromptSession(
            history=NotesHistory(lambda: self.asking),
            completer=CommandCompleter(),
            complete_while_typing=False,
            key_bindings=self._key_bindings(),
            bottom_toolbar=self.toolbar_text if toolbar else None,
            refresh_interval=1.0 if toolbar else None,
            input=input,
            output=output,
        )
        self.prompt.default_buffer.on_text_changed += self._draft_changed

    # -- what is said ------------------------------------------------------------------------

    def status_line(self) -> str:
        if self.session is None:
            return _("No call live. Type /call NUMBER (or just /call) to start one; /quit leaves.")
        call = self.session.call
        state, now = call.state, call.now()
        step = call.playbook.step(state.current_step).title if state.current_step else _("wrap-up")
        parts = [
            _("Step {step}").format(step=step),
            _("call {time}").format(time=clock_text(state.call_elapsed(now))),
            _("step {time}").format(time=clock_text(state.step_elapsed(now))),
        ]
        if state.on_hold:
            parts.append(_("ON HOLD {time}").format(time=clock_text(state.current_hold(now))))
        return ", ".join(parts) + "."

    def toolbar_text(self) -> str:
        return self.status_line()

    def say_step(self) -> None:
        """The step's prompts as plain lines, so a screen reader speaks them when the step changes."""
        call = self.session.call
        key = call.state.current_step
        if key is None:
            return
        index = call.playbook.index_of(key)
        step = call.playbook.steps[index]
        self.write(
            _("Step {number} of {count}: {title} ({rules}).").format(
                number=index + 1, count=len(call.playbook.steps), title=step.title, rules=", ".join(step.rules)
            )
        )
        for line in step.say:
            self.write(f"  {_('Say')}: {line}")
        for line in step.avoid:
            self.write(f"  {_('Avoid')}: {line}")

    # -- calls -------------------------------------------------------------------------------

    def start_call(self, caller: str) -> None:
        self.session, warning = self.desk.start_call(caller)
        shown = self.session.call.state.caller or caller.strip() or _("no number")
        self.write(_("Call started with {caller}. Each line you type is a note; /help lists commands.").format(caller=shown))
        if warning:
            self.write(_("Warning: {warning}").format(warning=warning))
        self.say_step()

    def resume(self, journal) -> None:
        self.session = self.desk.resume_call(journal)
        notes = self.session.call.state.notes
        self.write(
            _("Resumed the call from {time} with {count} note(s).").format(time=self.session.call.state.started_at[11:16], count=len(notes))
        )
        for note in notes[-3:]:
            self.write(f"  {clock_text(note.t)} {note.text}")
        self.say_step()
        draft = self.session.recovered_draft
        if draft:
            # Back on the line as it was, stamped when its typing began: Enter saves it.
            self.held_draft = (draft["text"], draft["t"])
            self.write(_("The note you were typing is back on the line; Enter saves it."))

    def offer_cut_short_calls(self) -> None:
        for journal in self.desk.cut_short_calls():
            if self.session is not None:
                return
            answer = self.ask(_("A call ({id}) was cut short. r resume, f file it as it is [r]: ").format(id=journal.stem), "r")
            if answer.lower().startswith("f"):
                record = self.desk.file_as_is(journal)
                self.write(_("Filed {id} as interrupted.").format(id=record["id"]))
            else:
                self.resume(journal)

    def question(self, question: str) -> str | None:
        """One line answered: its text ("" for Enter), or None when the agent left it (Ctrl+C, Ctrl+D)."""
        self.asking = True
        try:
            return self.prompt.prompt(question).strip()
        except (EOFError, KeyboardInterrupt):
            return None
        finally:
            self.asking = False

    def ask(self, question: str, default: str, cancel: str | None = None) -> str:
        """A one-line question; Enter accepts the default, Ctrl+C or Ctrl+D gives `cancel` (else the default)."""
        answer = self.question(question)
        if answer is None:
            return default if cancel is None else cancel
        return answer or default

    def choose(self, what: str, keys: tuple[str, ...], labels: dict[str, str], proposed: str | None) -> str | None:
        """One question with a list: a number or the start of a name; Enter takes `proposed`; None if left."""
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

    def file_call(self, outcome: str, category: str) -> None:
        try:
            record = self.session.finish(outcome, category)
        except OSError as error:
            # strerror, never str(error): an exception's message may quote what was being stored.
            reason = error.strerror or error.__class__.__name__
            if self.session.call.live:
                # Its end could not be journaled (a full disk): the call stays open, notes go on.
                self.write(_("The call could not be filed ({reason}); it stays open. /end again once it is saved.").format(reason=reason))
                return
            self.session = None
            self.write(
                _("The call could not be filed ({reason}); its journal keeps it and it will be offered at the next start.").format(
                    reason=reason
                )
            )
            return
        self.session = None
        self.write(
            _("Call filed as {id}: {outcome}, {category}. Ready for the next call.").format(
                id=record["id"], outcome=_(ev.OUTCOME_LABELS[outcome]), category=_(ev.CATEGORY_LABELS[category])
            )
        )

    # -- input -------------------------------------------------------------------------------

    def _draft_changed(self, buffer) -> None:
        if self.session is None or not self.session.call.live or self.asking:
            return  # an answer to a question is not a note
        text = buffer.text
        if not text or text.startswith("/"):
            self.typing_began = None if not text else self.typing_began
            return
        if self.typing_began is None:
            self.typing_began = self.session.call.now()
        self.session.save_draft(self.typing_began, text)

    def handle_line(self, line: str) -> bool:
        """One line from the agent; False when the desk should close."""
        began, self.typing_began = self.typing_began, None
        if line.startswith("/"):
            return self.commands.run(line)
        if self.session is None:
            if line.strip():
                self.write(_("No call is live, so that was not saved. /call starts a call."))
            return True
        note = self.session.call.add_note(line, began)
        if note is not None and note.text != line.rstrip() and "*" in note.text:
            self.write(_("A card number or security code was masked before saving."))
        return True

    def _key_bindings(self) -> KeyBindings:
        bindings = KeyBindings()
        keymap = self.desk.config.keys
        for action in DESK_ACTIONS:
            command = KEY_COMMANDS.get(action.id)
            if command is None:
                continue
            for keys in prompt_toolkit_keys(keymap.get(action.id, action.keys)):
                bindings.add(*keys)(self._run_key_command(command))
        return bindings

    def _run_key_command(self, command: str):
        def handler(event) -> None:
            if command not in ASKING:
                run_in_terminal(lambda: self.commands.run(command))
                return
            if self.asking:
                return  # a question is open: it is answered first
            # The command asks its own questions, so this prompt is left first.
            self.pending_command = command
            buffer = event.app.current_buffer
            if command == "/end":
                event.app.exit(result=buffer.text)  # the half-typed line is a note of the call that ends
            else:
                self.held_draft = (buffer.text, self.typing_began)  # it comes back after the questions
                event.app.exit(result="")

        return handler

    # -- the loop ----------------------------------------------------------------------------

    def run(self, caller: str | None) -> int:
        self._install_signal_handlers()
        self.offer_cut_short_calls()
        if self.session is None and caller is not None:
            self.start_call(caller)
        elif self.session is None:
            self.write(self.status_line())
        while True:
            draft, began = self.held_draft or ("", None)
            self.held_draft = None
            self.typing_began = began
            try:
                line = self.prompt.prompt("note> " if self.session else "> ", default=draft)
            except (EOFError, KeyboardInterrupt):
                left = (self.prompt.default_buffer.text, self.typing_began)  # before the question clears it
                if self.session is None or self.ask_leave():
                    break
                if left[0] and self.session is not None and self.session.call.live:
                    self.held_draft = left  # carrying on: the half-typed note is back
                continue
            command, self.pending_command = self.pending_command, None
            if self.held_draft is not None:
                if not self.commands.run(command):
                    break
            elif not self.handle_line(line) or (command and not self.handle_line(command)):
                break
        if self.session is not None:
            self.session.abandon()
        return 0

    def ask_leave(self) -> bool:
        answer = self.ask(_("A call is live. e end and wrap up, q quit (the call is kept for resume), c carry on [c]: "), "c")
        if answer.lower().startswith("e"):
            self.commands.run("/end")
            return False
        return answer.lower().startswith("q")

    def _install_signal_handlers(self) -> None:
        def stop(signum, frame) -> None:
            name = signal.Signals(signum).name
            if self.session is not None and self.session.call.live:
                self.session.interrupt(name)
            raise SystemExit(0)

        for signum in (signal.SIGTERM, signal.SIGHUP):
            try:
                signal.signal(signum, stop)
            except ValueError:
                pass  # not the main thread (tests): the journal still holds everything


__all__ = ["LineDesk", "COMMAND_NAMES"]
