"""Phrase coaching: the agent's own words checked as typed, the caller's words read for cues.

A note that starts with `>` is the agent's own words (said, or about to be said); any other note is
the caller's words or a fact. Agent lines are checked against METHOD.md's phrase rules: qualifiers
(L5), "I understand your frustration" and "but" (L2), template apologies (L3), outside blame before
ownership (L4) and a second apology in one call (L6). Caller lines are read for the cues E1-E4.

The rules are data, one file per language (data/phrases/<lang>.toml), because Korean and Chinese
qualifiers and template apologies are not translations of the English ones; tui.config.data_files
reads a file and the rules come here as a value (`PhraseRules`). Every rule's patterns
are compiled once into a single alternation, so a check costs a few regex searches per keystroke.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.domain.coaching import LANGUAGES

AGENT_RULES = ("L2", "L3", "L5")
CUE_RULES = ("E1", "E2", "E3", "E4")
CALLER_TYPES = ("emotional", "principled", "stubborn", "prepared", "influential")
TEXT_KEYS = ("l8_second_option", "e1_open", "caller_type", "agent_line", "caller_line")

# E2: emoji are the same in every language, so they are matched here rather than in each file.
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\U0001f1e6-\U0001f1ff]|[:;]-?[)(DPp]")
_BACKDATE = re.compile(r"^-\d{1,4}[sm]\s+")


class PhraseRulesError(ValueError):
    """A phrase file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Hint:
    """What the coach says about a line the agent is typing."""

    rule: str
    text: str
    quote: str = ""


@dataclass(frozen=True)
class Cue:
    """A caller cue: which rule it is (E1-E4), the words that showed it, what it suggests."""

    rule: str
    quote: str
    suggests: str
    t: float | None = None


@dataclass(frozen=True)
class _Rule:
    rule: str
    hint: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class CallerType:
    key: str
    label: str
    signs: str
    hint: str


@dataclass(frozen=True, eq=False)  # one value per file read, compared and hashed by identity (a cache key)
class PhraseRules:
    lang: str
    agent: tuple[_Rule, ...]
    apology: re.Pattern[str]
    ownership: re.Pattern[str]
    blame: _Rule
    repeat_apology: _Rule
    cues: tuple[_Rule, ...]
    caller_types: dict[str, CallerType] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # Each cue rule's patterns in one alternation, compiled once: a note none matches (nearly
    # every note) costs one search per rule, however many entries the file gives the rule.
    any_cue: dict[str, re.Pattern[str]] = field(default_factory=dict)


# -- whose words ---------------------------------------------------------------------------------


def agent_words(text: str) -> str | None:
    """The agent's words in a note (`> ...`, possibly back-dated `-15s > ...`); None for a caller note."""
    body = _BACKDATE.sub("", text.lstrip(), count=1)
    if not body.startswith(">"):
        return None
    return body[1:].strip()


def is_agent_line(text: str) -> bool:
    return agent_words(text) is not None


# -- checking ------------------------------------------------------------------------------------


def _quote(match: re.Match[str]) -> str:
    return match.group(0).strip()


def check_agent_line(words: str, rules: PhraseRules, *, apologies_before: int = 0, owned_before: bool = False) -> list[Hint]:
    """Hints for the agent's words (without the `>`), given what was said earlier in the call."""
    hints: list[Hint] = []
    if not words:
        return hints
    for rule in rules.agent:
        match = rule.pattern.search(words)
        if match:
            hints.append(Hint(rule.rule, rule.hint.format(quote=_quote(match)), _quote(match)))
    blame = rules.blame.pattern.search(words)
    if blame and not owned_before:
        owned_here = rules.ownership.search(words, 0, blame.start())
        if owned_here is None:
            hints.append(Hint("L4", rules.blame.hint.format(quote=_quote(blame)), _quote(blame)))
    if apologies_before:
        sorry = rules.apology.search(words)
        if sorry:
            hints.append(Hint("L6", rules.repeat_apology.hint.format(quote=_quote(sorry)), _quote(sorry)))
    return hints


def cues_in(text: str, rules: PhraseRules, t: float | None = None) -> list[Cue]:
    """The caller cues in one caller note (an agent line has none)."""
    if is_agent_line(text):
        return []
    found: list[Cue] = []
    for rule in rules.cues:
        match = rule.pattern.search(text)
        if match is None and rule.rule == "E2":
            match = _EMOJI.search(text)
        if match:
            found.append(Cue(rule.rule, _quote(match), rule.hint, t))
    return found


def first_cue(text: str, rules: PhraseRules, rule_id: str) -> str | None:
    """The words of the first `rule_id` cue in a caller note, as cues_in finds it; None when none
    does. The caller must know the note is not an agent line."""
    combined = rules.any_cue.get(rule_id)
    if combined is not None and combined.search(text) is None:
        return None
    for rule in rules.cues:
        if rule.rule == rule_id:
            match = rule.pattern.search(text)
            if match:
                return _quote(match)
    return None


def apologizes(words: str, rules: PhraseRules) -> bool:
    return rules.apology.search(words) is not None


def unanswered_e1(notes: Iterable[tuple[float, str]], rules: PhraseRules) -> list[Cue]:
    """E1 cues with no agent apology (a `>` note) at or after them: each is a review flag E1."""
    open_cues: list[Cue] = []
    for t, text in notes:
        words = agent_words(text)
        if words is not None:
            if apologizes(words, rules):
                open_cues = [cue for cue in open_cues if cue.t is not None and cue.t > t]
            continue
        open_cues.extend(cue for cue in cues_in(text, rules, t) if cue.rule == "E1")
    return open_cues


