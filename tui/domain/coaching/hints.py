"""What the coach pane says beyond the step: caller type, caller cues, L8, hints on the draft.

Derived from the call's tags and offers and the phrase coach; nothing here is stored. Each line
carries the rule id it comes from, so the pane can cite it. The call hands its tags and offers in as
values: the call room already depends on this one (a call follows a playbook), never the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.domain.coaching.offers import caller_type, needs_second_option
from tui.domain.coaching.phrases import Hint, PhraseCoach
from tui.domain.text.timefmt import clock_text


@dataclass(frozen=True)
class CoachLine:
    kind: str  # "draft" (the agent's line as typed), "type", "cue", "offer"
    rule: str
    text: str


def call_lines(coach: PhraseCoach, tags: list[dict], offers: list[dict]) -> list[CoachLine]:
    """Lines that hold for the rest of the call (until acted on): caller type, cues, L8."""
    rules = coach.rules
    lines: list[CoachLine] = []
    kind = caller_type(tags)
    if kind in rules.caller_types:
        entry = rules.caller_types[kind]
        lines.append(CoachLine("type", "", rules.texts["caller_type"].format(label=entry.label, hint=entry.hint)))
    open_e1 = coach.open_e1()
    if open_e1:
        cue = open_e1[-1]
        lines.append(CoachLine("cue", "E1", rules.texts["e1_open"].format(quote=cue.quote, time=clock_text(cue.t or 0.0))))
    for cue in coach.latest_cues():
        if cue.rule != "E1":
            lines.append(CoachLine("cue", cue.rule, cue.suggests))
    if needs_second_option(offers):
        lines.append(CoachLine("offer", "L8", rules.texts["l8_second_option"]))
    return lines


def draft_lines(hints: list[Hint]) -> list[CoachLine]:
    return [CoachLine("draft", hint.rule, hint.text) for hint in hints]
