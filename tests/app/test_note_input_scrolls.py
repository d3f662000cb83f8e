"""The note editor sets its virtual size without a screen layout (issue 18 item 2): a note longer
than the editor still scrolls to keep the cursor and the last characters typed in view."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.app.widgets.note_input import NoteInput

NOTE = "caller says the card was charged twice on the third and wants the second charge refunded"


class EditorApp(App):
    def compose(self) -> ComposeResult:
        yield NoteInput(id="note-input")


async def test_a_long_note_scrolls_to_the_cursor_as_it_is_typed():
    app = EditorApp()
    async with app.run_test(size=(40, 5)) as pilot:
        for char in NOTE:
            await pilot.press("space" if char == " " else char)
        await pilot.pause()
        editor = app.query_one(NoteInput)
        shown = "".join(segment.text for segment in editor.render_line(0))
        assert editor.value == NOTE
        assert editor.scroll_x > 0 and editor.scroll_x <= editor.max_scroll_x
        assert "second charge refunded" in shown
