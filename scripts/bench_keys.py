"""Key to screen and key to journal fsync (issue 18, items 2 and 4).

Keys typed into the notes editor of a live call that already holds 5,000 notes, in the real app
run headless at 120x40 (real clock, real journal), 30-90 ms apart, Enter after each note. From
posting the key event the way the terminal driver does, to the end of the first frame in which
the editor shows the new text (for Enter: the emptied editor and the notes list with the note
added), that frame rendered to terminal escape bytes; only the write to a terminal is skipped.
The same characters are typed, the same way, into a bare Textual Input in an otherwise empty
app, in the same process run after it: the floor Textual itself sets.

Key to journal fsync: same run; from the draft handed to JournalWriter.set_draft (inside the
key's handling) to the fsync of the batch holding it or a newer draft that replaced it.
Never asserts a time. Run alone: `.venv/bin/python scripts/bench_keys.py [--quick]`.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from benchlib.calls import CALLER, note_text  # noqa: E402
from benchlib.report import Row, machine, render, timing_row  # noqa: E402
from benchlib.stats import median  # noqa: E402

COLS, ROWS = 120, 40
GOAL_P99_MS = 25.0
GOAL_BARE_RATIO = 1.2  # p50 against the bare Input's p50
GOAL_FSYNC_P99_MS = 250.0
FULL = {"notes": 5000, "keys": 400}
QUICK = {"notes": 5000, "keys": 120}


def _timed_journal_writer_class():
    """JournalWriter that notes when each draft was handed over and when each batch was fsynced.

    Uses the writer's public fsync seam plus two private details (_seq, _next_batch); if those
    change, tests/test_bench_smoke.py fails and this needs the same change.
    """
    from tui.store.journal import JournalWriter

    class TimedJournalWriter(JournalWriter):
        def __init__(self, *args, **kwargs) -> None:
            self.draft_calls: list[tuple[int, float]] = []  # (sequence number, set_draft called)
            self.fsyncs: list[tuple[int, float]] = []  # (last sequence in batch, fsync returned)
            self._bench_batch_seq = 0
            kwargs["fsync_fn"] = self._timed_fsync
            super().__init__(*args, **kwargs)

        def set_draft(self, t: float, text: str) -> None:
            called = time.perf_counter()
            super().set_draft(t, text)
            with self._cond:
                self.draft_calls.append((self._seq, called))

        def _next_batch(self):
            batch = super()._next_batch()
            if batch:
                self._bench_batch_seq = batch[-1].seq
            return batch

        def _timed_fsync(self, fd: int) -> None:
            os.fsync(fd)
            self.fsyncs.append((self._bench_batch_seq, time.perf_counter()))

    return TimedJournalWriter


def draft_fsync_latencies(draft_calls: list[tuple[int, float]], fsyncs: list[tuple[int, float]], since: float = 0.0) -> list[float]:
    """For each draft handed over after `since`: seconds until a batch holding it (or a newer
    draft that replaced it in the queue) was fsynced."""
    latencies = []
    index = 0
    for seq, called in draft_calls:
        if called < since:
            continue
        while index < len(fsyncs) and (fsyncs[index][0] < seq or fsyncs[index][1] < called):
            index += 1
        if index == len(fsyncs):
            break
        latencies.append(fsyncs[index][1] - called)
    return latencies


def watch_frames(app):
    """The app, watched: in headless mode each frame is still rendered to terminal bytes (what a
    real terminal write costs, minus the write), and a waiting predicate is checked per frame."""
    from textual._compositor import CompositorUpdate

    app.bench_wait = None  # (predicate, future) or None
    app.bench_frames = 0
    display = app._display

    def watched_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is None or app._batch_count or not app.is_headless:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        app.bench_frames += 1
        waiting = app.bench_wait
        if waiting is not None and waiting[0](screen, renderable):
            app.bench_wait = None
            if not waiting[1].done():
                waiting[1].set_result((time.perf_counter(), time.thread_time()))

    app._display = watched_display
    return app


# The event loop thread's CPU seconds from each key's post to its frame, per app (the last run's):
# unlike the wall clock, it hardly moves with the machine's load.
CPU_S: list[float] = []


async def _press(app, key: str, char: str, shown: Callable, timeout: float = 2.0) -> tuple[float, float] | None:
    """Post one key as the terminal driver does; (pressed, painted) perf_counter times, or None."""
    from textual import events

    future = asyncio.get_running_loop().create_future()
    app.bench_wait = (shown, future)
    pressed, cpu = time.perf_counter(), time.thread_time()
    app._driver.send_message(events.Key(key, char))
    try:
        painted, cpu_painted = await asyncio.wait_for(future, timeout)
    except TimeoutError:
        app.bench_wait = None
        return None
    CPU_S.append(cpu_painted - cpu)
    return pressed, painted


def _key_of(char: str) -> str:
    return "space" if char == " " else ("colon" if char == ":" else char)


def typed_text(notes: int) -> str:
    return " ".join(note_text(notes + 1 + i) for i in range(40))


def key_latency(
    notes: int,
    keys: int,
    seed: int = 7,
    gap: tuple[float, float] = (0.03, 0.09),
    note_length: tuple[int, int] = (35, 70),
    team_database: str | None = None,
) -> dict:
    """Keys typed into a live call holding `notes` notes: Enter after every note_length chars.
    `team_database`: the desk configured with one (its sync and live-state threads running)."""
    return asyncio.run(_key_latency(notes, keys, seed, gap, note_length, team_database))


async def _key_latency(
    notes: int, keys: int, seed: int, gap: tuple[float, float], note_length: tuple[int, int], team_database: str | None = None
) -> dict:
    from textual._compositor import LayoutUpdate

    import tui.store.journal as journal_module
    from tui.app.base import desk_app
    from tui.app.widgets.note_input import NoteInput
    from tui.app.widgets.notes_view import NotesView
    from tui.config.settings import Config
    from tui.domain.call.clock import SystemClock
    from tui.services.session import open_desk
    from tui.store.datadir import prepare_data_dir

    rng = random.Random(seed)
    original_writer = journal_module.JournalWriter  # the session imports it when a call begins
    journal_module.JournalWriter = _timed_journal_writer_class()
    tmp = Path(tempfile.mkdtemp(prefix="callcoach-bench-"))
    result: dict = {"notes": notes, "failures": []}
    try:
        config = Config(agent="Bench Agent", timezone="UTC", team_database=team_database)
        desk = open_desk(config, prepare_data_dir(tmp / "data"), SystemClock())
        app = watch_frames(desk_app(desk, start_caller=CALLER))  # the real app, built as the CLI builds it
        async with app.run_test(size=(COLS, ROWS)) as pilot:
            screen = app.desk_screen
            for _ in range(500):
                if screen.live:
                    break
                await pilot.pause(0.01)
            await app.workers.wait_for_complete()  # start-up workers, gc.freeze() included
            session = screen.session
            view, editor = screen.query_one(NotesView), screen.query_one(NoteInput)
            for number in range(1, notes + 1):
                session.call.add_note(note_text(number), began_at=max(0.0, session.call.now() - 1.0))
            loaded = time.perf_counter()
            view.set_notes(session.call.state.notes)
            result["set_notes_s"] = time.perf_counter() - loaded
            await pilot.pause(0.3)
            await asyncio.to_thread(session.writer.flush, 30.0)
            await pilot.pause(0.2)
            if view.note_count != notes:
                result["failures"].append(f"the notes view holds {view.note_count} notes, not {notes}")

            text, position = typed_text(notes), 0
            chars, enters, windows, chars_cpu = [], [], [], []
            collections: list[tuple[float, float, int]] = []  # (start, end, generation) of each GC
            gc_started: list[float] = []

            def gc_watch(phase: str, info: dict) -> None:
                if phase == "start":
                    gc_started.append(time.perf_counter())
                elif gc_started:
                    collections.append((gc_started.pop(), time.perf_counter(), info["generation"]))

            gc.callbacks.append(gc_watch)
            start_of_keys = time.perf_counter()
            for index in range(keys):
                count = view.note_count
                if len(editor.value) >= rng.randint(*note_length):
                    key, char, expected = "enter", "\r", ""

                    # The emptied editor and the new note may reach the screen in two frames: each
                    # part counts once it was painted, in the same frame or an earlier one. The
                    # note counts once the view, scrolled to its end, drew it (not a frame that
                    # drew the view before it scrolled to the new note).
                    seen = {"editor": False, "view": False}

                    def shown(scr, update, expected=expected, count=count, seen=seen) -> bool:
                        dirty = scr._dirty_widgets
                        full = isinstance(update, LayoutUpdate) or scr in dirty
                        seen["editor"] |= editor.value == expected and (full or editor in dirty)
                        at_end = view.scroll_offset.y >= view.max_scroll_y
                        seen["view"] |= view.note_count == count + 1 and at_end and (full or view in dirty)
                        return seen["editor"] and seen["view"]
                else:
                    char, position = text[position % len(text)], position + 1
                    key, expected = _key_of(char), editor.value + char

                    def shown(scr, update, expected=expected) -> bool:
                        dirty = scr._dirty_widgets
                        return editor.value == expected and (editor in dirty or scr in dirty or isinstance(update, LayoutUpdate))

                timed = await _press(app, key, char, shown)
                if timed is None:
                    result["failures"].append(f"key {index} ({key!r}) not on screen within 2 s")
                    continue
                (enters if key == "enter" else chars).append(timed[1] - timed[0])
                if key != "enter":
                    chars_cpu.append(CPU_S[-1])
                windows.append((key, *timed))
                await asyncio.sleep(rng.uniform(*gap))
            gc.callbacks.remove(gc_watch)
            await asyncio.to_thread(session.writer.flush, 10.0)
            # The oldest generation collected while each key was on its way to the screen (-1: none).
            result["key_log"] = [
                (key, painted - pressed, max((g for start, end, g in collections if start < painted and end > pressed), default=-1))
                for key, pressed, painted in windows
            ]
            result.update(
                chars_s=chars,
                chars_cpu_s=chars_cpu,
                enters_s=enters,
                fsync_s=draft_fsync_latencies(session.writer.draft_calls, session.writer.fsyncs, since=start_of_keys),
                frames=app.bench_frames,
                view_notes_after=view.note_count,
            )
    finally:
        journal_module.JournalWriter = original_writer
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def bare_input_latency(keys: int, notes: int = 5000, seed: int = 7, gap: tuple[float, float] = (0.03, 0.09)) -> dict:
    """The same characters typed into a bare Textual Input, alone in an app: Textual's own floor."""
    return asyncio.run(_bare_input_latency(keys, notes, seed, gap))


