"""The review's reading of what was said: the live coach's phrase rules (tui.domain.coaching.phrases)
run over a filed call's notes, so the review flags what the coach warned about.

Agent lines (`> ...`) are checked in call-clock order with what was said before them, exactly as
the coach checks a line being typed: L2 ("I understand your frustration", "but"), L3 (a template
apology), L4 (outside blame before owning the mistake), L5 (qualifiers), L6 (a second apology).
Caller lines are read for E1 cues; a cue no agent apology line answered at or after it is a flag.
The call is checked against the rules of every language given: an agent on an English desk may
still type a Korean line, and patterns of one language do not match another's text.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tui.domain.call.state import Note
from tui.domain.coaching.phrases import PhraseRules, agent_words, check_agent_line, first_cue
from tui.domain.review.flag import Flag
from tui.support.i18n import N_, _, language

# The small built-in readings, for a review given no phrase rules (a data file that cannot be read).
_APOLOGY = re.compile(r"sorry|apolog|抱歉|对不起|對不起|道歉|죄송|사과", re.IGNORECASE)
_E1_CUES = (
    "i tried",
    "tried to",
    "can't seem to",
    "cannot seem to",
    "frustrating",
    "frustrated",
    "confusing",
    "confused",
    "can't figure",
    "cannot figure",
    "how do i",
    "doesn't work",
    "does not work",
    "试了",
    "试过",
    "搞不懂",
    "不会用",
    "怎么用",
    "找不到",
    "해봤",
    "해 봤",
    "모르겠",
    "어떻게 하",
    "안 돼",
    "안돼",
)
_E1_PATTERN = re.compile("|".join(re.escape(cue) for cue in _E1_CUES))

# What each agent-line rule means to a supervisor; {quote} is the words the rule matched.
_SAID = {
    "L2": ("dismissive_phrase", N_('Said "{quote}": heard as "but you are wrong".')),
    "L3": ("template_apology", N_('Template apology "{quote}": say sorry for what happened to them, once.')),
    "L4": ("blame_first", N_('Named "{quote}" as the cause before owning the mistake.')),
    "L5": ("qualifier", N_('Qualifier "{quote}": it makes the rest sound less true.')),
    "L6": ("repeat_apology", N_('Apologized again ("{quote}"): say what will be done instead.')),
}


def caller_cues(text: str) -> list[str]:
    """The built-in E1 cues found in one note, lower-cased: "I tried twice" -> ["i tried"]."""
    return _E1_PATTERN.findall(text.lower())


@dataclass
class PhraseReview:
    flags: list[Flag] = field(default_factory=list)
    apologies: list[float] = field(default_factory=list)  # call times of the agent's apology lines


def in_call_order(notes: Iterable[Note]) -> list[Note]:
    """Notes by the call-clock time their typing began (a back-dated note sits where it happened)."""
    return sorted(notes, key=lambda note: (note.t, note.number))


def review_phrases(notes: Iterable[Note], rules: Sequence[PhraseRules]) -> PhraseReview:
    """The phrase flags of a call's notes and when the agent apologised. Kept per call (by its
    notes' content, the rules and the reader's language): the history's read-ahead, the replay
    and the history row each review the same call, and a long call's reading takes a while."""
    ordered = tuple((note.t, note.number, note.text) for note in in_call_order(notes))
    found = _reviewed(ordered, tuple(rules), language())
    return PhraseReview(list(found.flags), list(found.apologies))


