"""Line mode: the same call, one line at a time, for screen readers, slow links and thin terminals.

Every line typed is a note stamped when its typing began; lines starting with `/` are commands.
Nothing typed is lost: a command key or /command at an open question runs at once or waits for it
(`queued`), words that answer no question are notes (tui.line.io), and lines typed with no call
live wait for the next one (tui.line.calls).
Everything is printed as plain lines (a screen reader speaks them); the bottom toolbar is optional.
It drives the same domain and store as the desk through tui.services.session, and never imports Textual.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING

from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output

from tui.config.keys import DESK_ACTIONS
from tui.line.calls import LineCalls
from tui.line.commands import ASKING, AT_ONCE, COMMAND_NAMES, KEY_COMMANDS, CommandCompleter, LineCommands
from tui.line.first_prompt import IDLE_PROMPT, NOTE_PROMPT
from tui.line.io import PromptIO, Write
from tui.services.session import DeskServices
from tui.support import early_prompt, start_up_gc
from tui.support.i18n import _

if TYPE_CHECKING:
    from tui.services.live import LiveTicker
    from tui.services.sync_worker import SyncWorker


def prompt_toolkit_keys(keys: str) -> list[tuple[str, ...]]:
    """'f2,ctrl+g' -> [('f2',), ('c-g',)]: the desk's key names in prompt-toolkit's spelling."""
    names = {"backslash": "\\", "underscore": "_"}
    out: list[tuple[str, ...]] = []
    for key in keys.split(","):
        if key.startswith("ctrl+"):
            rest = key[len("ctrl+") :]
            out.append((f"c-{names.get(rest, rest)}",))
        else:
            out.append((key,))
    return out


START_DELAY = 1.5  # seconds before the sync begins: importing psycopg would hold up the first prompt


class LineDesk:
    """One agent's line-mode desk: optional resume of a cut-short call, then calls until /quit.

    It owns the prompt loop and the keys; what is asked and said goes through `io`, the call
    through `calls`, the slash commands through `commands` (none of which knows this class).
    """

    def __init__(
        self,
        desk: DeskServices,
        *,
        write: Write = print,
        toolbar: bool = True,
        input: Input | None = None,
        output: Output | None = None,
        check_history: bool = False,
    ) -> None:
        self.desk = desk
        self.check_history = check_history  # every month read on a thread once the first prompt is drawn
        self.said_later: list[str] = []  # lines from that thread, said above the prompt (_say_later)
        self.typing_began: float | None = None
        self.pending_command: str | None = None  # a key that ended the prompt early (F5, F6, F7, F10)
        self.held_draft: tuple[str, float | None] | None = None  # the half-typed note it left waiting
        self.queued: list[str] = []  # commands asked for while a question was open: run after it
        self.pending_caller: str | None = None  # --caller's call, started once the first prompt is drawn
        self.io = PromptIO(
            write,
            completer=CommandCompleter(),
            key_bindings=self._key_bindings(),
            toolbar=self.toolbar_text if toolbar else None,
            input=input,
            output=output,
            clock=lambda: self.calls.call_time(),
            keeper=lambda text, began, reason: self.calls.keep(text, began, reason),
            on_command=self._command_at_question,
        )
        self.calls = LineCalls(desk, self.io)
        self.commands = LineCommands(self.io, self.calls)
        self.io.prompt.default_buffer.on_text_changed += self._draft_changed
        self.sync_status: str | None = None  # what waits for the team database (tui.services.sync_worker)
        self.sync_worker: SyncWorker | None = None
        self.live: LiveTicker | None = None  # the live state for the wallboard (tui.services.live)

    def toolbar_text(self) -> str:
        if self.pending_caller is not None:
            return ""  # the first prompt's first paint: the call starts in the next moment, not "No call live"
        status = self.calls.status_line()
        return f"{status}  ·  {self.sync_status}" if self.sync_status else status

    def start_sync(self) -> None:
        """With a team database, the same background sync as the desk's; what waits shows on the
        toolbar, never as a line in the conversation."""
        if self.desk.config.team_database is None:
            return
        # Imported here: only line mode with a team database pays for the sync and its store.
        from tui.services.sync_worker import SyncWorker

        def show(line: str | None) -> None:
            self.sync_status = line

        self.sync_worker = SyncWorker(self.desk.config, self.desk.data_dir, self.desk.history, show)
        self.sync_worker.start(after=START_DELAY)

    def start_live(self) -> None:
        """With a team database and [team] live, the wallboard follows line mode as it follows the
        desk: idle, on call, on hold, wrap-up, the step and its time (never a note or the number)."""
        config = self.desk.config
        if config.team_database is None or not config.team_live:
            return
        # Imported here, like the sync: only line mode on a team's wallboard pays for it.
        from tui.services.live import LivePublisher, LiveTicker
        from tui.services.sync import machine_id

        publisher = LivePublisher(config.team_database, config.agent, machine_id(self.desk.data_dir))
        self.live = LiveTicker(publisher, self.live_state)
        self.live.start(after=START_DELAY)

    def live_state(self) -> dict[str, object]:
        from tui.services.live import snapshot  # loaded by start_live already

        session = self.calls.session
        return snapshot(session.call if session is not None else None, wrapping_up=self.commands.running == "/end")

    # -- input -------------------------------------------------------------------------------

    def _draft_changed(self, buffer: Buffer) -> None:
        session = self.calls.session
        if session is None or not session.call.live or self.io.asking:
            return  # an answer to a question is not a note
        text = buffer.text
        if not text:
            self.typing_began = None
            return
        if self.typing_began is None:
            self.typing_began = session.call.now()  # a command's too: a line it turns into a note keeps it
        if not text.startswith("/"):
            session.save_draft(self.typing_began, text)

    def handle_line(self, line: str) -> bool:
        """One line from the agent; False when the desk should close."""
        began, self.typing_began = self.typing_began, None
        if line.startswith("/"):
            return self.commands.run(line, began)
        if self.calls.session is None:
            self.calls.wait(line)
        else:
            self.calls.add_note(line, began)
        return True

    def _command_at_question(self, line: str) -> None:
        """A command typed, or its key pressed, while a question is open: it is never dropped. A
        quick one runs at once; any other waits and runs once the question is answered."""
        name = line.split()[0].lower()
        if name in AT_ONCE or name not in COMMAND_NAMES:
            self.commands.run(line)
        elif name == self.commands.running:
            self.io.write(_("{command} is open already: this question is part of it.").format(command=name))
        else:
            self.queued.append(line)
            self.io.write(_("{command} waits: it runs once this question is answered.").format(command=name))

    def _run_queued(self) -> bool:
        """The commands that waited for a question; False when the desk should close."""
        while self.queued:
            line = self.queued.pop(0)
            if line.split()[0].lower() == "/end":
                self._note_held_draft()  # the half-typed note belongs to the call that ends
            if not self.commands.run(line):
                return False
        return True

    def _note_held_draft(self) -> None:
        draft, self.held_draft = self.held_draft, None
        if draft is not None and draft[0].strip() and self.calls.live:
            self.calls.add_note(*draft)

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

    def _run_key_command(self, command: str) -> Callable[[KeyPressEvent], None]:
        def handler(event: KeyPressEvent) -> None:
            if self.io.asking:
                run_in_terminal(lambda: self._command_at_question(command))
                return
            if command not in ASKING:
                run_in_terminal(lambda: self.commands.run(command))
                return
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
        self.start_sync()
        self.start_live()
        # A resumed call's half-typed note is back on the line, stamped when its typing began.
        self.held_draft = self.calls.offer_cut_short()
        if self.calls.session is None and caller is not None:
            self.pending_caller = caller  # started just after the first `note>` is drawn
        elif self.calls.session is None and early_prompt.drawn() != IDLE_PROMPT:
            self.io.write(self.calls.status_line())  # else said already, above the idle prompt drawn early
        prompt = self.io.prompt
        start_up_gc.resume()  # paused by tui.cli until now, the first prompt
        while True:
            draft, began = self.held_draft or ("", None)
            self.held_draft = None
            self.typing_began = began
            try:
                live = self.calls.session or self.pending_caller
                text = NOTE_PROMPT if live else IDLE_PROMPT
                if early_prompt.drawn() not in (None, text) or draft:
                    early_prompt.withdraw()  # not the prompt drawn early (a resumed call's note is back on it)
                line = prompt.prompt(text, default=draft, pre_run=self._start_after_drawing)
            except (EOFError, KeyboardInterrupt):
                self._start_pending_call()
                self.held_draft = (prompt.default_buffer.text, self.typing_began)  # before the question clears it
                if not self._leave_or_carry_on():
                    break
                continue
            self._start_pending_call()
            command, self.pending_command = self.pending_command, None
            if self.held_draft is not None:
                going = self.commands.run(command)
            else:
                going = self.handle_line(line) and (not command or self.handle_line(command))
            if not going or not self._run_queued():
                break
        if self.calls.session is not None:
            self.calls.session.abandon()
        if self.sync_worker is not None:
            self.sync_worker.stop()  # what waits stays on disk for the next start
        if self.live is not None:
            self.live.stop()  # the wallboard shows this desk offline at once
        return 0

    def _check_history_meanwhile(self) -> None:
        """Every history month read (a damaged one set aside) on a thread, as the desk does after its
        first frame: a long history is seconds of reading that came before the first prompt."""
        app = self.io.prompt.app

        def check() -> None:
            message = self.desk.check_history()
            if message:
                self.said_later.append(message)
                loop = app.loop  # the running prompt's, if any: else said as the next one starts
                try:
                    if loop is not None:
                        loop.call_soon_threadsafe(self._say_later)
                except RuntimeError:
                    pass  # that prompt has ended: said as the next one starts

        threading.Thread(target=check, name="check-history", daemon=True).start()

    def _say_later(self) -> None:
        lines = []
        while self.said_later:  # pop, not copy and clear: the thread may append meanwhile
            lines.append(self.said_later.pop(0))

        def say_all() -> None:
            for line in lines:
                self.io.write(line)

        if self.io.prompt.app.is_running:
            run_in_terminal(say_all)
        else:
            say_all()

    def _start_after_drawing(self) -> None:
        """prompt-toolkit's pre_run: `--caller`'s call starts in the event loop's first turn, after the
        first `note>` is drawn (its number's check imports phonenumbers, about 15 ms, and its journal
        is created with an fsync) and before any key is read, so the keys typed meanwhile are its
        notes. What starting says goes above the prompt. The first prompt, drawn early and holding the
        keys (tui.line.first_prompt), is redrawn in place: prompt-toolkit draws from the cursor."""
        if early_prompt.drawn() is not None:
            self.io.prompt.app.output.write_raw("\r")
        if self.check_history:
            self.check_history = False
            asyncio.get_running_loop().call_soon(self._check_history_meanwhile)
        if self.said_later:
            asyncio.get_running_loop().call_soon(self._say_later)
        if self.pending_caller is None:
            return
        app = self.io.prompt.app

        def start() -> None:
            try:
                self._start_pending_call(prompt_on_screen=True)
            except Exception as error:  # raised by prompt() as it was before the prompt (tui.cli says it)
                app.exit(exception=error)

        asyncio.get_running_loop().call_soon(start)

    def _start_pending_call(self, prompt_on_screen: bool = False) -> None:
        caller = self.pending_caller
        if caller is None:
            return
        try:
            with self.io.held() as said:
                self.calls.start(caller)
        finally:
            self.pending_caller = None  # set only once the call is live

        def say_all() -> None:
            for line in said:
                self.io.write(line)

        if not prompt_on_screen:
            say_all()
        elif said:
            run_in_terminal(say_all)

    def _leave_or_carry_on(self) -> bool:
        """Ctrl+D or Ctrl+C on the note prompt: False to leave. Carrying on gives back the note being
        typed; ending the call files it as a note first; quitting leaves it in the journal for resume."""
        if self.calls.session is None:
            self.commands.quit("")
            return False
        choice = self.commands.ask_leave()
        if choice == "quit":
            return False
        if choice == "end":
            self._note_held_draft()
            return self.commands.run("/end") and self._run_queued()
        if not (self.held_draft and self.held_draft[0] and self.calls.live):
            self.held_draft = None
        return self._run_queued()

    def _install_signal_handlers(self) -> None:
        def stop(signum: int, frame: FrameType | None) -> None:
            name = signal.Signals(signum).name
            session = self.calls.session
            if session is not None and session.call.live:
                session.interrupt(name)
            raise SystemExit(0)

        for signum, handler in ((signal.SIGTERM, stop), (signal.SIGHUP, stop), (signal.SIGINT, _interrupt)):
            try:
                signal.signal(signum, handler)
            except ValueError:
                pass  # not the main thread (tests): the journal still holds everything


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGINT as Python's default handler treats it, but a handler of our own: asyncio.run (each
    prompt-toolkit prompt) replaces only the default one, with one that cancels its task, so a
    SIGINT that came before prompt-toolkit took the signal over was lost and the desk went on."""
    raise KeyboardInterrupt


__all__ = ["LineDesk", "COMMAND_NAMES"]
