"""The desk's notes (a mixin of DeskScreen, screen.py): the note being typed, saved with Enter,
edited with Up, pasted, and on the idle desk kept for the next call.

The editor journals its draft as it changes; Enter commits a note stamped with the call time its
typing began; a back-dated one ("-15s ...") is shown where it happened on the call clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from tui.app.desk.host import DeskHost
from tui.app.desk.late_parts import late_part, mounted_part
from tui.app.widgets.edit_marker import EditMarker
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.notes_view import NotesView
from tui.support.fault_seams import fail_at
from tui.support.i18n import _

if TYPE_CHECKING:
    from tui.domain.call.state import Note


class DeskNotes(DeskHost):
    """The note being typed and the notes saved: the desk screen's part that handles the editor."""

    def _show_waiting(self) -> None:
        """The idle desk shows the notes typed for the next call, waiting."""
        notes = self.query_one(NotesView)
        notes.border_title = _("Waiting for the next call: {count} note(s)").format(count=len(self.waiting)) if self.waiting else ""
        notes.placeholder = ""
        notes.set_notes(_waiting_notes(self.waiting) if self.waiting else [])

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "note-input" or not self.live:
            return
        # With the keys the desk has read that the editor has not handled yet: its first key handled
        # must not take the ones behind it out of the journal.
        plainly = self._typing_plainly(event.input)
        text = event.value + self.keys_behind() if plainly else event.value
        if not text:
            self.typing_began = None
        elif self.typing_began is None:
            self.typing_began = self.current_call.now()
        self.journal_draft(self.typing_began if self.typing_began is not None else self.current_call.now(), text, plainly)
        self.coach_draft(event.value)
        self.clock_on_key()  # in this key's frame: the clock's own tick waits while the agent types

    def journal_typed_ahead(self, characters: str) -> None:
        """Keys the desk has read but not yet handled (the one on its way to the editor, and under
        load those waiting behind it, tui.app.desk.key_order) go into the journal's draft now, behind
        the note being typed, so a kill before they are handled loses none of them; the editor's own
        draft, with the keys still behind, replaces it as they are."""
        editor = self.query_one(NoteInput)
        if not self._typing_plainly(editor):
            return
        began = self.typing_began if self.typing_began is not None else self.current_call.now()
        self.journal_draft(began, editor.value + characters, plainly=True)

    def _typing_plainly(self, editor: Input) -> bool:
        """Typing goes plainly to the end of the note on the desk: where keys not yet handled will land."""
        if not self.live or self.app.screen is not self or self.focused is not editor or not isinstance(editor, NoteInput):
            return False
        if editor.editing_note is not None or editor.cursor_position != len(editor.value) or not editor.selection.is_empty:
            return False
        return bool(editor.value) or self.open_callback_panel is None  # a digit may be the panel's window while the note is empty

    def note_submitted(self, text: str) -> None:
        """Enter in the note editor (NoteInput.on_submit), within that key's handling."""
        if self.session is None or self.filing:
            self._keep_for_next_call(text)
            return
        if not self.live:
            return
        fail_at("note-submit")
        editor = self.query_one(NoteInput)
        if editor.editing_note is not None:
            number = editor.editing_note
            if text != editor.loaded_text and self.current_call.edit_note(number, text):
                self.query_one(NotesView).replace_note(self.current_call.state.notes[number])
                self.say(_("Note edited; the original stays in the call log."))
            self._stop_editing()
        else:
            self._commit_note(text, self.typing_began)
        # The editor empties itself on Enter (NoteInput): what it holds then is typed after it.
        self.typing_began = None

    def _keep_for_next_call(self, text: str) -> None:
        """Enter on the idle desk (or while the last call is being filed): kept, not dropped."""
        if text.strip():
            self.waiting.append(text)
            if self.session is None:
                self._show_waiting()
            if self.app.screen is self:
                self.say(_("Kept for the next call: {count} note(s) waiting. Ctrl+N starts it.").format(count=len(self.waiting)))
            else:  # typed through a question (resume the call cut short?): Ctrl+N waits for the answer
                self.say(_("Kept: {count} note(s) waiting for the call resumed, or the next one.").format(count=len(self.waiting)))
        self.typing_began = None

    def take_typed_while_asked(self, cut_off: dict[str, Any] | None) -> None:
        """A resumed call: the note it was cut off in (`cut_off`, the journal's draft) back in the
        editor, followed by what was typed while the question was asked; the notes kept with Enter
        meanwhile are its notes now."""
        waiting, self.waiting = self.waiting, []
        if waiting:
            self._commit_notes(waiting, self.current_call.now())
        editor = self.query_one(NoteInput)
        before, typed = (str(cut_off["text"]) if cut_off and cut_off.get("text") else ""), editor.value
        joined = " " if before and typed and not before[-1].isspace() and not typed[0].isspace() else ""
        if not before + typed:
            return
        self.typing_began = float(cut_off["t"]) if before and cut_off else self.current_call.now()
        editor.value = before + joined + typed
        editor.cursor_position = len(editor.value)
        self.current_session.save_draft(self.typing_began, editor.value)

    def _commit_note(self, text: str, began_at: float | None) -> None:
        self._commit_notes([text], began_at)

    def _commit_notes(self, texts: list[str], began_at: float | None) -> None:
        """Commit notes; the view and the coach are updated once for all of them (a big paste)."""
        notes, masked = [], False
        for text in texts:
            note = self.current_call.add_note(text, began_at)
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

    def on_note_input_edit_previous(self) -> None:
        if not self.live:
            return
        notes = self.current_call.state.notes
        editor = self.query_one(NoteInput)
        target = (editor.editing_note if editor.editing_note is not None else len(notes)) - 1
        if target < 0:
            return
        editor.editing_note = target
        editor.loaded_text = notes[target].text
        editor.value = notes[target].text
        editor.cursor_position = len(editor.value)
        late_part(self, EditMarker).show_editing(notes[target].t)

    def on_note_input_cancel_edit(self) -> None:
        self._stop_editing()
        self.query_one(NoteInput).value = ""

    def _stop_editing(self) -> None:
        editor = self.query_one(NoteInput)
        editor.editing_note = None
        editor.loaded_text = ""
        if marker := mounted_part(self, EditMarker):
            marker.show_editing(None)

    def on_note_input_pasted(self, event: NoteInput.Pasted) -> None:
        if not self.live:
            return
        began = self.typing_began if self.typing_began is not None else self.current_call.now()
        self._commit_notes(event.notes, began)
        # The editor already holds the unfinished line (NoteInput), plus any key typed since.
        # Journal it again after the notes, so a crash now finds it pending, not taken for one.
        editor = self.query_one(NoteInput)
        self.typing_began = None
        if editor.value:
            self.typing_began = self.current_call.now()
            self.current_session.save_draft(self.typing_began, editor.value)
        if event.notes:
            message = (
                _("Paste kept in full as {count} note(s) plus the line in the editor.")
                if event.remainder
                else _("Paste kept in full as {count} note(s).")
            )
            self.say(message.format(count=len(event.notes)))


def _waiting_notes(texts: list[str]) -> list[Note]:
    from tui.domain.call.state import Note  # a call's state: not the first frame's (tui.services.session)

    return [Note(i, 0.0, text, text) for i, text in enumerate(texts)]
