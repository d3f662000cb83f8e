"""An attacker's view of the masking, written apart from tui.domain.text.redact: where in a text,
a file or a folder does a card number still stand? Tests of every entry point ask this."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from hypothesis import strategies as st

# Digit groups joined by spaces and line breaks with at most one other sign among them.
_GROUP = re.compile(r"\d+")
_GAP = re.compile(r"\s*(?:[^\w\s]|_)?\s*")


def luhn(digits: str) -> bool:
    """The Luhn check, written as the standard states it: double every second digit from the right."""
    doubled = "".join(str(int(d) * (2 if i % 2 else 1)) for i, d in enumerate(reversed(digits)))
    return sum(int(d) for d in doubled) % 10 == 0


def luhn_complete(prefix: str) -> str:
    """`prefix` with the check digit that makes it Luhn-valid."""
    return next(prefix + d for d in "0123456789" if luhn(prefix + d))


def surviving_cards(text: str) -> list[str]:
    """Luhn-valid stretches of 13-19 digits that begin and end at a group boundary of a run."""
    found = []
    runs: list[list[str]] = []
    last_end = None
    for match in _GROUP.finditer(text):
        digits = "".join(str(unicodedata.digit(char)) for char in match.group())
        if last_end is not None and _GAP.fullmatch(text[last_end : match.start()]):
            runs[-1].append(digits)
        else:
            runs.append([digits])
        last_end = match.end()
    for groups in runs:
        for a in range(len(groups)):
            for b in range(a + 1, len(groups) + 1):
                window = "".join(groups[a:b])
                if 13 <= len(window) <= 19 and luhn(window):
                    found.append(window)
    return found


def strings_in(value: object) -> list[str]:
    """Every string (keys too) in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *strings_in(item)]]
    return []


def texts_of_file(path: Path) -> list[str]:
    """What a file says: each string of a JSON or JSON-lines file, else its lines as text."""
    raw = path.read_bytes().decode("utf-8", "replace")
    if path.suffix in (".json", ".jsonl"):
        texts = []
        for line in raw.splitlines() if path.suffix == ".jsonl" else [raw]:
            try:
                texts += strings_in(json.loads(line))
            except ValueError:
                texts.append(line)
        return texts
    return raw.splitlines()


def cards_in_folder(root: Path, allowed: set[str] = frozenset()) -> dict[str, list[str]]:
    """{file: cards} for every file under `root` that still holds a card (not in `allowed`)."""
    leaks = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            cards = [card for text in texts_of_file(path) for card in surviving_cards(text) if card not in allowed]
            if cards:
                leaks[str(path.relative_to(root))] = cards
    return leaks


# -- Hypothesis: cards as people type them ------------------------------------------------------------


def separators(*, controls: bool = True) -> st.SearchStrategy[str]:
    """What may join two groups of a card's digits: any one sign (a control character too, unless
    told not to), a run of spaces, or a sign with spaces around it."""
    excluded = ("L", "N", "Cs") if controls else ("L", "N", "Cs", "Z", "Cc")
    sign = st.characters(exclude_categories=excluded)
    return st.one_of(
        sign,
        st.text(alphabet=" \t\n\u00a0\u3000" if controls else " \t\u00a0\u3000", min_size=1, max_size=4),
        st.tuples(
            st.sampled_from(["", " ", "  "]), st.characters(exclude_categories=("L", "N", "Cs", "Z", "Cc")), st.sampled_from(["", " "])
        ).map("".join),
    )


@st.composite
def cards(draw) -> str:
    """The digits of a Luhn-valid card of 13-19 digits."""
    length = draw(st.integers(13, 19))
    return luhn_complete(draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1)))


@st.composite
def grouped(draw, card: str, joins: st.SearchStrategy[str] | None = None) -> str:
    """The card cut into groups of 1-8 digits, each joined by its own separator."""
    joins = separators() if joins is None else joins
    out, rest = [], card
    while rest:
        size = draw(st.integers(1, 8))
        out.append(rest[:size])
        rest = rest[size:]
        if rest:
            out.append(draw(joins))
    return "".join(out)
