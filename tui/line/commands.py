"""Line mode's slash commands: /next, /back, /hold, /callback, /type, /offer, /end, /status, /help,
/keys, /call, /quit. Those that ask questions (/callback, /type, /offer, /end) ask one per line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

import tui.domain.call.events as ev
from tui.config.data_files import phrase_rules
from tui.config.keys import DESK_ACTIONS, key_display
from tui.domain.call.wrapup import propose_category
from tui.domain.coaching.phrases import PhraseRulesError
from tui.line.calls import LineCalls
from tui.line.io import LineIO
from tui.services.session import CallSession
from tui.support.i18n import N_, _

if TYPE_CHECKING:
    from tui.line.coaching import LineCoaching

HELP = {
    "/next": N_("go to the next step (F2)"),
    "/back": N_("go back one step (F3)"),
    "/hold": N_("put the caller on hold, or take them off it (F8)"),
    "/callback": N_("promise a callback: /callback [2h|today|24h|morning|1-4|tomorrow 10-12] [number] [zone Z] [email E] (F5)"),
    "/type": N_("tag the caller's type: /type [1-5 or emotional, principled, stubborn, prepared, influential] (F6)"),
    "/offer": N_("record an option offered: /offer [kind] [amount] [spend N] [accepted] (F7)"),
    "/end": N_("end the call: outcome and category, Enter accepts each proposal (F10)"),
    "/status": N_("say the step, call time and step time"),
    "/help": N_("list these commands"),
    "/keys": N_("list the keys that work here (F1)"),
    "/call": N_("start a call when none is live: /call +44 20 7031 3000"),
    "/quit": N_("leave line mode (a live call is kept for resume)"),
}
COMMAND_NAMES = tuple(HELP)
# The desk's keys that work in line mode, and the command each runs.
KEY_COMMANDS = {
    "next_step": "/next",
    "previous_step": "/back",
    "hold": "/hold",
    "end_call": "/end",
    "help": "/keys",
    "callback": "/callback",
    "caller_type": "/type",
    "offer": "/offer",
}
ASKING = frozenset({"/callback", "/type", "/offer", "/end"})  # they ask their own questions
# Typed (or their key pressed) while a question is open, these run at once and the question stays;
# every other command waits until the question is answered.
AT_ONCE = frozenset({"/next", "/back", "/hold", "/status", "/help", "/keys"})


class CommandCompleter(Completer):
    """Tab completes a command name after `/`; notes are never completed."""

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        text = document.text_before_cursor
        if not text.startswith("/") or " " in text:
            return
        for name in COMMAND_NAMES:
            if name.startswith(text):
                yield Completion(name, start_position=-len(text), display_meta=_(HELP[name]))


class LineCommands:
    """The slash commands, on the io and the calls they act on; `run` takes one typed line."""

    def __init__(self, io: LineIO, calls: LineCalls) -> None:
        self.io = io
        self.calls = calls
        self.config = calls.desk.config
        self.began: float | None = None  # when the typing of the command being run began
        self.running: str | None = None  # the command being run (its questions may be open)
        self.table: dict[str, Callable[[str], bool]] = {
            "/next": self.next_step,
            "/back": self.previous_step,
            "/hold": self.hold,
            "/callback": self.callback,
            "/type": self.caller_type,
            "/offer": self.offer,
            "/end": self.end,
            "/status": self.status,
            "/help": self.help,
            "/keys": self.keys,
            "/call": self.call,
            "/quit": self.quit,
        }

    def run(self, line: str, began: float | None = None) -> bool:
        """Run one command line (`began`: when its typing began); False when line mode should close."""
        name, _space, argument = line.strip().partition(" ")
        handler = self.table.get(name.lower())
        if handler is None:
            self.io.write(_("{name} is not a command. /help lists them; a note cannot start with /.").format(name=name))
            return True
        outer = self.began, self.running  # /status typed at a question of /callback runs inside it
        self.began, self.running = began, name.lower()
        try:
            return handler(argument.strip())
        finally:
            self.began, self.running = outer

    def _live(self) -> CallSession | None:
        """The live call's session, or None after saying there is none."""
        session = self.calls.session
        if session is None or not session.call.live:
            self.io.write(_("No call is live. /call starts one."))
            return None
        return session

    def next_step(self, _argument: str) -> bool:
        return self._move_step(1, _("This is the last step. /end ends the call."))

    def previous_step(self, _argument: str) -> bool:
        return self._move_step(-1, _("Already on the first step."))

    def _move_step(self, direction: int, at_the_edge: str) -> bool:
        """/next and /back: where the call is now, or `at_the_edge` when there is no step that way."""
        session = self._live()
        if session is not None:
            call = session.call
            if (call.next_step() if direction > 0 else call.previous_step()) is None:
                self.io.write(at_the_edge)
            else:
                self.calls.say_step()
        return True

    def hold(self, _argument: str) -> bool:
        session = self._live()
        if session is not None:
            on_hold = session.call.toggle_hold()
            self.io.write(_("Caller on hold. /hold again takes them off.") if on_hold else _("Caller back from hold."))
        return True

    def callback(self, argument: str) -> bool:
        session = self._live()
        if session is not None:
            # Imported on the first /callback, not before the first prompt: with tui.services.callbacks
            # (email, smtplib) and the window rules it costs about 60 ms of line mode's start-up.
            from tui.line.callback import LineCallback

            LineCallback(self.io, self.calls.desk, session).run(argument, self.began)
        return True

    def caller_type(self, argument: str) -> bool:
        coaching = self._coaching()
        if coaching is not None:
            coaching.caller_type(argument)
        return True

    def offer(self, argument: str) -> bool:
        coaching = self._coaching()
        if coaching is not None:
            coaching.offer(argument)
        return True

    def _coaching(self) -> LineCoaching | None:
        """/type and /offer: the phrase rules are read here, on first use, not before the first prompt."""
        session = self._live()
        if session is None:
            return None
        try:
            phrase_rules(self.config.language)
        except PhraseRulesError as error:
            self.io.write(_("Coaching texts cannot be read: {error}").format(error=error))
            return None
        from tui.line.coaching import LineCoaching  # lazy: the offer rules' modules stay off the first prompt

        return LineCoaching(self.io, self.config, session.call)

    def status(self, _argument: str) -> bool:
        self.io.write(self.calls.status_line())
        for line in self.calls.promise_lines():
            self.io.write(line)
        return True

    def help(self, _argument: str) -> bool:
        self.io.write(_("Type a line and press Enter to save it as a note. Start it with -15s to back-date it."))
        for name, meaning in HELP.items():
            self.io.write(f"  {name}: {_(meaning)}")
        return True

    def keys(self, _argument: str) -> bool:
        keymap = self.config.keys
        for action in DESK_ACTIONS:
            command = KEY_COMMANDS.get(action.id)
            if command is not None:
                self.io.write(f"  {key_display(keymap.get(action.id, action.keys))}: {command}, {_(HELP[command])}")
        self.io.write("  " + _("Up and Down: earlier lines.  Tab: complete a command.  Ctrl+D: leave."))
        return True

    def call(self, argument: str) -> bool:
        if self.calls.session is not None:
            self.io.write(_("A call is already live. /end ends it first."))
        else:
            self.calls.start(argument)
        return True

    def quit(self, _argument: str) -> bool:
        if not self.calls.live:
            if self.calls.waiting:
                self.io.write(_("What was typed with no call live was not saved ({count} line(s)).").format(count=len(self.calls.waiting)))
            return False
        choice = self.ask_leave()
        if choice == "end":
            self.run("/end")
        return choice != "quit"

    def ask_leave(self) -> str:
        """A call is live and the agent wants out: "end" (wrap up), "quit" (the call kept for resume)
        or "carry" on. Only those words answer; any other line is kept as a note and it asks again."""
        question = _("A call is live. e end and wrap up, q quit (the call is kept for resume), c carry on [c]: ")
        while True:
            answer = self.io.question(question)
            word = (answer or "").lower()
            if word in ("", "c", "carry", "carry on"):
                return "carry"
            if word in ("e", "end"):
                return "end"
            if word in ("q", "quit"):
                return "quit"
            self.io.keep(answer or "", self.io.began, _("That is not e, q or c."))

    def end(self, _argument: str) -> bool:
        session = self._live()
        if session is None:
            return True
        call = session.call
        # Ctrl+C or Ctrl+D here takes the proposal too: the call is being ended either way.
        proposed = call.proposed_outcome()
        outcome = self.io.choose(_("Outcome"), ev.OUTCOMES, ev.OUTCOME_LABELS, proposed) or proposed
        proposed = propose_category([n.text for n in call.state.notes])
        category = self.io.choose(_("Category"), ev.CATEGORIES, ev.CATEGORY_LABELS, proposed) or proposed
        self.calls.file(outcome, category)
        return True
