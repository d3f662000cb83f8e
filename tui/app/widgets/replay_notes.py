"""The desk's notes view for replay: the same drawing, with each note's wrapped lines cached so a
seek that shows 2,500 notes again costs a list join, not 2,500 wraps (a seek must stay < 16 ms)."""

from __future__ import annotations

from textual.strip import Strip

from ...domain.call_state import Note
from .notes_view import NotesView


class ReplayNotes(NotesView):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._cache: dict[tuple[int, str, bool, float], list[Strip]] = {}
        self._cache_width = 0

    def _wrap(self, note: Note, width: int) -> list[Strip]:
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        key = (note.number, note.text, note.edited, note.t)
        lines = self._cache.get(key)
        if lines is None:
            lines = self._cache[key] = super()._wrap(note, width)
        return lines

    def show_notes(self, notes: list[Note]) -> None:
        """The notes at the play head; the view follows the newest one, as the agent's did."""
        same = len(notes) == len(self._notes) and all(a is b or a == b for a, b in zip(notes[-1:], self._notes[-1:]))
        if same and [n.text for n in notes] == [n.text for n in self._notes]:
            return
        self._notes = list(notes)
        if not self.is_mounted or not self.size.width:
            return
        self._wrapped_width = self._text_width()
        self._lines = [strip for note in self._notes for strip in self._wrap(note, self._wrapped_width)]
        self._sync_size()
        self.scroll_end(animate=False, immediate=True)
