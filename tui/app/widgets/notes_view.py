"""The call's committed notes: a virtualized list, so 5,000 notes cost no more per key than 5.

Only the lines in view are drawn (render_line). Wrapped lines are cached per note and rebuilt only
on a width change or an edit, never per keystroke (DESIGN.md: a growing TextArea costs 24 ms/key).

The view owns its virtual size: a new note grows it without Textual's layout of the whole screen
(the virtual_size reactive asks for one, though the view's place on screen never depends on how
many notes it holds). It follows the newest note until the agent scrolls back, and keeps that
place until they scroll to the end again. It follows by jumps, as a terminal's jump scroll does:
a note that fits below the last one is drawn there (its own rows only: a key's cost), and when
one does not fit the view moves up to leave a third of its height free below it, so most notes
do not redraw every row of the view (scrolling line by line redrew them all on every Enter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.domain.text.display import visible
from tui.domain.text.line_break import line_starts
from tui.domain.text.timefmt import clock_text
from tui.support.i18n import _

if TYPE_CHECKING:  # a call's state loads with the first call, after the first frame (tui.services.session)
    from tui.domain.call.state import Note

_STAMP = Style(color="#6cb6ff", bold=True)
_EDITED = Style(color="#e0a030", italic=True)
_DRAFT = Style(dim=True, italic=True)


def _clock_order(note: Note) -> tuple[float, int]:
    return note.t, note.number


class NotesView(ScrollView, can_focus=False):
    # Never sideways: every line is wrapped to the width beside the vertical scrollbar.
    DEFAULT_CSS = """
    NotesView { height: 1fr; overflow-x: hidden; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._notes: list[Note] = []
        self._lines: list[Strip] = []
        self._wrapped_width = 0
        self._rows = 0  # the virtual height: the lines, and the free rows left below them at a jump
        self.placeholder = ""
        self.following = True  # new notes keep the end in view (the agent is mid-call)
        self._pass: tuple[Style, int] | None = None  # (style, width) while render_lines draws
        self._in_pass = False

    # -- content -------------------------------------------------------------------------------

    def set_notes(self, notes: list[Note]) -> None:
        """A new list (a call started or resumed, the idle desk): shown from its newest note."""
        self.following = True
        self._set_notes(notes)

    def _set_notes(self, notes: list[Note]) -> None:
        self._notes = sorted(notes, key=_clock_order)
        self._rewrap(force=True)

    def append_notes(self, notes: list[Note]) -> None:
        """New notes at the end; one size change and one scroll however many (a big paste). A
        back-dated note goes where it happened on the call clock (the list is drawn again)."""
        if self._notes and min(note.t for note in notes) < self._notes[-1].t:
            self._set_notes(self._notes + list(notes))
            return
        self._notes.extend(notes)
        if not self._wrapped_width:
            return  # not laid out yet: _rewrap wraps them all
        first = len(self._lines)
        for note in notes:
            self._lines.extend(self._wrap(note, self._wrapped_width))
        height = self.scrollable_content_region.height
        if self.following and len(self._lines) > self.scroll_offset.y + height:
            self._sync_size(free=height // 3)  # the jump: every row drawn again
            self._follow_end()
        else:
            self._sync_size()
            self.refresh_lines(first, len(self._lines) - first)  # only the new note's rows

    def _follow_end(self) -> None:
        # The virtual size is already the new one (_sync_size): no need to wait for a layout.
        self.following = True
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # The agent scrolled back (wheel, scrollbar): the view keeps that place as notes come in,
        # until they scroll to the end again. A scroll to the end (ours or theirs) follows again.
        self.following = new_value >= self.max_scroll_y

    def replace_note(self, note: Note) -> None:
        for index, existing in enumerate(self._notes):
            if existing.number == note.number:
                self._notes[index] = note
        self._rewrap(force=True)

    @property
    def note_count(self) -> int:
        return len(self._notes)

    @property
    def shown(self) -> list[Note]:
        """The notes in the order they are drawn: call-clock order."""
        return list(self._notes)

    # -- layout --------------------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width)

    def _wrap(self, note: Note, width: int) -> list[Strip]:
        # The text is broken to fit beside the stamp (7 cells) on every line, so continuation
        # lines hang under the text and nothing is cropped; Chinese breaks between characters.
        stamp = Text.assemble((clock_text(note.t).rjust(5), _STAMP), "  ")
        body = Text(visible(note.text))
        if note.edited:
            body.append("  " + _("(edited)"), _EDITED)
        lines_out = []
        for index, line in enumerate(body.divide(line_starts(body.plain, max(1, width - 7)))):
            line.rstrip()
            segments = list(((stamp if index == 0 else Text(" " * 7)) + line).render(self.app.console))
            lines_out.append(Strip(segments).crop(0, width))
        return lines_out or [Strip(list(stamp.render(self.app.console)))]

    def _rewrap(self, force: bool = False) -> None:
        if not self.is_mounted or not self.size.width:
            return
        width = self._text_width()
        if force or width != self._wrapped_width:
            at_end = self.following
            self._wrapped_width = width
            self._lines = [strip for note in self._notes for strip in self._wrap(note, width)]
            self._rows = 0
            self._sync_size()
            self.refresh()
            if at_end:
                self._follow_end()

    def _sync_size(self, free: int = 0) -> None:
        """The virtual height: every line, and at a jump `free` rows below the last (kept until
        the lines reach past them or the view changes size)."""
        # Not the virtual_size reactive: it would lay out the whole screen. Textual's own update
        # of the scroll state after a layout (_scroll_update) sets the scrollbar's size and keeps
        # the offset in range; only a scrollbar that appears or goes asks for a layout (its
        # reactive), as the view's text then narrows or widens.
        lines = len(self._lines)
        self._rows = lines + free if free else max(lines, self._rows)
        size = Size(self._wrapped_width, self._rows)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # The scrollbar takes columns from the text (or gives them back): wrap to the new width,
        # once the scroll state being updated now is done.
        self.call_next(self._rewrap)

    def on_resize(self) -> None:
        self._rewrap()
        if self.following:  # a panel opened below the view, or the terminal shrank: the newest at the bottom
            self._rows = 0
            self._sync_size()
            self.scroll_to(y=self.max_scroll_y, animate=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self._rewrap, True)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual asks every widget under a changed part of the screen for its lines (on every
        # key: the editor is under the view's column), mostly from its cache. The style and width
        # are read once a line is drawn, and once for the lines drawn together, never per line:
        # rich_style walks every ancestor's styles each time it is read.
        self._in_pass = True
        try:
            return super().render_lines(crop)
        finally:
            self._in_pass, self._pass = False, None

    def _style_and_width(self) -> tuple[Style, int]:
        if self._pass is not None:
            return self._pass
        found = (self.rich_style, self.scrollable_content_region.width)
        if self._in_pass:
            self._pass = found
        return found

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        style, width = self._style_and_width()
        if not self._lines and y == 0 and self.placeholder:
            strip = Strip([Segment(self.placeholder, _DRAFT)])
        elif 0 <= index < len(self._lines):
            strip = self._lines[index]
        else:
            return Strip.blank(width, style)
        return strip.crop_extend(0, width, style).apply_style(style)