async def _bare_input_latency(keys: int, notes: int, seed: int, gap: tuple[float, float]) -> dict:
    from textual._compositor import LayoutUpdate
    from textual.app import App
    from textual.widgets import Input

    class BareInput(App):
        def compose(self):
            yield Input()

    rng = random.Random(seed)
    app = watch_frames(BareInput())
    text, chars, chars_cpu, failures = typed_text(notes), [], [], []
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        editor = app.query_one(Input)
        editor.focus()
        await pilot.pause(0.3)
        for index in range(keys):
            char = text[index % len(text)]
            if len(editor.value) > 60:
                editor.value = ""  # the notes editor empties on Enter: keep the field as short
                await pilot.pause(0.05)
            expected = editor.value + char

            def shown(scr, update, expected=expected) -> bool:
                dirty = scr._dirty_widgets
                return editor.value == expected and (editor in dirty or scr in dirty or isinstance(update, LayoutUpdate))

            timed = await _press(app, _key_of(char), char, shown)
            if timed is None:
                failures.append(f"bare input: key {index} not on screen within 2 s")
                continue
            chars.append(timed[1] - timed[0])
            chars_cpu.append(CPU_S[-1])
            await asyncio.sleep(rng.uniform(*gap))
    return {"chars_s": chars, "chars_cpu_s": chars_cpu, "failures": failures}


