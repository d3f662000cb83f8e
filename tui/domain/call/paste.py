"""Big pastes become several notes instead of one huge line (a 1 MB line freezes an editor)."""

from __future__ import annotations

NOTE_CHUNK = 2000  # characters per note made from a paste


def split_paste(before: str, pasted: str, after: str = "") -> tuple[list[str], str]:
    """Text already in the editor plus a paste -> (notes to commit now, text left in the editor).

    Every complete line is committed; an over-long line is cut into NOTE_CHUNK pieces, all kept.
    The last, unfinished line stays in the editor so the agent can keep typing it.
    """
    lines = (before + pasted).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tail = lines.pop() + after
    notes: list[str] = []
    for line in lines:
        notes.extend(_chunks(line))
    if len(tail) > NOTE_CHUNK:
        pieces = _chunks(tail)
        tail = pieces.pop()
        notes.extend(pieces)
    return [note for note in notes if note.strip()], tail


def _chunks(line: str) -> list[str]:
    """`line` in pieces of at most NOTE_CHUNK characters that join back to it exactly.

    A note loses its trailing spaces when it is saved, so a cut is moved back to fall between two
    non-space characters: the spaces stay inside a piece. A piece with no such place is cut as is.
    """
    pieces: list[str] = []
    start = 0
    while len(line) - start > NOTE_CHUNK:
        cut = start + NOTE_CHUNK
        while cut > start + 1 and (line[cut - 1].isspace() or line[cut].isspace()):
            cut -= 1
        if cut == start + 1:
            cut = start + NOTE_CHUNK
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces
