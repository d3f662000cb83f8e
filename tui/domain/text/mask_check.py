"""Whether masking would change anything in a whole JSON value (a call): one look at all its
strings together, instead of masking each of a call's ~150 texts (tui.domain.text.redact).

A card's shape and a code's digits are looked for in the strings joined by a letter and a line
break, which end a run of digits but no match inside one string. ASCII text (ids, times, numbers,
most notes) is looked at through a table that maps each character to its class (a digit, a letter,
a sign): with the signs between digits deleted, a card's shape is 13 digits in a row, found by a
substring search; a code's three digits by a search with a literal first character. Both say
exactly what the patterns of tui.domain.text.redact say over that text, at a fraction of the cost;
any other text is read by those patterns. The code's phrase pattern, slow over each character,
runs only on a text holding a code's digits and the letters a phrase needs.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate, repeat
from operator import add

from tui.domain.text.redact import _CARD_SHAPE, _CODE_DIGITS, _code_reading

_JOIN = "a\n"
_ASCII_DIGITS = string.digits.encode()
_ASCII_LETTERS = string.ascii_letters.encode()
# A card: digits, with any signs between them ([\W_]: not a letter or a digit, so "_" too) deleted.
_CARD_CLASSES = bytes.maketrans(_ASCII_DIGITS + _ASCII_LETTERS, b"0" * 10 + b"a" * 52)
_CARD_SIGNS = bytes(code for code in range(128) if not chr(code).isalnum())
_CARD_RUN = b"0" * 13
# A code's digits: \d(?:[^\w\n]?\d){2}, where a sign is any character but a word's ("_" is one) or "\n".
_CODE_SIGNS = bytes(code for code in range(128) if not (chr(code).isalnum() or chr(code) in "_\n"))
_CODE_CLASSES = bytes.maketrans(_ASCII_DIGITS + _ASCII_LETTERS + b"_" + _CODE_SIGNS, b"0" * 10 + b"a" * 53 + b" " * len(_CODE_SIGNS))
_ASCII_CODE_DIGITS = re.compile(rb"0 ?0 ?0")


def nothing_to_mask(value: object) -> bool:
    """True when masking changes no string in a JSON value (keys too): no string holds a card's
    shape and none holding a code's digits holds a code."""
    texts: list[str] = []
    _strings(value, texts)
    joined = _JOIN.join(texts)
    if joined.isascii():
        plain, other, plain_joined, other_joined = texts, [], joined.encode(), ""
    else:
        plain, other = [text for text in texts if text.isascii()], [text for text in texts if not text.isascii()]
        plain_joined, other_joined = _JOIN.join(plain).encode(), _JOIN.join(other)
    if _CARD_RUN in plain_joined.translate(_CARD_CLASSES, _CARD_SIGNS) or (other and _CARD_SHAPE.search(other_joined)):
        return False
    pattern = _code_reading().pattern
    if pattern is None:
        return True
    classes = plain_joined.translate(_CODE_CLASSES)
    starts = [match.start() for match in _ASCII_CODE_DIGITS.finditer(classes)]
    starts_other = [match.start() for match in _CODE_DIGITS.finditer(other_joined)] if other else []
    candidates = _holding(plain, starts) + _holding(other, starts_other)  # each holds a code's digits
    parts = _code_reading().parts
    return not any(pattern.search(text) for text in candidates if parts is None or parts.search(text))


def _holding(texts: list[str], starts: list[int]) -> list[str]:
    """The texts in which these positions of their joined text fall (a code's digits never cross
    the join), each once."""
    if not starts:
        return []
    ends = list(accumulate(map(add, map(len, texts), repeat(len(_JOIN)))))  # where each text's join ends
    return [texts[index] for index in dict.fromkeys(bisect_right(ends, start) for start in starts)]


def _strings(value: object, into: list[str]) -> None:
    """Every string in a JSON value, keys too, in no particular order (a loop, not a call per value)."""
    nested = [value]
    while nested:
        current = nested.pop()
        if isinstance(current, str):
            into.append(current)
            continue
        items: Iterable[object]
        if isinstance(current, dict):
            into.extend(key for key in current if isinstance(key, str))
            items = current.values()
        elif isinstance(current, list):
            items = current
        else:
            continue
        for item in items:
            if isinstance(item, str):
                into.append(item)
            elif isinstance(item, (dict, list)):
                nested.append(item)