def rows(raw: dict) -> list[Row]:
    key, bare = raw.get("keys", {}), raw.get("bare", {})
    out: list[Row] = []
    if key.get("chars_s"):
        every = key["chars_s"] + key["enters_s"]
        out.append(timing_row(f"key to screen, {key['notes']:,} notes", every, GOAL_P99_MS))
        out.append(timing_row("  characters alone", key["chars_s"]))
        out.append(timing_row("  Enter alone (the note committed)", key["enters_s"]))
        full_gc = [latency * 1000 for _key, latency, generation in key.get("key_log", []) if generation == 2]
        out.append(
            Row(figure="  keys with a full GC in flight", measured=f"{len(full_gc)} (max {max(full_gc):.1f} ms)" if full_gc else "0")
        )
        if bare.get("chars_s"):
            ratio = median(key["chars_s"]) / median(bare["chars_s"])
            out.append(
                Row(
                    figure="key to screen, characters p50 / a bare Textual Input's",
                    goal=f"<= {GOAL_BARE_RATIO:g}x",
                    measured=f"{ratio:.2f}x",
                    goal_value=GOAL_BARE_RATIO,
                    value=ratio,
                )
            )
            out.append(timing_row("  bare Textual Input, characters", bare["chars_s"]))
            if key.get("chars_cpu_s") and bare.get("chars_cpu_s"):
                cpu = median(key["chars_cpu_s"]) / median(bare["chars_cpu_s"])
                out.append(timing_row("  characters, the event loop's CPU time key to screen", key["chars_cpu_s"]))
                out.append(timing_row("  the same, bare Textual Input", bare["chars_cpu_s"]))
                out.append(Row(figure="  CPU time p50 / the bare Input's (moves little with load)", measured=f"{cpu:.2f}x", value=cpu))
        out[0].notes.append(
            f"key to screen: {len(every)} keys ({len(key['chars_s'])} characters, {len(key['enters_s'])} Enter) typed into the "
            f"notes editor of a live call already holding {key['notes']:,} notes, 30-90 ms apart, in the real app run headless at "
            f"{COLS}x{ROWS}; from posting the key event as the terminal driver does to the end of the first frame showing it, that "
            "frame rendered to terminal bytes (only the write to a terminal skipped). The bare Input: the same characters typed the "
            f"same way into a Textual Input alone in an app, in the same run. Loading {key['notes']:,} notes into the view took "
            f"{key.get('set_notes_s', float('nan')) * 1000:.0f} ms."
        )
    if key.get("fsync_s"):
        out.append(timing_row("key to journal fsync", key["fsync_s"], GOAL_FSYNC_P99_MS))
        out[-1].notes.append(
            "key to journal fsync: same run as key to screen; from the draft handed to JournalWriter.set_draft (inside the key's "
            "handling) to the fsync of the batch holding it or a newer draft that replaced it (the writer coalesces drafts for "
            "50 ms by design)."
        )
    return out


PHASES = {
    "keys": lambda params: key_latency(params["notes"], params["keys"]),
    "bare": lambda params: bare_input_latency(params["keys"], params["notes"]),
}


def measure(params: dict) -> dict:
    """Each in a fresh interpreter, so neither inherits the other's heap and GC state."""
    from benchlib.child import run_in_child

    return {name: run_in_child("bench_keys.py", name, params) for name in ("keys", "bare")}


def main() -> int:
    from benchlib.child import phase_main

    if phase_main(PHASES):
        return 0
    raw = measure(QUICK if "--quick" in sys.argv else FULL)
    print(render(rows(raw), "callcoach bench: keys", machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
