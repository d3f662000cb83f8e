"""Where to break a line of mixed Latin, Hangul and Chinese text to fit a width in terminal cells.

Terminal wrapping breaks only at spaces, so a Chinese sentence (no spaces) is one long "word":
it is pushed whole to the next line, leaving a bullet or a rule id alone above it. Chinese and
Japanese text may break between any two characters, except before closing punctuation (，。」)
and after opening punctuation (「（). Korean puts spaces between words and breaks at those.
"""

from __future__ import annotations

import re
import unicodedata

_NO_LINE_START = set("，。、；：！？）」』”’》〉】,.;:!?)]}…—・")
_NO_LINE_END = set("（「『“‘《〈【([{")


def cell_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or ch in "\u200b\u200d":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _breaks_anywhere(ch: str) -> bool:
    """Han ideographs, kana and full-width symbols: a line may break before or after them."""
    return _char_width(ch) == 2 and not unicodedata.name(ch, "").startswith("HANGUL")


_ASCII_PIECE = re.compile(r"\S+|\s+")


def _units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each piece that must stay on one line; spaces are their own pieces."""
    if text.isascii():  # the common case, and the one a resume with thousands of notes pays for
        return [match.span() for match in _ASCII_PIECE.finditer(text)]
    units: list[tuple[int, int]] = []
    glue_next = False  # an opening bracket stays with what follows it
    for index, ch in enumerate(text):
        if ch.isspace():
            if units and text[units[-1][0]].isspace():
                units[-1] = (units[-1][0], index + 1)
            else:
                units.append((index, index + 1))
            glue_next = False
            continue
        joins = (
            bool(units)
            and not text[units[-1][0]].isspace()
            and (glue_next or ch in _NO_LINE_START or not (_breaks_anywhere(ch) or _breaks_anywhere(text[index - 1])))
        )
        if joins:
            units[-1] = (units[-1][0], index + 1)
        else:
            units.append((index, index + 1))
        glue_next = ch in _NO_LINE_END
    return units


def line_starts(text: str, width: int) -> list[int]:
    """Offsets in `text` where a new line begins so that no line is wider than `width` cells.

    Spaces at a break stay at the end of the line before it (the caller strips them). A piece
    wider than the whole width is cut between characters.
    """
    starts: list[int] = []
    used = 0
    for start, end in _units(text):
        piece = text[start:end]
        piece_width = cell_width(piece)
        if piece.isspace():
            used += piece_width
            continue
        if used + piece_width <= width:
            used += piece_width
            continue
        if used and _has_text_before(text, start, starts):
            starts.append(start)
            used = 0
        if piece_width <= width:
            used = piece_width
            continue
        for offset, ch in enumerate(piece):  # wider than a whole line: cut it
            w = _char_width(ch)
            if used + w > width and used:
                starts.append(start + offset)
                used = 0
            used += w
    return starts


def _has_text_before(text: str, start: int, starts: list[int]) -> bool:
    line_start = starts[-1] if starts else 0
    return bool(text[line_start:start].strip())
