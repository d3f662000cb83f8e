"""Issue 7, row 12: "Resize storms down to 1x1: no crash, nothing lost."

The window of the real desk's terminal is resized hundreds of times in quick succession (the
kernel sends SIGWINCH for each), down to 1x1 and back, with keys typed in between; then back at
120x40 the desk must still be running, take keys, and have journaled every note, the one typed
mid-storm included.
"""

from __future__ import annotations

import random
import re
import time

from benchlib.world import CALLER, journal_notes, notes_of

from .desk_steps import file_the_call, quit_idle

TINY = [(1, 1), (1, 2), (2, 1), (1, 40), (120, 1), (3, 3), (10, 2), (20, 5)]


def rows_drawn(output: str) -> set[int]:
    """The screen rows the program moved the cursor to (ESC[row;colH) in `output`."""
    return {int(row) for row in re.findall(r"\x1b\[(\d+);\d+H", output)}


def resize_and_wait_for_redraw(desk, cols: int, rows: int) -> None:
    """Resize, then wait until the program draws its last row there and, lately, nothing below it."""
    before = len(desk.raw)
    desk.resize(cols, rows)

    def redrawn() -> bool:
        since = desk.raw[before:]
        return rows in rows_drawn(since) and max(rows_drawn(since[-3000:])) <= rows

    desk.wait_until(redrawn, what=f"a redraw at {cols}x{rows}")


def storm(desk, rng: random.Random, resizes: int, keys: str = "") -> None:
    """`resizes` sizes, tiny ones often; one key of `keys` between some of them."""
    pending = list(keys)
    for number in range(resizes):
        size = rng.choice(TINY) if number % 3 == 0 else (rng.randint(1, 200), rng.randint(1, 60))
        desk.resize(*size)
        if pending and number % 7 == 0:
            desk.write(pending.pop(0))
        time.sleep(rng.uniform(0, 0.004))
    for key in pending:
        desk.write(key)


def test_a_resize_storm_down_to_1x1_crashes_nothing_and_loses_nothing(terminal):
    rng = random.Random(12)
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.type("before the storm", delay=0.01)
    desk.press("enter")
    desk.wait_until(lambda: journal_notes(journal) == ["before the storm"], what="the first note on disk")
    resize_and_wait_for_redraw(desk, 60, 12)  # the program does hear SIGWINCH

    storm(desk, rng, 400, keys="typed mid-storm\r")
    desk.resize(1, 1)
    time.sleep(0.3)  # the desk lays itself out in a 1x1 window
    desk.press("f2")  # keys still work at 1x1
    desk.type("at one by one", delay=0.01)
    desk.press("enter")
    storm(desk, rng, 200)
    resize_and_wait_for_redraw(desk, 120, 40)

    desk.type("after the storm", delay=0.01)
    desk.press("enter")
    every_note = ["before the storm", "typed mid-storm", "at one by one", "after the storm"]
    desk.wait_until(lambda: journal_notes(journal) == every_note, what="every note on disk, in order")
    desk.wait_for("after the storm")  # drawn at full size again
    assert desk.poll() is None
    file_the_call(desk, terminal)
    quit_idle(desk)
    [call] = terminal.export()["calls"]
    assert [note["text"] for note in notes_of(call)] == every_note
    assert [event["step"] for event in call["events"] if event["type"] == "step"] == ["listen", "apologize"]