@lru_cache(maxsize=8)
def _reviewed(notes: tuple[tuple[float, int, str], ...], rules: tuple[PhraseRules, ...], _language: str) -> PhraseReview:
    review = PhraseReview()
    owned = False
    open_cues: list[tuple[float, str]] = []
    read = [(t, text, agent_words(text)) for t, _number, text in notes]
    first_e1 = _e1_reader([text for _t, text, words in read if words is None], rules)
    for t, text, words in read:
        if words is None:
            cue = first_e1(text)
            if cue:
                open_cues.append((t, cue))
            continue
        seen: set[tuple[str, str]] = set()
        for lang in rules:
            for hint in check_agent_line(words, lang, apologies_before=len(review.apologies), owned_before=owned):
                if hint.rule in _SAID and (hint.rule, hint.quote.casefold()) not in seen:
                    seen.add((hint.rule, hint.quote.casefold()))
                    kind, said = _SAID[hint.rule]
                    review.flags.append(Flag(kind, hint.rule, t, _(said).format(quote=hint.quote)))
        if any(lang.apology.search(words) for lang in rules) if rules else _APOLOGY.search(words):
            review.apologies.append(t)
            open_cues = []  # every cue so far came at or before this apology
        owned = owned or any(lang.ownership.search(words) for lang in rules)
    review.flags += [
        Flag("cue_no_apology", "E1", t, _('Caller cue "{cue}" with no apology after it.').format(cue=cue)) for t, cue in open_cues
    ]
    return review


def _e1_reader(caller_notes: list[str], rules: tuple[PhraseRules, ...]) -> Callable[[str], str | None]:
    """_first_e1 for the notes of one call, reading them only in the languages whose E1 cues could
    be there: a Chinese or Korean cue needs one of its own characters (an English call's notes hold
    none), so those patterns, slow over Latin text, are not run over it."""
    if not rules:
        return lambda text: _first_e1(text, rules)
    present = set("".join(caller_notes))
    readers = tuple(lang for lang in rules if (needed := _e1_needs(lang)) is None or not needed.isdisjoint(present))
    return (lambda text: _first_e1(text, readers)) if readers else (lambda text: None)


@lru_cache(maxsize=16)
def _e1_needs(rules: PhraseRules) -> frozenset[str] | None:
    """Characters one of which any E1 match in this language holds (each pattern's first required
    literal), or None when that cannot be told (a cased letter under ignore-case, a class)."""
    needed: set[str] = set()
    for cue in rules.cues:
        if cue.rule != "E1":
            continue
        try:
            found = _sequence_needs(list(_PARSER.parse(cue.pattern.pattern, cue.pattern.flags)), bool(cue.pattern.flags & re.IGNORECASE))
        except Exception:  # the parser is the standard library's own, unexported: when it changes, read as before
            return None
        if found is None:
            return None
        needed |= found
    return frozenset(needed)


_PARSER: Any = importlib.import_module("re._parser")


def _sequence_needs(items: list, ignore_case: bool) -> frozenset[str] | None:
    """What a run of parsed items needs: what its first item that needs anything needs."""
    for op, value in items:
        found = _item_needs(op, value, ignore_case)
        if found is not None:
            return found
    return None


def _item_needs(op: Any, value: Any, ignore_case: bool) -> frozenset[str] | None:
    if op == _PARSER.LITERAL:
        return _uncased({chr(value)}, ignore_case)
    if op == _PARSER.IN and all(kind == _PARSER.LITERAL for kind, _code in value):
        return _uncased({chr(code) for _kind, code in value}, ignore_case)
    if op == _PARSER.SUBPATTERN:
        _group, added, removed, inner = value
        return None if added or removed else _sequence_needs(list(inner), ignore_case)
    if op in (_PARSER.MAX_REPEAT, _PARSER.MIN_REPEAT, _PARSER.POSSESSIVE_REPEAT):
        least, _most, inner = value
        return _sequence_needs(list(inner), ignore_case) if least >= 1 else None
    if op == _PARSER.BRANCH:
        branches = [_sequence_needs(list(branch), ignore_case) for branch in value[1]]
        return None if any(branch is None for branch in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
    return None


def _uncased(chars: set[str], ignore_case: bool) -> frozenset[str] | None:
    """The characters, when each matches only itself (under ignore-case: a character with no case)."""
    if ignore_case and any(char.lower() != char or char.upper() != char or char.casefold() != char for char in chars):
        return None
    return frozenset(chars)


def _first_e1(text: str, rules: Sequence[PhraseRules]) -> str | None:
    if not rules:
        return next(iter(caller_cues(text)), None)
    return next((quote for lang in rules if (quote := first_cue(text, lang, "E1")) is not None), None)
