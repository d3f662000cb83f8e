"""Callback commitments on the desk screen (mixed into DeskScreen, screen.py): F5 makes one, F9
lists them, the status line says the next one due.

F5 opens the panel under the notes. Enter there runs the one promise sequence
(tui.services.callbacks.promise_callback) in a worker: the invite is written, THEN the `callback`
event is recorded on the live call and the journal flushed; only then does the status line say
the promise is made. Focus goes back to the notes at once, so no keystroke is lost.
The queue (F9) is a dialog; the status line shows the next callback due within 10 minutes,
from a list refreshed in a worker once a minute (never a disk read on the clock tick).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import datetime
from types import ModuleType

from rich.text import Text
from textual import work

from tui.app.desk.host import DeskHost
from tui.app.widgets.callback_panel import CallbackPanel
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.status_line import StatusLine
from tui.domain.callback.commitments import QueueEntry, due_text, next_due
from tui.domain.callback.contact import warm_metadata
from tui.domain.callback.invite import Commitment
from tui.services.session import CallSession
from tui.support.i18n import _

QUEUE_REFRESH_S = 60.0
# phonenumbers' geocoder holds the GIL for about 0.4-0.6 s: load it in a pause of the agent's typing.
WARM_AFTER_IDLE_S = 3.0
WARM_IN_PANEL_AFTER_S = 1.0  # with the panel open its place line is waiting: a shorter pause will do


def _cb() -> ModuleType:
    """tui.services.callbacks, imported on first use rather than before the first frame: with the
    history, the invites and smtplib it costs about 200 ms of the desk's start-up."""
    import tui.services.callbacks as callbacks

    return callbacks


