"""Where a character's time goes, key to frame: the desk (5,000 notes) against a bare Textual Input,
and the desk again with Textual's own compositor in place of the desk's RowCompositor (which asks
the widgets only for the changed rows: tui/app/row_compositor.py). scripts/bench_char_frames.py
prints it.

Marks per key, from posting it as the terminal driver does (bench_keys._press): the input's key
handler done, the frame begun (Screen._on_timer_update), the frame shown (rendered to terminal
bytes). Each variant runs in a fresh interpreter (benchlib.child).
"""

from __future__ import annotations

import asyncio
import time

from benchlib.stats import median

TEXT = "the parcel never arrived and she wants a refund today "
MARKS: dict[str, float] = {}  # this key's marks (perf_counter), set by the patched handlers


def _mark_phases(marks: dict[str, float]) -> None:
    """Before the app is built: the screen's frame timer holds its bound method from then on."""
    from textual.screen import Screen
    from textual.widgets import Input

    key_handler, frame = Input._on_key, Screen._on_timer_update

    async def on_key(self, event):  # type: ignore[no-untyped-def]
        result = await key_handler(self, event)
        marks.setdefault("key handled", time.perf_counter())
        return result

    def on_frame(self):  # type: ignore[no-untyped-def]
        marks.setdefault("frame begun", time.perf_counter())
        return frame(self)

    Input._on_key, Screen._on_timer_update = on_key, on_frame  # type: ignore[method-assign]


def stock_compositor() -> None:
    """The desk with Textual's own partial update (what it had before tui/app/row_compositor.py):
    every widget whose clip overlaps the changed region is asked for its whole visible region."""
    from textual._compositor import Compositor

    from tui.app.row_compositor import RowCompositor

    RowCompositor._get_renders = Compositor._get_renders  # type: ignore[method-assign]


async def _type(app, editor, keys: int) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    import bench_keys
    from textual._compositor import LayoutUpdate

    marks = MARKS
    rows = []
    for index in range(keys):
        char = TEXT[index % len(TEXT)]
        if len(editor.value) > 60:
            editor.value = ""
            await asyncio.sleep(0.05)
        expected = editor.value + char

        def shown(screen, update, expected=expected) -> bool:  # type: ignore[no-untyped-def]
            dirty = screen._dirty_widgets
            return bool(editor.value == expected and (editor in dirty or screen in dirty or isinstance(update, LayoutUpdate)))

        marks.clear()
        timed = await bench_keys._press(app, bench_keys._key_of(char), char, shown)
        if timed is not None:
            pressed, painted = timed
            rows.append({**{name: (at - pressed) * 1000 for name, at in marks.items()}, "frame shown": (painted - pressed) * 1000})
        await asyncio.sleep(0.04)
    return rows


async def _desk(keys: int) -> list[dict[str, float]]:
    import tempfile
    from pathlib import Path

    import bench_keys

    from benchlib.calls import CALLER, note_text
    from tui.app.base import desk_app
    from tui.app.widgets.note_input import NoteInput
    from tui.app.widgets.notes_view import NotesView
    from tui.config.settings import Config
    from tui.domain.call.clock import SystemClock
    from tui.services.session import open_desk
    from tui.store.datadir import prepare_data_dir

    with tempfile.TemporaryDirectory(prefix="callcoach-frames-") as tmp:
        desk = open_desk(Config(agent="Bench Agent", timezone="UTC"), prepare_data_dir(Path(tmp) / "data"), SystemClock())
        app = bench_keys.watch_frames(desk_app(desk, start_caller=CALLER))
        async with app.run_test(size=(bench_keys.COLS, bench_keys.ROWS)) as pilot:
            screen = app.desk_screen
            while not screen.live:
                await pilot.pause(0.01)
            await app.workers.wait_for_complete()
            for number in range(1, 5001):
                screen.session.call.add_note(note_text(number), began_at=0.0)
            screen.query_one(NotesView).set_notes(screen.session.call.state.notes)
            await pilot.pause(0.5)
            return await _type(app, screen.query_one(NoteInput), keys)


async def _bare(keys: int) -> list[dict[str, float]]:
    import bench_keys
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class BareInput(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = bench_keys.watch_frames(BareInput())
    async with app.run_test(size=(bench_keys.COLS, bench_keys.ROWS)) as pilot:
        editor = app.query_one(Input)
        editor.focus()
        await pilot.pause(0.3)
        return await _type(app, editor, keys)


def measure(variant: str, keys: int) -> dict[str, float]:
    """Medians (ms from the key's post) of each mark, for 'desk', "desk, Textual's compositor" or 'bare'."""
    _mark_phases(MARKS)
    if "Textual's compositor" in variant:
        stock_compositor()
    rows = asyncio.run(_bare(keys) if variant == "bare" else _desk(keys))
    return {name: median([row[name] for row in rows if name in row]) for name in ("key handled", "frame begun", "frame shown")}
