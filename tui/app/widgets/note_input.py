"""The editor for the note being typed: one line, small, so every key is cheap."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from tui.app.actions import bindings
from tui.config.keys import NOTE_EDITOR_ACTIONS
from tui.domain.call.paste import NOTE_CHUNK, split_paste


class NoteInput(Input):
    """Enter commits (on_submit, else Input.Submitted); Up on an empty line asks to edit the previous note."""

    BINDINGS = bindings(NOTE_EDITOR_ACTIONS)

    class EditPrevious(Message):
        """Up was pressed on an empty line (or on an unchanged note being edited)."""

    class CancelEdit(Message):
        pass

    class Pasted(Message):
        """A paste that holds whole lines: these become notes at once, nothing dropped."""

        def __init__(self, notes: list[str], remainder: str) -> None:
            super().__init__()  # a plain class, not a dataclass: defined before the first frame (frozen_record.py)
            self.notes = notes
            self.remainder = remainder

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(select_on_focus=False, **kwargs)
        self.editing_note: int | None = None  # number of the note being edited, if any
        self.panel_keys: Callable[[events.Key], bool] | None = None  # the desk's F5 panel keys (DeskScreen.panel_key)
        self.on_submit: Callable[[str], None] | None = None  # the desk's note commit (DeskScreen.note_submitted)
        self.loaded_text = ""  # its text as loaded, to tell "unchanged" apart

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size to the text's width on every change, and that reactive asks
        # for a layout of the whole screen (twice: the layout then resets it to the region's size),
        # though the editor's own size never changes (height 3 or 1, width of its column). Set it
        # without the layout: the Input scrolls to the cursor from it, the screen is drawn the same.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    async def _on_key(self, event: events.Key) -> None:
        # A panel open on the desk (F5) acts on the keys that type nothing; the screen says which.
        if self.panel_keys is not None and self.panel_keys(event):
            event.stop()
            event.prevent_default()
            return
        # Enter is handled here, in the order the keys came. As the Input's binding it would run
        # only once the key had bubbled up to the app, after the keys typed behind it were in the
        # editor: keys queued while the desk was busy merged notes, and clearing after the fact
        # lost what was typed next. Other keys go on to Input's handler (Textual walks the MRO).
        if event.key != "enter":
            self._format_character(event)
            return
        event.stop()
        event.prevent_default()
        self._submit_note()

    def _submit_note(self) -> None:
        # The desk commits the note within this key's handling, so the emptied editor and the note
        # in the list reach the screen in one frame (a Submitted message bubbles up through three
        # queues, and a frame drawn meanwhile showed the editor emptied and the note not yet).
        value = self.value
        if self.on_submit is None:
            self.post_message(self.Submitted(self, value))
        else:
            self.on_submit(value)
        self.value = ""

    async def take_key(self, event: events.Key) -> None:
        """A key the keyboard rule (tui.app.desk.typing) sends here while a dialog has the focus:
        it does what it would do with the editor focused."""
        if event.key == "enter":
            self._submit_note()
        elif event.is_printable and event.character:
            if self.selection.is_empty:
                self.insert_text_at_cursor(event.character)
            else:
                self.replace(event.character, *self.selection)
        else:
            for binding in self._bindings.key_to_bindings.get(event.key, []):
                await self.run_action(binding.action)
                break
            else:
                self._format_character(event)

    def take_paste(self, text: str) -> None:
        """A paste while a dialog has the focus: into the note, as if the editor had it."""
        self._on_paste(events.Paste(text))

    def _format_character(self, event: events.Key) -> None:
        """Joiners and direction marks (U+200D in emoji families, U+200C in Persian and Hindi,
        U+200F) are text, but Textual's Input drops them as not printable: insert them here."""
        char = event.character
        if not char or len(char) != 1 or event.is_printable or unicodedata.category(char) != "Cf":
            return
        event.stop()
        event.prevent_default()
        if self.selection.is_empty:
            self.insert_text_at_cursor(char)
        else:
            self.replace(char, *self.selection)

    def action_edit_previous(self) -> None:
        if not self.value or (self.editing_note is not None and self.value == self.loaded_text):
            self.post_message(self.EditPrevious())

    def action_cancel_edit(self) -> None:
        if self.editing_note is not None:
            self.post_message(self.CancelEdit())

    def _on_paste(self, event: events.Paste) -> None:
        text = event.text
        if "\n" not in text and "\r" not in text and len(self.value) + len(text) <= NOTE_CHUNK:
            super()._on_paste(event)
            return
        # The stock Input keeps only the first line of a paste; a note must never lose text.
        event.stop()
        event.prevent_default()
        before = self.value[: self.cursor_position]
        after = self.value[self.cursor_position :]
        notes, remainder = split_paste(before, text, after)
        # The editor takes the unfinished line now, in key order: set later by the screen, it
        # would wipe out keys typed after the paste that reached the editor in between.
        self.value = remainder
        self.cursor_position = len(remainder)
        self.post_message(self.Pasted(notes, remainder))
