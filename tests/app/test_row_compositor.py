"""The desk's compositor (tui.app.row_compositor): a key's frame asks the widgets only for the rows
that changed, and every frame writes exactly the bytes Textual's own compositor would have."""

from __future__ import annotations

from textual._compositor import Compositor
from textual.geometry import Region
from textual.widget import Widget

from tui.app.row_compositor import RowCompositor, row_runs
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.notes_view import NotesView

from .conftest import on_a_live_call


def test_row_runs_merge_touching_rows_and_keep_gaps():
    regions = [Region(0, 35, 80, 3), Region(0, 0, 120, 1), Region(0, 2, 120, 3), Region(5, 1, 3, 1), Region(0, 9, 4, 0)]
    assert row_runs(regions) == [(0, 5), (35, 38)]


def watch_frames(screen, monkeypatch) -> tuple[list[int], list[tuple[Widget, Region]]]:
    """Every partial update of the desk rendered twice, ours and Textual's, from the same state:
    the bytes must match. Returns the count of frames compared and the (widget, rows) we asked for."""
    compositor = screen._compositor
    compared: list[int] = []
    asked: list[tuple[Widget, Region]] = []
    console = screen.app.console
    ours = RowCompositor.render_partial_update

    def checked(self):
        regions = set(self._dirty_regions)
        mine = ours(self)
        self._dirty_regions.update(regions)
        stock = Compositor.render_partial_update(self)  # no rows set: Textual's _get_renders
        assert (mine is None) == (stock is None)
        if mine is not None:
            assert mine.render_segments(console) == stock.render_segments(console)
            compared.append(1)
        return mine

    render_lines = Widget.render_lines

    def noted(widget, crop):
        if compositor._runs is not None:
            asked.append((widget, crop))
        return render_lines(widget, crop)

    monkeypatch.setattr(RowCompositor, "render_partial_update", checked)
    monkeypatch.setattr(Widget, "render_lines", noted)
    return compared, asked


async def test_every_frame_of_typing_is_textuals_own(make_app, clock, monkeypatch):
    async with on_a_live_call(make_app("+44 20 7031 3000")) as (pilot, screen):
        assert isinstance(screen._compositor, RowCompositor)
        for number in range(60):  # enough notes to fill the view and scroll it
            screen.current_call.add_note(f"note {number} the parcel never arrived")
        screen.query_one(NotesView).set_notes(screen.current_call.state.notes)
        await pilot.pause(0.1)
        compared, asked = watch_frames(screen, monkeypatch)
        editor = screen.query_one(NoteInput)

        await pilot.press(*"refund")
        asked_for_characters = list(asked)
        clock.advance(7)  # the next key also redraws the header's and tracker's clocks
        await pilot.press("space", "t", "o", "backspace", "o")
        await pilot.press("enter")  # the note listed: the notes view's rows too
        await pilot.press(*"second", "enter", "up", "left", "x", "escape")
        screen.query_one(NotesView).scroll_relative(y=-5, animate=False)
        await pilot.press("a")
        await pilot.pause(0.1)

        assert len(compared) >= 15
        assert editor.value == "a"
        assert screen.current_call.state.notes[-1].text == "second"
        # A character's frame asked each widget for the editor's rows only, and never the notes view.
        top, bottom = editor.region.y, editor.region.bottom
        assert asked_for_characters
        for widget, crop in asked_for_characters:
            rows = crop.translate(widget.region.offset)
            assert top <= rows.y and rows.bottom <= bottom, (widget, crop)
            assert not isinstance(widget, NotesView)
