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
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work

from tui.app.desk.host import DeskHost
from tui.app.desk.late_parts import late_part
from tui.app.widgets.call_facts import CallFacts
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.status_line import StatusLine
from tui.config.keys import CALLBACK_WINDOW_ACTIONS, window_preset
from tui.domain.text.timefmt import clock_text
from tui.services.session import CallSession
from tui.support.i18n import _

if TYPE_CHECKING:  # the queue's, the invite's and the panel's modules load after the first frame (show_due, F5)
    from textual.widget import AwaitMount

    from tui.app.widgets.callback_panel import CallbackPanel
    from tui.domain.callback.commitments import QueueEntry
    from tui.domain.callback.invite import Commitment

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
    _callback_panel: CallbackPanel | None = None  # mounted after the first frame (callback_panel())
    _panel_mounted: AwaitMount | None = None

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
        from tui.domain.callback.contact import warm_metadata  # see _cb

        warm_metadata()
        _cb().window_rules(self.desk)

    def _warm_when_idle(self) -> None:
        if self._lookups != "cold":
            return
        pause = WARM_IN_PANEL_AFTER_S if self.open_callback_panel is not None else WARM_AFTER_IDLE_S
        if time.monotonic() - getattr(self.app, "last_input", 0.0) >= pause:
            if self._callback_panel is None:
                self.call_later(self.callback_panel)  # on the event loop, while no key is coming
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
        panel = self.open_callback_panel
        if panel is not None:
            panel.recompute()  # the place and carrier appear

    # -- F5: the panel -------------------------------------------------------------------------

    @property
    def open_callback_panel(self) -> CallbackPanel | None:
        """The F5 panel while it is open."""
        panel = self._callback_panel
        return panel if panel is not None and panel.is_open else None

    async def callback_panel(self) -> CallbackPanel:
        """The F5 panel, mounted under the notes not before the first frame (its thirteen widgets,
        their styles and the callback rules' modules) but in the agent's first pause of a few
        seconds (_warm_when_idle), or at the first F5 if that comes sooner. F5 is handled in key
        order (tui.app.desk.key_order), so the keys typed behind it wait for the panel, then reach it."""
        if self._callback_panel is None:
            from tui.app.widgets.callback_panel import CallbackPanel  # see the docstring

            self._callback_panel = CallbackPanel(id="callback-panel")
            self._callback_panel.note = self.query_one(NoteInput)
            self._panel_mounted = self.query_one("#notes-column").mount(self._callback_panel, after="#notes")
        if self._panel_mounted is not None:
            await self._panel_mounted  # the mount begun in a pause may still be under way at an F5
        return self._callback_panel

    async def action_callback(self) -> None:
        """F5: the panel; with a promise made in this call, that promise for change. F5 again in
        the change asks for a second, separate promise (an explicit key, never a duplicate by accident)."""
        if not self.live:
            return
        panel = await self.callback_panel()
        if not self.live:
            return  # filed while the panel was being mounted
        if panel.is_open and panel.changing is None:
            self.say(_("The callback panel is open: Enter promises it, Tab moves into its fields, Esc closes it."))
            return
        if self._writing:
            self.say(_("The callback is still being written; F5 again in a moment to change it."))
            return
        promised = self.current_call.state.callbacks
        changing = promised[-1] if promised and not panel.is_open else None
        caller = self.caller_display
        self.add_class("-callback-open")
        rules = _cb().window_rules(self.desk)
        panel.open(caller=caller, region=self.desk.config.default_region, rules=rules, now=self.desk.clock.now_utc, changing=changing)
        if changing is not None:
            self.say(
                _("Changing the callback promised at {at}: Enter re-issues the same invite; F5 again for a separate one.").format(
                    at=clock_text(float(changing["t"]))
                )
            )
        elif promised:
            self.say(_("A second, separate callback: Enter promises it with its own invite; Esc closes."))
        else:
            self.say(_("Callback: Enter promises the window shown; typing still goes to the note; Esc closes."))
        # Not warm_lookups() here: loading the place data now would share the GIL with drawing the
        # panel (the first F5 took 0.5 s instead of 0.1 s). It comes at the next 1 s pause instead.

    def close_callback_panel(self) -> None:
        panel = self.open_callback_panel
        if panel is not None:
            panel.close()
        self.remove_class("-callback-open")

    def panel_key(self, event: events.Key) -> bool:
        """The F5 panel's keys while the note editor has the focus (the rule in tui.app.desk.typing):
        True when the key was the panel's, so it does not reach the note."""
        panel = self.open_callback_panel
        if panel is None:
            return False
        editor = self.query_one(NoteInput)
        action = panel.keys.action_for(event)  # by the panel's keys in force (tui.config.keys, [keys])
        name = action.id if action is not None else ""
        if name == "callback_close":
            if editor.editing_note is not None:
                return False  # Esc first cancels the edit of an earlier note
            self.close_callback_panel()
            self.say(_("Callback panel closed; nothing was promised. The note being typed is kept."))
            return True
        if name in ("callback_next_field", "callback_previous_field"):
            panel.enter_fields(backwards=name == "callback_previous_field")
            return True
        if name in ("callback_next_zone", "callback_previous_zone"):
            panel.action_next_zone(1 if name == "callback_next_zone" else -1)
            return True
        if name == "callback_whose_time":  # a panel key, not a desk action: [keys] may give F4 to a desk action
            panel.action_toggle_typed_in()
            return True
        if action is None or editor.value:
            return False  # a note is being typed: every other key is the note's
        if action in CALLBACK_WINDOW_ACTIONS:
            panel.action_preset(window_preset(action))
            return True
        if name == "callback_promise":
            panel.action_accept()
            return True
        return False

    def on_callback_panel_back_to_note(self, message: CallbackPanel.BackToNote) -> None:
        self.say(_("Typing goes to the note again."))

    def on_callback_panel_refused(self, message: CallbackPanel.Refused) -> None:
        self.say(_("Not promised: {reason}").format(reason=message.reason), "warning")

    def on_callback_panel_accepted(self, message: CallbackPanel.Accepted) -> None:
        panel = self._callback_panel  # the message's sender
        if not self.live or panel is None:
            return
        now = self.desk.clock.now_utc()
        if panel.changing is not None:
            commitment = _cb().change_commitment(self.desk, self.call, panel.changing, message.proposal, now)
        else:
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
        self.refresh_clock()  # the header shows the promise
        self.refresh_queue_cache()  # and the due callback on the status line
        return True

    # -- the queue -----------------------------------------------------------------------------

    def action_callbacks(self) -> None:
        # Imported at the first F9, not before the first frame: the queue screen loads tui.services.callbacks (see _cb).
        from tui.app.desk.callback_queue import CallbackQueueScreen

        live = [_cb().live_record(self.call)] if self.session is not None else []
        self.app.push_screen(CallbackQueueScreen(self.desk, live, can_call=self.session is None), self._queue_closed)
        self.say(_("1 kept · 2 reschedule · 3 cancel · 4 call back · Enter confirms · Esc close · typing goes to the note"))

    def _queue_closed(self, choice: tuple[str, QueueEntry] | None) -> None:
        self.refresh_queue_cache()
        if choice is not None and choice[0] == "call" and self.session is None:
            entry = choice[1]
            self.begin_call(entry.number, linked_callback=entry.uid)
            self.linked = entry
            self.load_origin(entry)
        elif self.session is not None:
            self.query_one(NoteInput).focus()
            self.say(_("Back to the call; the note being typed is kept."))

    @work(thread=True, exit_on_error=False, group="callback-origin")
    def load_origin(self, entry: QueueEntry) -> None:
        """The call the promise was made in, shown beside the callback call (a disk read: a worker)."""
        record = _cb().original_call(self.desk, entry.call_id)
        self.app.call_from_thread(self._show_origin, entry, record)

    def _show_origin(self, entry: QueueEntry, record: dict[str, Any] | None) -> None:
        if self.linked is not entry:
            return  # that call is over already
        from tui.domain.review.call_facts import origin_facts  # a callback call's: not the first frame's

        now = self.desk.clock.now_utc()
        late_part(self, CallFacts).show(origin_facts(record, entry.fields, now, self.desk.config.timezone))
        if now < entry.start:
            self.say(
                _("The promised window has not opened yet ({window}): this callback is early.").format(window=entry.agent_text()),
                "warning",
            )

    def keep_linked(self, uid: str, call_id: str) -> None:
        """From the filing worker: the commitment this callback call kept is marked kept. Raises OSError."""
        _cb().keep_linked(self.desk, uid, self.desk.clock.now_utc(), call_id)

    @work(thread=True, exit_on_error=False, group="callback-queue", exclusive=True)
    def refresh_queue_cache(self) -> None:
        cb = _cb()
        if self._queue_cache is None:
            self._queue_cache = cb.QueueCache(self.desk)
            cb.window_rules(self.desk)  # a small file: read here, not on the first F5
        now = self.desk.clock.now_utc()
        live = self.app.call_from_thread(lambda: [cb.live_record(self.call)] if self.session is not None else [])
        here = {record["id"] for record in live}  # a promise of the call in progress is not "due" to that call
        entries = [entry for entry in self._queue_cache.entries(now, live) if entry.open and entry.call_id not in here]
        self.app.call_from_thread(self._queue_cached, entries)

    def _queue_cached(self, entries: list[QueueEntry]) -> None:
        self._open_entries = entries
        self.show_due()

    def show_due(self) -> None:
        """On the clock tick: cheap, from the cached open commitments only."""
        # Here: the queue's modules load after the first frame, on the first tick that needs them.
        from tui.domain.callback.commitments import due_text, next_due

        now = self.desk.clock.now_utc()
        entry = next_due(self._open_entries, now)
        self.query_one(StatusLine).show_due(Text(due_text(entry, now)) if entry else None)
