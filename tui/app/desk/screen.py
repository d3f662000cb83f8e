"""The live-call desk: header, step tracker, notes, coach pane, status line, footer.

Data flows one way: a key becomes a domain event on the live call (which journals it); the widgets
are then redrawn from the call's derived state. Focus never leaves the notes editor during a call
unless the agent asked for something with a key.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

import tui.domain.call.events as ev
from tui.app.actions import desk_bindings
from tui.app.desk.callback_commitments import CallbackCommitments
from tui.app.desk.new_call import NewCallScreen
from tui.app.desk.screen_coaching import DeskCoaching
from tui.app.desk.wrap_up import WrapUpScreen
from tui.app.widgets.call_header import CallHeader
from tui.app.widgets.callback_panel import CallbackPanel
from tui.app.widgets.coach_pane import CoachPane
from tui.app.widgets.desk_footer import DeskFooter
from tui.app.widgets.edit_marker import EditMarker
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.notes_view import NotesView
from tui.app.widgets.status_line import StatusLine
from tui.app.widgets.step_tracker import StepTracker
from tui.config.keys import DESK_ACTIONS
from tui.domain.call.wrapup import propose_category
from tui.domain.callback.phone import parse_caller
from tui.domain.text.timefmt import clock_text
from tui.services.session import CallSession, DeskServices
from tui.support.fault_seams import fail_at
from tui.support.i18n import _

_LIVE_ONLY = {action.action for action in DESK_ACTIONS if action.live_only}


class DeskScreen(CallbackCommitments, DeskCoaching):
    """The live call's screen; its coaching and callback parts are mixed in (the contract they
    rely on is tui.app.desk.host.DeskHost, which this class fulfils)."""

    # A short terminal (80x24) gets the compact callback panel: see desk.tcss.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = desk_bindings(app_wide=False)

    def __init__(self, desk: DeskServices) -> None:
        super().__init__()
        self.desk = desk
        self.session: CallSession | None = None
        self.caller_display = ""
        self.typing_began: float | None = None  # call time the note being typed was started
        self.filing = False

    def compose(self) -> ComposeResult:
        yield CallHeader(id="header")
        yield StepTracker(id="steps")
        with Horizontal(id="body"):
            with Vertical(id="notes-column"):
                yield NotesView(id="notes")
                yield CallbackPanel(id="callback-panel")
                yield EditMarker(id="edit-marker")
                yield NoteInput(id="note-input", placeholder=_("No call live. Ctrl+N starts one."))
            yield CoachPane(id="coach")
        yield StatusLine(id="status")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.set_interval(0.5, self.refresh_clock)
        self.start_callbacks()
        self.show_idle()
        self.app.desk_ready()

    # -- what is shown -------------------------------------------------------------------------

    @property
    def call(self):
        return self.session.call if self.session else None

    @property
    def live(self) -> bool:
        return self.session is not None and self.session.call.live and not self.filing

    def show_idle(self, message: str | None = None) -> None:
        self.session = None
        self.typing_began = None
        self.close_callback_panel()
        editor = self.query_one(NoteInput)
        editor.value = ""
        editor.placeholder = _("No call live. Ctrl+N starts one.")
        editor.disabled = True
        notes = self.query_one(NotesView)
        notes.placeholder = ""
        notes.set_notes([])
        self.query_one(EditMarker).show_editing(None)
        self.query_one(CoachPane).show_idle(self.desk.playbook)
        self.coach_stop()
        self.query_one(StepTracker).show(self.desk.playbook, None, 0.0)
        self.query_one(CallHeader).show_idle(self.desk.config.agent)
        if message:
            self.say(message)
        self.refresh_bindings()

    def show_call(self) -> None:
        """Redraw everything from the call's state (start, resume)."""
        call = self.call
        editor = self.query_one(NoteInput)
        editor.disabled = False
        editor.placeholder = _("Type a note; Enter saves it stamped with when you began typing. -15s back-dates it.")
        notes = self.query_one(NotesView)
        notes.set_notes(call.state.notes)
        notes.placeholder = _("Notes appear here, stamped on the call clock.")
        editor.focus()
        self.caller_display = self._caller_display()  # fixed for the call: not re-parsed per tick
        self.coach_start()
        self.refresh_step()
        self.refresh_bindings()

    def refresh_clock(self) -> None:
        self.show_due()
        call = self.call
        if call is None or not call.live:
            return
        now = call.now()
        self.query_one(CallHeader).show_call(call.state, now, self.caller_display)
        self.query_one(StepTracker).show(call.playbook, call.state, now)

    def refresh_step(self) -> None:
        call = self.call
        step_key = call.state.current_step
        if step_key:
            index = call.playbook.index_of(step_key)
            self.query_one(CoachPane).show_step(call.playbook.steps[index], index, len(call.playbook.steps))
        self.refresh_clock()

    def _caller_display(self) -> str:
        state = self.call.state
        if state.caller:
            return parse_caller(state.caller, None).display
        return state.caller_input

    def say(self, message: str, level: str = "info") -> None:
        self.query_one(StatusLine).say(message, level)

    # -- starting a call -----------------------------------------------------------------------

    def begin_call(self, caller_typed: str, linked_callback: str | None = None) -> None:
        session, warning = self.desk.start_call(caller_typed, linked_callback)
        self.session = session
        self.show_call()
        self.say(warning or _("Call started. Listen first: let them finish (L1)."), "warning" if warning else "info")

    def adopt_session(self, session: CallSession) -> None:
        """A resumed call: its notes, and the draft it was cut off in, back on screen."""
        self.session = session
        self.show_call()
        draft = session.recovered_draft
        if draft and draft.get("text"):
            editor = self.query_one(NoteInput)
            editor.value = draft["text"]
            editor.cursor_position = len(editor.value)
            self.typing_began = float(draft["t"])
        self.say(_("Resumed the call from {time}; nothing typed was lost.").format(time=session.call.state.started_at[11:16]))

    # -- bindings ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer: only the keys that do something now are shown.
        if action in _LIVE_ONLY:
            return self.live
        if action == "new_call":
            return self.session is None
        return True

    def action_new_call(self) -> None:
        if self.session is None:
            self.app.push_screen(NewCallScreen(), self._new_call_chosen)

    def _new_call_chosen(self, caller: str | None) -> None:
        if caller is not None and self.session is None:
            self.begin_call(caller)

    def action_next_step(self) -> None:
        if self.call.next_step() is None:
            self.say(_("This is the last step. F10 ends the call and wraps up."))
        self.refresh_step()

    def action_previous_step(self) -> None:
        if self.call.previous_step() is None:
            self.say(_("Already on the first step."))
        self.refresh_step()

    def action_toggle_hold(self) -> None:
        on_hold = self.call.toggle_hold()
        self.say(_("Caller on hold. F8 takes them off hold.") if on_hold else _("Caller back from hold."))
        self.refresh_clock()

    def action_end_call(self) -> None:
        # F10 is a priority key: it runs before the keys typed just ahead of it have reached the
        # editor. So first the editor's queue (those keys), then the screen's (their drafts).
        self.query_one(NoteInput).call_later(self.call_later, self._end_call)

    def _end_call(self) -> None:
        if not self.live or self.app.screen is not self:
            return  # filed or already wrapping up (F10 twice)
        call = self.call
        self._save_pending_note()
        category = propose_category([note.text for note in call.state.notes])
        self.app.push_screen(WrapUpScreen(call.proposed_outcome(), category), self._wrap_up_chosen)

    def _wrap_up_chosen(self, choice: tuple[str, str] | None) -> None:
        if choice is None or not self.live:
            self.query_one(NoteInput).focus()
            return
        self.filing = True
        self.query_one(NoteInput).disabled = True
        self.say(_("Filing the call..."))
        self.file_call(self.session, *choice)

    @work(thread=True, exit_on_error=False, group="file-call")
    def file_call(self, session: CallSession, outcome: str, category: str) -> None:
        try:
            fail_at("file-call")
            record = session.finish(outcome, category)
        except Exception as error:
            # Not only OSError: any failure here must bring the desk back from "Filing the call...",
            # or it would sit there with the editor disabled. The journal still holds the call.
            self.app.call_from_thread(self._filing_failed, error)
            return
        self.app.call_from_thread(self._filed, record)

    def _filed(self, record: dict) -> None:
        self.filing = False
        duration = clock_text(next(e["t"] for e in reversed(record["events"]) if e["type"] == ev.ENDED))
        self.show_idle(
            _("Call filed: {outcome}, {duration}. Ready for the next call.").format(
                outcome=_(ev.OUTCOME_LABELS[record["outcome"]]), duration=duration
            )
        )

    def _filing_failed(self, error: Exception) -> None:
        self.filing = False
        # strerror, never str(error): an exception's message may quote what was being stored.
        reason = getattr(error, "strerror", None) or error.__class__.__name__
        if self.session is not None and self.session.call.live:
            # Not yet ended (its journal could not be written): the call stays open, typing goes on.
            editor = self.query_one(NoteInput)
            editor.disabled = False
            editor.focus()
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

    # -- notes ---------------------------------------------------------------------------------

    @on(Input.Changed, "#note-input")
    def draft_changed(self, event: Input.Changed) -> None:
        if not self.live:
            return
        if not event.value:
            self.typing_began = None
        elif self.typing_began is None:
            self.typing_began = self.call.now()
        self.session.save_draft(self.typing_began if self.typing_began is not None else self.call.now(), event.value)
        self.coach_draft(event.value)

    @on(Input.Submitted, "#note-input")
    def note_submitted(self, event: Input.Submitted) -> None:
        if not self.live:
            return
        fail_at("note-submit")
        editor = self.query_one(NoteInput)
        if editor.editing_note is not None:
            number = editor.editing_note
            if event.value != editor.loaded_text and self.call.edit_note(number, event.value):
                self.query_one(NotesView).replace_note(self.call.state.notes[number])
                self.say(_("Note edited; the original stays in the call log."))
            self._stop_editing()
        else:
            self._commit_note(event.value, self.typing_began)
        # The editor emptied itself on Enter (NoteInput): what it holds now was typed after it.
        self.typing_began = None

    def _commit_note(self, text: str, began_at: float | None) -> None:
        self._commit_notes([text], began_at)

    def _commit_notes(self, texts: list[str], began_at: float | None) -> None:
        """Commit notes; the view and the coach are updated once for all of them (a big paste)."""
        notes, masked = [], False
        for text in texts:
            note = self.call.add_note(text, began_at)
            if note is not None:
                notes.append(note)
                masked = masked or note.masked
        if notes:
            self.query_one(NotesView).append_notes(notes)
            self.coach_notes(notes)
        if masked:
            self.say(_("A card number or security code was masked before saving."), "warning")

    def _save_pending_note(self) -> None:
        """Ending the call with text still in the editor: it is a note, not something to drop."""
        editor = self.query_one(NoteInput)
        if editor.value.strip() and editor.editing_note is None:
            self._commit_note(editor.value, self.typing_began)
            editor.value = ""
            self.typing_began = None

    @on(NoteInput.EditPrevious)
    def edit_previous(self) -> None:
        if not self.live:
            return
        notes = self.call.state.notes
        editor = self.query_one(NoteInput)
        target = (editor.editing_note if editor.editing_note is not None else len(notes)) - 1
        if target < 0:
            return
        editor.editing_note = target
        editor.loaded_text = notes[target].text
        editor.value = notes[target].text
        editor.cursor_position = len(editor.value)
        self.query_one(EditMarker).show_editing(notes[target].t)

    @on(NoteInput.CancelEdit)
    def cancel_edit(self) -> None:
        self._stop_editing()
        self.query_one(NoteInput).value = ""

    def _stop_editing(self) -> None:
        editor = self.query_one(NoteInput)
        editor.editing_note = None
        editor.loaded_text = ""
        self.query_one(EditMarker).show_editing(None)

    @on(NoteInput.Pasted)
    def pasted(self, event: NoteInput.Pasted) -> None:
        if not self.live:
            return
        began = self.typing_began if self.typing_began is not None else self.call.now()
        self._commit_notes(event.notes, began)
        # The editor already holds the unfinished line (NoteInput), plus any key typed since.
        # Journal it again after the notes, so a crash now finds it pending, not taken for one.
        editor = self.query_one(NoteInput)
        self.typing_began = self.call.now() if editor.value else None
        if editor.value:
            self.session.save_draft(self.typing_began, editor.value)
        if event.notes:
            message = (
                _("Paste kept in full as {count} note(s) plus the line in the editor.")
                if event.remainder
                else _("Paste kept in full as {count} note(s).")
            )
            self.say(message.format(count=len(event.notes)))
