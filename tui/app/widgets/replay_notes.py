"""The desk's notes view for replay: the same drawing, showing the newest notes at the play head
as the agent's view did (it follows the newest note). Only the notes that can be in view are
wrapped, and each note's wrapped lines are cached, so a seek in a call of 5,000 notes costs a few
dozen cached lookups, not thousands of wraps (a seek must stay under 16 ms)."""

from __future__ import annotations

from typing import Any

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.app.widgets.notes_view import _STAMP, NotesView
from tui.domain.call.state import Note
from tui.domain.text.display import visible
from tui.domain.text.timefmt import clock_text


class ReplayNotes(NotesView):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cache: dict[tuple[int, str, bool, float], list[Strip]] = {}
        self._cache_width = 0
        self.total = 0  # notes at the play head, of which the newest are drawn

    def _wrap(self, note: Note, width: int) -> list[Strip]:
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        key = (note.number, note.text, note.edited, note.t)
        lines = self._cache.get(key)
        if lines is None:
            lines = self._cache[key] = self._one_line(note, width) or super()._wrap(note, width)
        return lines

    @staticmethod
    def _one_line(note: Note, width: int) -> list[Strip] | None:
        """A note drawn as the desk draws it (the same break positions from Rich's own line
        divider), without building and rendering a Rich Text: a random seek shows dozens of notes
        never drawn before. None for what only the desk's path handles (edited notes, odd cases)."""
        if note.edited:
            return None
        plain = clock_text(note.t).rjust(5) + "  " + visible(note.text)
        if "\n" in plain:
            return None
        offsets = [0, *divide_line(plain, width, fold=True), len(plain)]
        parts = [plain[a:b] for a, b in zip(offsets, offsets[1:])]
        if not parts or len(parts[0]) < 7 or any(cell_len(part) > width for part in parts):
            return None
        lines = [Strip([Segment(parts[0][:5], _STAMP), Segment(parts[0][5:])])]
        lines += [Strip([Segment(" " * 7 + part)]).crop(0, width) for part in parts[1:]]
        return lines

    @property
    def note_count(self) -> int:
        return self.total

    @property
    def lines_in_view(self) -> int:
        """Every note is at least one line, so this many of the newest notes always fill the view."""
        return max(1, self.scrollable_content_region.height or self.size.height or 40)

    def show_notes(self, notes: list[Note], total: int | None = None) -> None:
        """The notes at the play head: the newest ones that fill the view; `total` counts them all."""
        self.total = len(notes) if total is None else total
        self._notes = list(notes[-self.lines_in_view :])
        if not self.is_mounted or not self.size.width:
            return
        self._wrapped_width = width = self._text_width()
        # Newest first, only until the view is full: older notes are out of sight anyway.
        chunks: list[list[Strip]] = []
        filled = 0
        for note in reversed(self._notes):
            if filled >= self.lines_in_view:
                break
            chunk = self._wrap(note, width)
            chunks.append(chunk)
            filled += len(chunk)
        self._lines = [strip for chunk in reversed(chunks) for strip in chunk]
        self._rows = 0  # a new set of lines at each seek: no free rows kept from the last one
        self._sync_size()  # sets the size without a layout, so without a repaint either
        self.refresh()
        self.scroll_end(animate=False, immediate=True)

    def on_resize(self) -> None:
        self._rewrap(force=True)

    # Textual computes rich_style by walking the ancestors' styles each time it is read (the
    # desk's NotesView reads it once per frame). Replay keeps it until the styles change.
    _style: Style | None = None

    @property
    def rich_style(self) -> Style:
        if self._style is None:
            self._style = super().rich_style
        return self._style

    def notify_style_update(self) -> None:
        self._style = None
        super().notify_style_update()
