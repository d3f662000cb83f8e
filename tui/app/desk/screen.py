"""The live-call desk: header, step tracker, notes, coach pane, status line, footer.

Data flows one way: a key becomes a domain event on the live call (which journals it); the widgets
are then redrawn from the call's derived state. Focus never leaves the notes editor during a call
unless the agent asked for something with a key.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

import tui.domain.call.events as ev
from tui.app.actions import desk_bindings
from tui.app.desk.callback_commitments import CallbackCommitments
from tui.app.desk.late_parts import mounted_part
from tui.app.desk.phone_not_up import PhoneNotUp
from tui.app.desk.screen_coaching import DeskCoaching
from tui.app.desk.screen_notes import DeskNotes
from tui.app.row_compositor import RowCompositor
from tui.app.widgets.call_facts import CallFacts
from tui.app.widgets.call_header import CallHeader
from tui.app.widgets.coach_pane import CoachPane
from tui.app.widgets.desk_footer import DeskFooter
from tui.app.widgets.edit_marker import EditMarker
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.notes_view import NotesView
from tui.app.widgets.status_line import StatusLine
from tui.app.widgets.step_tracker import StepTracker
from tui.config.keys import DESK_ACTIONS
from tui.domain.call.wrapup import propose_category
from tui.domain.text.timefmt import clock_text
from tui.services.session import CallSession, DeskServices
from tui.support.fault_seams import fail_at
from tui.support.i18n import _

if TYPE_CHECKING:  # the queue's and the phone's modules load after the first frame
    from tui.app.desk.app import DeskApp
    from tui.app.desk.phone_desk import DeskPhone
    from tui.domain.call.live import LiveCall
    from tui.domain.callback.commitments import QueueEntry

CLOCK_TICK = 0.5  # the header's and step tracker's clocks, in seconds
_LIVE_ONLY = {action.action for action in DESK_ACTIONS if action.live_only}
TALKING_ONLY = frozenset({"next_step", "previous_step", "caller_type", "record_offer", "toggle_hold"})  # the caller on the line


class DeskScreen(DeskNotes, CallbackCommitments, DeskCoaching, Screen[None]):
    """The live call's screen; its notes, coaching and callback parts are mixed in (their contract,
    tui.app.desk.host.DeskHost, this class fulfils; at run time they are plain classes)."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # 80x24: the compact callback panel (desk.tcss)
    BINDINGS = desk_bindings(app_wide=False)

    if TYPE_CHECKING:
        app: DeskApp  # the desk screen runs in the desk app only (start-up hooks such as desk_ready)

    def __init__(self, desk: DeskServices) -> None:
        super().__init__()
        self._compositor = RowCompositor()  # a key's frame asks the widgets for its rows only
        self.desk = desk
        self.session: CallSession | None = None
        self.caller_display = ""
        self.typing_began: float | None = None  # call time the note being typed was started
        self.filing = False
        self.waiting: list[str] = []  # notes typed on the idle desk: the next call's first notes
        self.linked: QueueEntry | None = None  # the commitment a callback call started from the queue keeps
        self.phone: DeskPhone | PhoneNotUp = PhoneNotUp()  # DeskPhone just after the first frame (phone_not_up.py)
        self._clock_drawn_at = 0.0  # the call time the clocks were last drawn at

    def compose(self) -> ComposeResult:
        yield CallHeader(id="header")
        # The phone banner, edit marker and a callback call's facts come after the first frame (late_parts).
        yield StepTracker(id="steps")
        with Horizontal(id="body"):
            with Vertical(id="notes-column"):
                yield NotesView(id="notes")  # the F5 panel goes under it at the first F5 (callback_panel)
                yield NoteInput(id="note-input", placeholder=_("No call live. Ctrl+N starts one."))
            with Vertical(id="coach-column"):
                yield CoachPane(id="coach")
        yield StatusLine(id="status")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one(NoteInput).panel_keys = self.panel_key
        self.query_one(NoteInput).on_submit = self.note_submitted
        self.set_interval(CLOCK_TICK, self._clock_tick)
        self.start_callbacks()
        self.show_idle()
        self.app.desk_ready()

    async def on_unmount(self) -> None:
        await self.phone.stopped()

    # -- what is shown -------------------------------------------------------------------------

    @property
    def call(self) -> LiveCall | None:
        return self.session.call if self.session else None

    @property
    def live(self) -> bool:
        return self.session is not None and self.session.call.live and not self.filing

    @property
    def takes_typing(self) -> bool:
        """The note editor takes keys: during a call, and on the idle desk (the next call's notes)."""
        return self.live or self.session is None or self.filing

    def show_idle(self, message: str | None = None) -> None:
        self.session = None
        self.typing_began = None
        self.close_callback_panel()
        editor = self.query_one(NoteInput)
        # Whatever is in the editor now was typed while the call was being filed: it is kept.
        editor.placeholder = _("No call live. Ctrl+N starts one; what you type now becomes its first note.")
        editor.disabled = False
        editor.focus()
        self._show_waiting()
        if marker := mounted_part(self, EditMarker):
            marker.show_editing(None)
        self.query_one(CoachPane).show_idle(self.desk.playbook)
        if origin := mounted_part(self, CallFacts):
            origin.show([])
        self.linked = None
        self.coach_stop()
        self.query_one(StepTracker).show(self.desk.playbook, None, 0.0)
        self.query_one(CallHeader).show_idle(self.desk.config.agent)
        if message:
            self.say(message)
        self.refresh_bindings()
        self.phone.desk_idle()

    def show_call(self) -> None:
        """Redraw everything from the call's state (start, resume)."""
        call = self.current_call
        editor = self.query_one(NoteInput)
        editor.disabled = False
        editor.placeholder = _("Type a note; Enter saves it stamped with when you began typing. -15s back-dates it.")
        notes = self.query_one(NotesView)
        notes.border_title = ""
        notes.set_notes(call.state.notes)
        notes.placeholder = _("Notes appear here, stamped on the call clock.")
        editor.focus()
        self.caller_display = self._caller_display()  # fixed for the call: not re-parsed per tick
        self.coach_start()
        self.refresh_step()
        self.refresh_bindings()

    def _clock_tick(self) -> None:
        # While the agent types a note, each key brings the clock up to date in the key's own
        # frame (clock_on_key): a frame of the clock's own between two keys would make the next
        # key wait for Textual's next frame slot (up to 1/60 s). Keys that went elsewhere (a
        # panel's field) drew nothing, so the tick still draws then.
        call = self.call
        typing = time.monotonic() - getattr(self.app, "last_input", 0.0) < CLOCK_TICK
        if typing and call is not None and call.now() - self._clock_drawn_at < CLOCK_TICK:
            self.show_due()
            return
        self.refresh_clock()

    def refresh_clock(self) -> None:
        self.show_due()
        call = self.call
        if call is None or not call.live:
            return
        now = call.now()
        self._clock_drawn_at = now
        self.query_one(CallHeader).show_call(call.state, now, self.caller_display)
        self.query_one(StepTracker).show(call.playbook, call.state, now)

    def clock_on_key(self) -> None:
        """A key of the note being typed: the clocks drawn in its frame when a tick's worth of
        call time went by since they were last drawn (most keys only compare two numbers)."""
        call = self.call
        if call is not None and call.now() - self._clock_drawn_at >= CLOCK_TICK:
            self.refresh_clock()

    def refresh_step(self) -> None:
        call = self.current_call
        step_key = call.state.current_step
        if step_key:
            index = call.playbook.index_of(step_key)
            self.query_one(CoachPane).show_step(call.playbook.steps[index], index, len(call.playbook.steps))
        self.refresh_clock()

    def _caller_display(self) -> str:
        state = self.current_call.state
        if state.caller:
            from tui.domain.callback.phone import parse_caller  # with the first call (DeskServices.start_call)

            return parse_caller(state.caller, None).display
        return state.caller_input

    def refuse(self, sentence: str) -> None:
        self.app.refuse(sentence)

    def keys_behind(self) -> str:
        return self.app.keys_in_order.typed_ahead() or ""

    def journal_draft(self, began: float, text: str, plainly: bool) -> None:
        read_ahead = self.app.keys_in_order.read_ahead
        if plainly:
            read_ahead.save(self.current_session, began, text)
        else:
            read_ahead.withhold()
            self.current_session.save_draft(began, text)

    def say(self, message: str, level: str = "info") -> None:
        self.query_one(StatusLine).say(message, level)

    # -- starting a call -----------------------------------------------------------------------

    def begin_call(self, caller_typed: str, linked_callback: str | None = None) -> None:
        session, warning = self.desk.start_call(caller_typed, linked_callback)
        self.session = session
        waiting, self.waiting = self.waiting, []
        if waiting:
            self._commit_notes(waiting, 0.0)  # typed before the call: its first notes, at 00:00
        self.show_call()
        editor = self.query_one(NoteInput)
        if editor.value:  # a note was being typed on the idle desk: it goes on in this call
            self.typing_began = 0.0
            session.save_draft(0.0, editor.value)
        self.phone.call_began()
        # Not over an error said a moment ago (a start-up worker failing as --caller's call starts).
        if warning or time.monotonic() - self.query_one(StatusLine).error_at > 1.0:
            self.say(warning or _("Call started. Listen first: let them finish (L1)."), "warning" if warning else "info")

    def adopt_session(self, session: CallSession) -> None:
        """A resumed call: its notes, and the draft it was cut off in, back on screen (with what was
        typed while the question was asked after it)."""
        self.session = session
        self.show_call()
        self.phone.call_began()
        self.take_typed_while_asked(session.recovered_draft)
        self.say(_("Resumed the call from {time}; nothing typed was lost.").format(time=session.call.state.started_at[11:16]))

    # -- bindings ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer: only the keys that do something now are shown.
        if action in TALKING_ONLY:
            return self.live and self.current_call.talking  # after the hang-up only the wrap-up and F5 remain
        if action in _LIVE_ONLY:
            return self.live
        if action == "new_call":
            return self.session is None or self.phone.ringing  # while the phone rings it answers
        return True

    def action_new_call(self) -> None:
        if self.phone.answer():
            return
        if self.session is None:
            from tui.app.desk.new_call import NewCallScreen  # tui.app.desk.dialogs

            self.app.push_screen(NewCallScreen(), self._new_call_chosen)

    def _new_call_chosen(self, caller: str | None) -> None:
        if caller is not None and self.session is None:
            self.begin_call(caller)

    def action_next_step(self) -> None:
        self._move_step(1, _("This is the last step. F10 ends the call and wraps up."))

    def action_previous_step(self) -> None:
        self._move_step(-1, _("Already on the first step."))

    def _move_step(self, direction: int, at_the_edge: str) -> None:
        """F2 / F3: where the call is now, or `at_the_edge` when there is no step that way."""
        call = self.current_call
        if (call.next_step() if direction > 0 else call.previous_step()) is None:
            self.say(at_the_edge)
        else:
            self.say_step()
        self.refresh_step()

    def say_step(self) -> None:
        """F2 / F3: the status line says where the call is now, not what it said before."""
        playbook, key = self.current_call.playbook, self.current_call.state.current_step
        if key is None:
            return
        index = playbook.index_of(key)
        step = playbook.steps[index]
        self.say(
            _("Step {number} of {count}: {title} ({rules}).").format(
                number=index + 1, count=len(playbook.steps), title=step.title, rules=", ".join(step.rules)
            )
        )

    def action_toggle_hold(self) -> None:
        on_hold = self.current_call.toggle_hold()
        self.phone.held(on_hold)
        self.say(_("Caller on hold. F8 takes them off hold.") if on_hold else _("Caller back from hold."))
        self.refresh_clock()

    def action_end_call(self) -> None:
        # F10 is a priority key: it runs before the keys typed just ahead of it have reached the
        # editor. So first the editor's queue (those keys), then the screen's (their drafts).
        self.query_one(NoteInput).call_later(self.call_later, self._end_call)

    def wrap_up_after_hang_up(self) -> None:
        """The phone hung up and the agent paused (DeskPhone): the wrap-up opens as F10 would,
        except that digits stay the note's (the agent did not ask for it)."""
        self._end_call(opened_by_itself=True)

    def _end_call(self, opened_by_itself: bool = False) -> None:
        if not self.live or self.app.screen is not self or not self.app.is_running:
            return  # filed, already wrapping up (F10 twice), or the desk is quitting
        call = self.current_call
        texts = [note.text for note in call.state.notes] + [self.query_one(NoteInput).value]
        category = propose_category(texts)
        keep = None
        if self.linked is not None:  # a callback call: filing it offers to mark its commitment kept
            keep = _("Mark the callback to {number} kept").format(number=self.linked.number)
        from tui.app.desk.wrap_up import WrapUpScreen  # tui.app.desk.dialogs

        # The note being typed stays in the editor: Esc gives it back, filing saves it first.
        self.app.push_screen(
            WrapUpScreen(
                call.proposed_outcome(), category, keep=keep, opened_by_itself=opened_by_itself, answer_phone=lambda: self.phone.answer()
            ),
            self._wrap_up_chosen,
        )
        self.say(_("Wrap-up: Enter files the call; typing still goes to the note; Esc goes back to the call."))

    def _wrap_up_chosen(self, choice: tuple[str, str, bool] | None) -> None:
        if choice is None or not self.live:
            self.query_one(NoteInput).focus()
            if choice is None and self.live:
                self.say(_("Back to the call; the note being typed is kept."))
            return
        self._save_pending_note()
        self.phone.filing()
        self.filing = True
        self.say(_("Filing the call..."))
        outcome, category, keep = choice
        self.file_call(self.session, outcome, category, self.linked.uid if keep and self.linked else None)

    @work(thread=True, exit_on_error=False, group="file-call")
    def file_call(self, session: CallSession, outcome: str, category: str, keep: str | None = None) -> None:
        """`keep`: the UID of the commitment this callback call kept, marked kept once the call is filed."""
        try:
            fail_at("file-call")
            record = session.finish(outcome, category)
        except Exception as error:
            # Not only OSError: any failure here must bring the desk back from "Filing the call...",
            # or it would sit there with the editor disabled. The journal still holds the call.
            self.app.call_from_thread(self._filing_failed, error)
            return
        kept = None
        if keep is not None:
            try:
                self.keep_linked(keep, record["id"])
                kept = True
            except OSError:
                kept = False
        self.app.call_from_thread(self._filed, record, kept)

    def _filed(self, record: dict[str, Any], kept: bool | None = None) -> None:
        self.filing = False
        duration = clock_text(next(e["t"] for e in reversed(record["events"]) if e["type"] == ev.ENDED))
        message = _("Call filed: {outcome}, {duration}. Ready for the next call.").format(
            outcome=_(ev.OUTCOME_LABELS[record["outcome"]]), duration=duration
        )
        if kept is not None:
            message = (
                (_("The callback is marked kept.") if kept else _("The callback could not be marked kept; 1 in the queue (F9) does it."))
                + " "
                + message
            )
        self.show_idle(message)
        self.refresh_queue_cache()

    def _filing_failed(self, error: Exception) -> None:
        self.filing = False
        # strerror, never str(error): an exception's message may quote what was being stored.
        reason = getattr(error, "strerror", None) or error.__class__.__name__
        if self.session is not None and self.session.call.live:
            # Not yet ended (its journal could not be written): the call stays open, typing goes on.
            editor = self.query_one(NoteInput)
            editor.focus()
            waiting, self.waiting = self.waiting, []
            if waiting:  # typed while it was being filed: they belong to this call after all
                self._commit_notes(waiting, self.session.call.now())
            self.refresh_bindings()
            self.say(_("The call could not be filed ({reason}); it stays open. F10 again once it is saved.").format(reason=reason), "error")
            return
        self.show_idle()
        self.say(
            _("The call could not be filed ({reason}); its journal keeps it and it will be offered at the next start.").format(
                reason=reason
            ),
            "error",
        )
