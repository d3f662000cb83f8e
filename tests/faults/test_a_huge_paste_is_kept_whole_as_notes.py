"""Issue 7, row 9: "A 1 MB paste (one line; 10,000 lines): the desk stays responsive (cap or chunk it,
and say visibly what was kept)."

The paste goes to the real desk in a terminal as a terminal sends it (bracketed paste, ESC[200~ ...
ESC[201~). The desk cuts it into notes of at most 2,000 characters (README, "Taking a call"), keeps all
of it, says so on the status line, and still takes the next key: a note typed after the paste is
committed after the pasted ones. Nothing is timed: a desk that hung would fail the waits.
"""

from __future__ import annotations

import random
import re

import pytest

from benchlib.world import CALLER, journal_notes, notes_of
from tui.domain.call.paste import NOTE_CHUNK

from .desk_steps import file_the_call, quit_idle

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
WORDS = ["refund", "order", "address", "billing", "caller", "wants", "callback", "tomorrow", "환불", "退款", "über"]


def words(rng: random.Random, chars: int) -> str:
    text = []
    size = 0
    while size < chars:
        word = rng.choice(WORDS)
        text.append(word)
        size += len(word) + 1
    return " ".join(text)[:chars]


def assert_kept_in_order(pasted: str, notes: list[str]) -> None:
    """Every note is the next piece of the paste; only whitespace at a cut or line end is left out."""
    position = 0
    for number, note in enumerate(notes):
        assert 0 < len(note) <= NOTE_CHUNK
        found = pasted.find(note, position)
        assert found >= 0 and not pasted[position:found].strip(), f"note {number} is not the next piece of the paste"
        position = found + len(note)
    assert not pasted[position:].strip(), "the end of the paste is missing"


@pytest.mark.parametrize("shape", ["one 1 MB line", "10,000 lines"])
def test_a_huge_paste_is_kept_whole_said_and_the_desk_takes_the_next_key(terminal, shape):
    rng = random.Random(9)
    if shape == "one 1 MB line":
        pasted = words(rng, 1 << 20)
    else:
        pasted = "\n".join(words(rng, rng.randint(20, 180)) for _ in range(10_000)) + "\n"
    desk = terminal.spawn("call", "--caller", CALLER)
    journal = terminal.wait_for_call(desk)
    desk.write(PASTE_START + pasted + PASTE_END)
    desk.type(" typed after", delay=0.01)
    desk.press("enter")
    said = desk.wait_until(
        lambda: re.search(r"Paste kept in full as (\d+) note\(s\)( plus the line in the editor)?", desk.text),
        timeout=60,
        what="the status line saying what was kept",
    )

    def settled() -> list[str] | None:
        notes = journal_notes(journal)
        return notes if notes and notes[-1].endswith("typed after") else None

    notes = desk.wait_until(settled, timeout=120, what="the note typed after the paste, on disk")
    pasted_notes = len(notes) - 1  # the last note is the one typed after the paste
    assert int(said.group(1)) == pasted_notes
    assert bool(said.group(2)) == (shape == "one 1 MB line")  # a line without its newline stays in the editor
    assert pasted_notes == (10_000 if shape == "10,000 lines" else len(pasted) // NOTE_CHUNK)
    assert_kept_in_order(pasted + " typed after", notes)
    file_the_call(desk, terminal)
    quit_idle(desk)
    [call] = terminal.export()["calls"]
    assert [note["text"] for note in notes_of(call)] == notes