class CallbackCommitments(DeskHost):
    """A part of DeskScreen: uses only what tui.app.desk.host.DeskHost declares."""

    _open_entries: list[QueueEntry] = []
    _writing: list[str] = []  # UIDs of commitments whose invite is being written (not yet in the log)

    def start_callbacks(self) -> None:
        """From on_mount: the due-callback list, refreshed once a minute."""
        self._open_entries = []
        self._writing = []
        self._queue_cache = None
        self._lookups = "cold"  # cold, warming, warm
        self.set_interval(QUEUE_REFRESH_S, self.refresh_queue_cache)
        self._warm_timer = self.set_interval(0.5, self._warm_when_idle)
        # The first read of the queue waits for the same pause as the warm-up: start-up stays light.
        self.call_after_refresh(self._warm_metadata)

    @work(thread=True, exit_on_error=False, group="warm-lookups")
    def _warm_metadata(self) -> None:
        """Right after the first frame: every region's number metadata, tui.services.callbacks and the window
        rules (a small file), so neither the first F5 nor a number typed in it loads them on the event loop."""
        warm_metadata()
        _cb().window_rules(self.desk)

    def _warm_when_idle(self) -> None:
        if self._lookups != "cold":
            return
        pause = WARM_IN_PANEL_AFTER_S if self.query_one(CallbackPanel).is_open else WARM_AFTER_IDLE_S
        if time.monotonic() - getattr(self.app, "last_input", 0.0) >= pause:
            self.warm_lookups()

    def warm_lookups(self) -> None:
        if self._lookups == "cold":
            self._lookups = "warming"
            self._warm_lookups()

    @work(thread=True, exit_on_error=False, group="warm-lookups")
    def _warm_lookups(self) -> None:
        """Geocoder and carrier data, icalendar, the window rules; then start-up objects out of GC."""
        _cb().warm_up(self.desk)
        gc.freeze()
        self.app.call_from_thread(self._lookups_warm)

    def _lookups_warm(self) -> None:
        self._lookups = "warm"
        self._warm_timer.stop()
        self.refresh_queue_cache()
        panel = self.query_one(CallbackPanel)
        if panel.is_open:
            panel.recompute()  # the place and carrier appear

    # -- F5: the panel -------------------------------------------------------------------------

    def action_callback(self) -> None:
        if not self.live:
            return
        panel = self.query_one(CallbackPanel)
        if panel.is_open:
            panel.focus()
            return
        caller = self.caller_display
        clock = self.desk.clock
        self.add_class("-callback-open")
        panel.open(caller=caller, region=self.desk.config.default_region, rules=_cb().window_rules(self.desk), now=clock.now_utc)
        # Not warm_lookups() here: loading the place data now would share the GIL with drawing the
        # panel (the first F5 took 0.5 s instead of 0.1 s). It comes at the next 1 s pause instead.

    def close_callback_panel(self) -> None:
        panel = self.query_one(CallbackPanel)
        if panel.is_open:
            panel.close()
        self.remove_class("-callback-open")

    def on_callback_panel_closed(self, message: CallbackPanel.Closed) -> None:
        self.close_callback_panel()
        self.query_one(NoteInput).focus()
        self.say(_("Callback panel closed; nothing was promised."))

    def on_callback_panel_refused(self, message: CallbackPanel.Refused) -> None:
        self.say(_("Not promised: {reason}").format(reason=message.reason), "warning")

    def on_callback_panel_accepted(self, message: CallbackPanel.Accepted) -> None:
        if not self.live:
            return
        now = self.desk.clock.now_utc()
        commitment = _cb().new_commitment(self.desk, self.call, message.proposal, now, pending=len(self._writing))
        self.close_callback_panel()
        self.query_one(NoteInput).focus()
        self.say(_("Writing the callback invite..."))
        self._writing.append(commitment.uid)
        self.write_callback(self.session, commitment, now)

    @work(thread=True, exit_on_error=False, group="callback")
    def write_callback(self, session: CallSession, commitment: Commitment, now: datetime) -> None:
        """The one promise sequence (tui.services.callbacks), off the event loop; the event itself is
        recorded on the event loop, where the live call is changed."""

        def in_call(step: Callable[[], bool]) -> bool:
            return self.app.call_from_thread(self._record_callback, session, commitment.uid, step)

        def tell(sentence: str, level: str) -> None:
            self.app.call_from_thread(self.say, sentence, level)

        try:
            _cb().promise_callback(self.desk, session, commitment, now, tell=tell, again="F5", in_call=in_call)
        finally:
            try:
                self.app.call_from_thread(self._done_writing, commitment.uid)
            except RuntimeError:
                pass  # the app is closing

    def _done_writing(self, uid: str) -> None:
        if uid in self._writing:
            self._writing.remove(uid)

    def _record_callback(self, session: CallSession, uid: str, record: Callable[[], bool]) -> bool:
        if session is not self.session or not record():
            return False
        self._done_writing(uid)  # in the log now: commitment_index counts it
        self.refresh_queue_cache()  # and the due callback on the status line
        return True

    # -- the queue -----------------------------------------------------------------------------

    def action_callbacks(self) -> None:
        # Imported at the first F9, not before the first frame: the queue screen loads tui.services.callbacks (see _cb).
        from tui.app.desk.callback_queue import CallbackQueueScreen

        live = [_cb().live_record(self.call)] if self.session is not None else []
        self.app.push_screen(CallbackQueueScreen(self.desk, live, can_call=self.session is None), self._queue_closed)

    def _queue_closed(self, choice: tuple[str, QueueEntry] | None) -> None:
        self.refresh_queue_cache()
        if choice is not None and choice[0] == "call" and self.session is None:
            entry = choice[1]
            self.begin_call(entry.number, linked_callback=entry.uid)
        elif self.session is not None:
            self.query_one(NoteInput).focus()

    @work(thread=True, exit_on_error=False, group="callback-queue", exclusive=True)
    def refresh_queue_cache(self) -> None:
        cb = _cb()
        if self._queue_cache is None:
            self._queue_cache = cb.QueueCache(self.desk)
            cb.window_rules(self.desk)  # a small file: read here, not on the first F5
        now = self.desk.clock.now_utc()
        live = self.app.call_from_thread(lambda: [cb.live_record(self.call)] if self.session is not None else [])
        entries = [entry for entry in self._queue_cache.entries(now, live) if entry.open]
        self.app.call_from_thread(self._queue_cached, entries)

    def _queue_cached(self, entries: list[QueueEntry]) -> None:
        self._open_entries = entries
        self.show_due()

    def show_due(self) -> None:
        """On the clock tick: cheap, from the cached open commitments only."""
        now = self.desk.clock.now_utc()
        entry = next_due(self._open_entries, now)
        self.query_one(StatusLine).show_due(Text(due_text(entry, now)) if entry else None)