class PhraseCoach:
    """What the call has said so far (apologies, ownership, cues), kept as notes are committed.

    `observe` runs once per committed note; `check` runs on every keystroke of an agent line and
    touches only the draft, so its cost does not grow with the call.
    """

    def __init__(self, rules: PhraseRules) -> None:
        self.rules = rules
        self.apologies = 0
        self.owned = False
        self.cues: list[Cue] = []
        self.last_apology_t: float | None = None

    def observe(self, text: str, t: float) -> list[Cue]:
        words = agent_words(text)
        if words is None:
            found = cues_in(text, self.rules, t)
            self.cues.extend(found)
            return found
        if apologizes(words, self.rules):
            self.apologies += 1
            self.last_apology_t = t if self.last_apology_t is None else max(t, self.last_apology_t)
        if self.rules.ownership.search(words):
            self.owned = True
        return []

    def check(self, draft: str) -> list[Hint]:
        words = agent_words(draft)
        if words is None:
            return []
        return check_agent_line(words, self.rules, apologies_before=self.apologies, owned_before=self.owned)

    def open_e1(self) -> list[Cue]:
        """E1 cues not yet answered by an apology."""
        after = self.last_apology_t
        return [cue for cue in self.cues if cue.rule == "E1" and (after is None or (cue.t or 0.0) > after)]

    def latest_cues(self) -> list[Cue]:
        """The most recent cue of each rule, in rule order."""
        latest: dict[str, Cue] = {}
        for cue in self.cues:
            latest[cue.rule] = cue
        return [latest[rule] for rule in CUE_RULES if rule in latest]


# -- parsing -------------------------------------------------------------------------------------


def parse_phrase_rules(text: str, source: str) -> PhraseRules:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PhraseRulesError(f"{source}: not valid TOML ({error})") from None

    def fail(field_name: str, expected: str) -> PhraseRulesError:
        return PhraseRulesError(f"{source}: field '{field_name}' {expected}")

    lang = raw.get("lang")
    if lang not in LANGUAGES:
        raise fail("lang", f"must be one of {', '.join(LANGUAGES)}")
    flags = re.IGNORECASE if raw.get("ignore_case", False) else 0

    def compile_patterns(name: str, table: object) -> re.Pattern[str]:
        if not isinstance(table, dict):
            raise fail(name, "must be a table")
        patterns = table.get("patterns")
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise fail(f"{name}.patterns", "must be a non-empty list of regular expressions")
        try:
            return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
        except re.error as error:
            raise fail(f"{name}.patterns", f"holds a bad regular expression ({error})") from None

    def rule(name: str, table: object, rule_id: str | None = None) -> _Rule:
        pattern = compile_patterns(name, table)
        assert isinstance(table, dict)  # compile_patterns refused anything else
        hint = table.get("hint")
        if not isinstance(hint, str) or not hint.strip():
            raise fail(f"{name}.hint", "must be a non-empty string")
        found_id = table.get("rule", rule_id)
        if not isinstance(found_id, str):
            raise fail(f"{name}.rule", "must be a METHOD.md rule id")
        return _Rule(found_id, hint, pattern)

    agent = tuple(rule(f"agent[{i}]", entry) for i, entry in enumerate(raw.get("agent") or []))
    if sorted({r.rule for r in agent}) != sorted(AGENT_RULES):
        raise fail("agent", f"must hold rules {', '.join(AGENT_RULES)} (one or more entries each)")
    cues = tuple(rule(f"cue[{i}]", entry) for i, entry in enumerate(raw.get("cue") or []))
    if sorted({c.rule for c in cues}) != sorted(CUE_RULES):
        raise fail("cue", f"must hold rules {', '.join(CUE_RULES)}")
    types_raw = raw.get("caller_types")
    if not isinstance(types_raw, dict) or sorted(types_raw) != sorted(CALLER_TYPES):
        raise fail("caller_types", f"must hold exactly {', '.join(CALLER_TYPES)}")
    caller_types = {}
    for key in CALLER_TYPES:
        entry = types_raw[key]
        for part in ("label", "signs", "hint"):
            if not isinstance(entry.get(part), str) or not entry[part].strip():
                raise fail(f"caller_types.{key}.{part}", "must be a non-empty string")
        caller_types[key] = CallerType(key, entry["label"], entry["signs"], entry["hint"])
    texts = raw.get("texts")
    if not isinstance(texts, dict) or sorted(texts) != sorted(TEXT_KEYS) or not all(isinstance(v, str) for v in texts.values()):
        raise fail("texts", f"must hold exactly the strings {', '.join(TEXT_KEYS)}")
    repeat_hint = (raw.get("repeat_apology") or {}).get("hint") if isinstance(raw.get("repeat_apology"), dict) else None
    if not isinstance(repeat_hint, str) or not repeat_hint.strip():
        raise fail("repeat_apology.hint", "must be a non-empty string")
    any_cue = {rule_id: re.compile("|".join(f"(?:{c.pattern.pattern})" for c in cues if c.rule == rule_id), flags) for rule_id in CUE_RULES}
    return PhraseRules(
        lang=lang,
        agent=agent,
        apology=compile_patterns("apology", raw.get("apology")),
        ownership=compile_patterns("ownership", raw.get("ownership")),
        blame=rule("blame", raw.get("blame"), "L4"),
        repeat_apology=_Rule("L6", repeat_hint, re.compile("")),
        cues=cues,
        caller_types=caller_types,
        texts=dict(texts),
        any_cue=any_cue,
    )
