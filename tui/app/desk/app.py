"""The agent's desk in Textual (DeskApp): one screen for the live call, dialogs the agent asks for."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import SystemCommand
from textual.message_pump import MessagePump
from textual.screen import Screen

from tui.app.actions import bindings, desk_bindings
from tui.app.base import BaseApp
from tui.app.desk.cut_short_offers import CutShortOffers
from tui.app.desk.dialogs import load_dialogs, open_dialog
from tui.app.desk.key_order import KeysInOrder
from tui.app.desk.late_parts import mount_late_parts
from tui.app.desk.phone_not_up import start_phone
from tui.app.desk.screen import DeskScreen
from tui.app.desk.typing import TypesThrough, goes_to_note, has_the_keys
from tui.app.terminal_input import install as install_lenient_input
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.status_line import StatusLine
from tui.config.data_files import phrase_rules
from tui.config.keys import DESK_ACTIONS, DESK_SYSTEM_ACTIONS, key_display
from tui.services.session import DeskServices
from tui.support import start_up_gc
from tui.support.fault_seams import fail_at
from tui.support.i18n import KEY_LABEL, P_, _

if TYPE_CHECKING:
    from tui.services.live import LivePublisher
    from tui.services.sync_worker import SyncWorker

install_lenient_input()  # an invalid byte from the terminal is a U+FFFD in the note, not a crash


TEAM_START_DELAY = 1.5  # seconds after start-up before the team database's threads begin


class DeskApp(BaseApp):
    """The agent's desk, built by tui.app.base.desk_app."""

    CSS_PATH = ["../theme.tcss", "desk.tcss"]  # the widgets' look, then the desk's layout
    TITLE = "callcoach"
    BINDINGS = [
        *desk_bindings(app_wide=True),
        *bindings(DESK_SYSTEM_ACTIONS),
    ]

    def __init__(self, desk: DeskServices, start_caller: str | None = None, open_queue: bool = False, debug: bool = False) -> None:
        super().__init__(keymap=desk.config.keys, debug=debug)
        self.desk = desk
        self.start_caller = start_caller
        self.open_queue = open_queue  # `callcoach callbacks`: the queue (F9) over the idle desk
        self.signalled: str | None = None
        self.signalled_call = False  # a call was live when the signal came, and was saved for resume
        self.cut_short = CutShortOffers(self)  # offered at start, before --caller's call
        self.sync_worker: SyncWorker | None = None
        self.live_publisher: LivePublisher | None = None
        self.last_input = time.monotonic()  # the last key or paste: background warm-ups wait for a pause
        self.keys_in_order = KeysInOrder(self, self._route_key)
        self.refusal: str | None = None  # why the desk could not go on (a malformed phrase file): the CLI says it, exit 2
        self._desk_keys = {key: action for action in DESK_ACTIONS for key in self.keys_in_force(action.id, action.keys).split(",")}

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)):
            self.last_input = time.monotonic()
            if not event.is_forwarded:
                await self.keys_in_order.take(event)  # one at a time, in the order typed (key_order.py)
                typed_ahead = self.keys_in_order.typed_ahead()  # on its way to a widget, and those waiting behind it
                if typed_ahead:
                    self.desk_screen.journal_typed_ahead(typed_ahead)
                return
        await super().on_event(event)

    async def _route_key(self, event: events.Key | events.Paste) -> MessagePump | None:
        """Where Textual would send the key, after the keyboard rule had its say; the node it went to,
        or None when it was handled here (typed into the note, or a priority binding's)."""
        if isinstance(event, events.Key) and self._held_by_the_question(event.key):
            return None
        if await self._typed_through(event):
            return None  # the keyboard rule: it belongs to the note being typed
        await super().on_event(event)
        return (self.focused or self.screen) if event.is_forwarded else None

    def _held_by_the_question(self, key: str) -> bool:
        """A desk key (F2-F10, their chords, Ctrl+N) over a question (quit? resume?) or the keys help.
        A question holds: the key does nothing and the question says so. The help is a card, not a
        question: it closes and the key does what it says (an agent looks a key up, then presses it)."""
        action = self._desk_keys.get(key)
        if action is None or action.app_wide:
            return False  # F1 and Ctrl+Q: their actions know about both (action_show_keys, action_quit_desk)
        if (answer_first := getattr(self.screen, "answer_first", None)) is not None:  # a Question (question.py)
            answer_first(key_display(key))
            return True
        if open_dialog(self.screen, "KeysHelpScreen") is not None:
            self.screen.dismiss(None)  # the screen below is active at once, the key goes to it
        return False

    async def _typed_through(self, event: events.Key | events.Paste) -> bool:
        """A key or paste in a dialog over the desk that belongs to the note (tui.app.desk.typing)."""
        dialog = self.screen
        if not isinstance(dialog, TypesThrough) or len(self.screen_stack) < 2:
            return False
        if isinstance(event, events.Key) and await self._moves_the_keys(dialog, event.key):
            return True
        if has_the_keys(dialog.focused):
            return False
        desk = self.desk_screen
        if not desk.takes_typing:
            return False
        editor = desk.query_one(NoteInput)
        if isinstance(event, events.Paste):
            editor.take_paste(event.text)
            return True
        if not goes_to_note(event, editor.value, dialog.one_key_choices, dialog.keys_while_typing):
            return False
        await editor.take_key(event)
        return True

    async def _moves_the_keys(self, dialog: Screen[Any], key: str) -> bool:
        """Tab, Shift+Tab and Esc in a dialog act at once. As ordinary bindings they would act only once
        the key had bubbled up to the app, after the keys typed right behind them had gone to the
        widget that had the focus before (the characters of an amount landing in the kind list)."""
        if key == "tab":
            dialog.focus_next()
        elif key == "shift+tab":
            dialog.focus_previous()
        elif key == "escape":
            binding = next(iter(dialog._bindings.key_to_bindings.get("escape", [])), None)
            if binding is None:
                return False
            await dialog.run_action(binding.action)
        else:
            return False
        return True

    def get_default_screen(self) -> Screen[Any]:
        return DeskScreen(self.desk)

    @property
    def desk_screen(self) -> DeskScreen:
        return self.screen_stack[0]  # type: ignore[return-value]

    # -- start-up ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        super().on_mount()
        self.desk.on_saved_status = self._saved_status_from_thread
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, self._on_signal, signum)

    def desk_ready(self) -> None:
        """Called by the desk screen once it is mounted: only then can start-up results land on it.
        Every thread starts after the first frame: one running beside it takes the interpreter
        from the frame's drawing (the cut-short calls first, so --caller's call starts soonest)."""
        self.call_after_refresh(mount_late_parts, self.desk_screen)  # the parts that start hidden: not in the first frame
        self.call_after_refresh(start_up_gc.resume)  # paused by tui.cli until this first frame
        self.call_after_refresh(self.cut_short.look)
        self.call_after_refresh(start_phone, self.desk_screen)  # on the loop, before the warm-up thread's imports begin
        self.call_after_refresh(self.warm_up)
        self.call_after_refresh(self.check_history)
        # Importing psycopg holds the GIL for a few hundred ms: after the first frames, not during.
        self.set_timer(TEAM_START_DELAY, self.start_sync)
        if self.open_queue:
            self.call_after_refresh(self.desk_screen.action_callbacks)

    @work(thread=True, exit_on_error=False, group="start-up")
    def start_sync(self) -> None:
        """With a team database, background threads push and pull (tui.services.sync_worker) and
        publish the desk's live state for the wallboard (tui.services.live)."""
        config = self.desk.config
        if config.team_database is None:
            return
        # Imported here: only a desk with a team database pays for the sync and the live state
        # (about 6 ms of start-up here, and the team store's modules).
        from tui.services.sync_worker import SyncWorker

        self.sync_worker = SyncWorker(config, self.desk.data_dir, self.desk.history, self._sync_status_from_thread)
        self.sync_worker.start()
        if config.team_live:
            # Likewise the live state's publisher: only a desk that shows on the wallboard loads it.
            from tui.services.live import LivePublisher
            from tui.services.sync import machine_id

            self.live_publisher = LivePublisher(config.team_database, config.agent, machine_id(self.desk.data_dir))
            self.live_publisher.start()
            self.call_from_thread(self.set_interval, 0.25, self.offer_live_state)

    def offer_live_state(self) -> None:
        from tui.services.live import snapshot  # a team database only: see start_sync

        if self.live_publisher is None:
            return
        session = self.desk_screen.session
        wrapping_up = open_dialog(self.screen, "WrapUpScreen") is not None or self.desk_screen.filing
        ringing = self.desk_screen.phone.ringing
        self.live_publisher.offer(snapshot(session.call if session is not None else None, wrapping_up, ringing))

    def on_unmount(self) -> None:
        if self.sync_worker is not None:
            self.sync_worker.stop()  # its records wait on disk for the next start
        if self.live_publisher is not None:
            self.live_publisher.stop()  # the wallboard shows this desk offline at once

    def _sync_status_from_thread(self, line: str | None) -> None:
        try:
            self.call_from_thread(lambda: self.desk_screen.query_one(StatusLine).show_sync(line))
        except RuntimeError:
            pass  # the app is shutting down

    def background_failed(self, error: BaseException | None) -> None:
        self.desk_screen.say(
            _("Something went wrong in the background ({error}); the call journal is safe.").format(error=type(error).__name__),
            "error",
        )

    @work(thread=True, exit_on_error=False, group="start-up")
    def warm_up(self) -> None:
        """Load phonenumbers' metadata off the event loop, then freeze start-up objects out of GC.

        The geocoder and icalendar (0.7 s, mostly holding the GIL) wait until the agent pauses:
        CallbackCommitments warms them after `last_input` is a few seconds old, or at the first F5."""
        fail_at("warm-up")
        from tui.domain.coaching.phrases import PhraseRulesError  # with the rules, after the first frame

        try:
            phrase_rules(self.desk.config.language)  # read here, not before the first frame: about 10 ms of regexes
        except PhraseRulesError as error:
            self.call_from_thread(self.refuse, str(error))
            return
        from tui.domain.callback.phone import parse_caller  # here or with the first call, whichever comes first

        parse_caller("+44 20 7031 3000", None)
        load_dialogs()  # so that the first F1, F6, F7, F10 or Ctrl+Q does not wait for its module
        # Lazy in the session (start-up time); loaded here so neither a filing nor the next Ctrl+N pays them.
        import tui.domain.call.live  # noqa: F401
        import tui.services.sync  # noqa: F401

        # DESIGN.md: full collections of start-up objects cost 40-80 ms spikes mid-typing.
        gc.freeze()

    @work(thread=True, exit_on_error=False, group="start-up")
    def check_history(self) -> None:
        """A damaged month is set aside at start and the agent told once (the file is gone after)."""
        message = self.desk.check_history()
        if message:
            self.call_from_thread(self.desk_screen.say, message, "warning")

    # -- saving state, signals, errors -----------------------------------------------------------

    def _saved_status_from_thread(self, saved: bool) -> None:
        try:
            self.call_from_thread(self._show_saved_status, saved)
        except RuntimeError:
            pass  # the app is shutting down; the writer keeps retrying until then

    def _show_saved_status(self, saved: bool) -> None:
        self.desk_screen.query_one(StatusLine).show_unsaved(not saved)  # stays until saved again
        if saved:
            self.desk_screen.say(_("Saved again: everything typed is on disk."))
        else:
            self.desk_screen.say(_("The disk refused the write. Keep typing: notes are held and saved when space returns."), "error")

    def _on_signal(self, signum: int) -> None:
        name = signal.Signals(signum).name
        self.signalled = name
        session = self.desk_screen.session
        if session is not None and session.call.live:
            session.interrupt(name)
            self.signalled_call = True
        # A hung-up terminal may block the tidy exit; the journal is already safe, so do not wait long.
        # A daemon thread: a tidy exit is not held up for the full 3 s (a non-daemon timer is waited for).
        timer = threading.Timer(3.0, os._exit, args=(0,))
        timer.daemon = True
        timer.start()
        self.exit(0)

    def refuse(self, sentence: str) -> None:
        """The desk cannot go on (its shipped phrase rules are malformed): it closes, the CLI says why (exit 2)."""
        if self.refusal is None:
            self.refusal = sentence
            self.exit(2, return_code=2)

    def before_fatal_exit(self) -> None:
        session = self.desk_screen.session if self.screen_stack else None
        if session is not None and session.call.live:
            session.interrupt("internal error")

    def fatal_sentence(self, error: BaseException | None) -> str:
        return _(
            "callcoach stopped on an internal error ({error}). Everything typed is in the call's journal; "
            "start callcoach again to resume the call."
        ).format(error=type(error).__name__)

    # -- app-wide actions ----------------------------------------------------------------------

    def action_quit_desk(self) -> None:
        session = self.desk_screen.session
        if open_dialog(self.screen, "KeysHelpScreen") is not None:
            self.screen.dismiss(None)  # the question never stacks over the help: asked over what was below
        if open_dialog(self.screen, "ConfirmQuitScreen") is not None:
            self.screen.dismiss(True)  # asked already: the key again is the answer (y is the note's mid-note)
        elif self.desk_screen.live and session is not None:
            from tui.app.desk.confirm_quit import ConfirmQuitScreen  # tui.app.desk.dialogs

            quit_keys = key_display(self.keys_in_force("quit", "ctrl+q"))
            self.push_screen(ConfirmQuitScreen(session.writer.saved, quit_keys), self._quit_answered)
        else:
            self.exit(0)

    def _quit_answered(self, quit_now: bool | None) -> None:
        if quit_now:
            session = self.desk_screen.session
            if session is not None:
                session.abandon()
            self.exit(0)

    async def action_quit(self) -> None:
        self.action_quit_desk()

    def action_help_quit(self) -> None:
        self.desk_screen.say(_("Ctrl+Q quits (it asks first while a call is live). Ctrl+C copies in the notes."))

    def action_show_keys(self) -> None:
        if (answer_first := getattr(self.screen, "answer_first", None)) is not None:  # a question holds (question.py)
            answer_first(key_display(self.keys_in_force("help", "f1").split(",")[0]))
            return
        if (keys_help := open_dialog(self.screen, "KeysHelpScreen")) is not None:
            keys_help.action_close()  # F1 again closes it (the app's F1 binding comes before the help's)
            return
        from tui.app.desk.keys_help import KeysHelpScreen  # tui.app.desk.dialogs

        keymap = {action.id: self.keys_in_force(action.id, action.keys) for action in DESK_ACTIONS}
        self.push_screen(KeysHelpScreen(keymap))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        desk = self.desk_screen
        for action in DESK_ACTIONS:
            target = self if action.app_wide else desk
            if action.app_wide or desk.check_action(action.action, ()):
                yield SystemCommand(P_(KEY_LABEL, action.label), _(action.tooltip), lambda t=target, a=action.action: t.run_action(a))
        yield from desk.playbook_commands()  # idle only: choose the playbook for the next call
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Keys"):
                yield command
