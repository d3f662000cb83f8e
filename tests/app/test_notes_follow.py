"""The notes view follows the newest note as it is saved, keeps the agent's place once they scroll
back (mouse wheel), and follows again once they scroll to the end. It follows by jumps: a note that
fits below the last one is drawn there alone; one that does not moves the view up, leaving free
rows below it. Real keys, a real wheel."""

from __future__ import annotations

from textual import events

from tui.app.widgets.notes_view import NotesView

from .conftest import on_a_live_call, settle


def lines_in_view(view: NotesView) -> list[str]:
    """The note lines the view draws now (what the agent sees inside its border)."""
    return [view.render_line(y).text.rstrip() for y in range(view.scrollable_content_region.height)]


def newest_in_view(view: NotesView) -> str:
    """The last line the view shows with words on it (free rows may follow it)."""
    return [line for line in lines_in_view(view) if line.strip()][-1]


async def save_notes(pilot, first: int, count: int) -> None:
    for number in range(first, first + count):
        await pilot.press(*f"note {number}", "enter")


async def wheel(pilot, view: NotesView, event: type[events.MouseEvent], times: int) -> None:
    for _ in range(times):
        await pilot._post_mouse_events([event], view, offset=(2, 1))  # as Pilot's click sends its events


async def test_each_saved_note_is_in_view_at_once_and_the_scrollbar_knows_it(make_app):
    async with on_a_live_call(make_app("")) as (pilot, screen):
        view = screen.query_one(NotesView)
        await save_notes(pilot, 1, 40)
        jumps = 0
        for number in range(41, 81):
            top = view.scroll_offset.y
            await pilot.press(*f"note {number}", "enter")
            await pilot.pause()
            assert newest_in_view(view).endswith(f"note {number}")
            assert view.scroll_offset.y == view.max_scroll_y > 0
            assert view.vertical_scrollbar.window_virtual_size == view.virtual_size.height >= number
            if view.scroll_offset.y != top:  # a jump: a third of the view left free below the note
                jumps += 1
                assert lines_in_view(view)[-(view.scrollable_content_region.height // 3) :] == [""] * (
                    view.scrollable_content_region.height // 3
                )
        assert 1 < jumps <= 40 // (view.scrollable_content_region.height // 3) + 1  # most notes drawn where they land
        assert view.show_vertical_scrollbar and not view.show_horizontal_scrollbar
        assert all(len(line) <= view.scrollable_content_region.width for line in lines_in_view(view))


async def test_scrolled_back_the_view_keeps_its_place_then_follows_again_at_the_end(make_app):
    async with on_a_live_call(make_app("")) as (pilot, screen):
        view = screen.query_one(NotesView)
        await save_notes(pilot, 1, 60)
        await wheel(pilot, view, events.MouseScrollUp, 5)
        place, seen = view.scroll_offset.y, lines_in_view(view)
        assert 0 < place < view.max_scroll_y
        await save_notes(pilot, 61, 3)
        await settle(pilot)
        assert view.scroll_offset.y == place and lines_in_view(view) == seen  # the agent's place kept
        assert view.vertical_scrollbar.window_virtual_size == view.virtual_size.height >= 63  # the scrollbar counts them
        await wheel(pilot, view, events.MouseScrollDown, 40)
        assert view.scroll_offset.y == view.max_scroll_y
        await save_notes(pilot, 64, 1)
        await settle(pilot)
        assert newest_in_view(view).endswith("note 64")


async def test_the_newest_note_stays_in_view_when_the_callback_panel_shrinks_the_view(make_app):
    async with on_a_live_call(make_app(""), size=(80, 24)) as (pilot, screen):
        view = screen.query_one(NotesView)
        await save_notes(pilot, 1, 30)
        await pilot.press("f5")
        await settle(pilot, 0.2)
        assert screen.query_one("#callback-panel").display
        assert lines_in_view(view)[-1].endswith("note 30")  # at the bottom of the shrunk view
        await pilot.press(*"note 31", "enter")
        await settle(pilot)
        assert newest_in_view(view).endswith("note 31")


async def test_no_frame_shows_the_editor_emptied_before_the_note_is_in_the_list(make_app):
    """Enter commits the note within its own handling: the frame that shows the editor empty shows
    the note at the end of the list too (before, a frame in between showed the note gone from both)."""
    async with on_a_live_call(make_app("")) as (pilot, screen):
        app, view, editor = pilot.app, screen.query_one(NotesView), screen.query_one("#note-input")
        await save_notes(pilot, 1, 40)
        frames: list[tuple[str, int, bool]] = []
        display = app._display

        def watched(painted, update) -> None:
            display(painted, update)
            if update is not None:
                frames.append((editor.value, view.note_count, newest_in_view(view).endswith(f"note {view.note_count}")))

        app._display = watched
        for number in range(41, 46):
            await pilot.press(*f"note {number}", "enter")
        await settle(pilot)
        app._display = display
        emptied = [(count, newest) for value, count, newest in frames if value == ""]
        assert emptied and all(newest for _count, newest in emptied)
        assert {count for count, _newest in emptied} == {41, 42, 43, 44, 45}
