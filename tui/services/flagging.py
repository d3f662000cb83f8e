"""Flagging a call: the playbook it ran on, the coach's phrase rules and the calling hours (read
through tui.config.data_files), judged by the domain's review rules into its flags, the state of
its promises and its row in the history browser. Shared by the review service, export, the team
view and the sync, so they all show the same flags.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from tui.config.data_files import load_playbook, phrase_rules, shipped_calling_hours
from tui.domain.call.schema import call_damage
from tui.domain.call.state import derive
from tui.domain.callback.commitments import STATUS_LABELS, build_queue
from tui.domain.coaching import LANGUAGES
from tui.domain.coaching.phrases import PhraseRules, PhraseRulesError, cues_in
from tui.domain.coaching.playbook import Playbook, PlaybookError
from tui.domain.review.flags import Flag, caller_cues, review_flags
from tui.domain.review.history_rows import damaged_row, index_row
from tui.support.i18n import language
from tui.support.locations import available_playbooks

DEFAULT_PLAYBOOK = "last"


def playbook_for(key: str) -> Playbook:
    """The playbook a call ran on, its step titles in the reader's language (the UI language); the
    default one when that file is not installed here."""
    return _playbook_in(key, language())


@lru_cache(maxsize=16)
def _playbook_in(key: str, lang: str) -> Playbook:
    if key in available_playbooks():
        try:
            return load_playbook(key, lang)
        except PlaybookError:
            pass
    return load_playbook(DEFAULT_PLAYBOOK, lang)


@lru_cache(maxsize=1)
def every_phrase_rules() -> tuple[PhraseRules, ...]:
    """The coach's phrase rules of every language, for the review to read a call with as the coach
    did; a file that cannot be read is left out (the review then reads less, it does not fail)."""
    found = []
    for lang in LANGUAGES:
        try:
            found.append(phrase_rules(lang))
        except PhraseRulesError:
            continue
    return tuple(found)


def e1_cues(text: str) -> list[str]:
    """The E1 cues in a caller note, by the phrase rules of every language (the review's reading)."""
    quotes = [cue.quote for rules in every_phrase_rules() for cue in cues_in(text, rules) if cue.rule == "E1"]
    return list(dict.fromkeys(quotes)) if every_phrase_rules() else caller_cues(text)


def flags_for(record: dict, now: datetime | None = None, actions: list[dict] | None = None, *, checked: bool = False) -> list[Flag]:
    """The call's flags as a supervisor sees them at `now`. `checked`: the caller has found the
    record whole with call_damage already (checking a long call again takes a while)."""
    if not checked and call_damage(record) is not None:
        return []  # nothing to judge in a call that cannot be read; it shows as damaged
    return review_flags(
        record,
        playbook_for(record.get("playbook") or DEFAULT_PLAYBOOK),
        calling=shipped_calling_hours(),
        actions=actions or [],
        now=now or datetime.now(UTC),
        phrases=every_phrase_rules(),
    )


def promise_states(record: dict, now: datetime, actions: list[dict]) -> dict[str, str]:
    """Each promise's state now by invite UID, as the queue labels it (English; translated where drawn)."""
    return {entry.uid: STATUS_LABELS[entry.status] for entry in build_queue([record], actions, now)}


def caller_type_label(key: str) -> str:
    """A caller type (F6) named in the reader's language, as the desk's phrase rules name it."""
    try:
        types = phrase_rules(language()).caller_types
    except PhraseRulesError:
        return key
    return types[key].label if key in types else key


def history_row(record: dict, checked: bool = False) -> dict:
    """The history browser's row for a call (flags that do not depend on when it is viewed);
    `checked`: the record has just passed the schema (an import), so it is not checked again."""
    problem = None if checked else call_damage(record)
    if problem is not None:
        return damaged_row(record, problem)
    state = derive(record.get("events", ()))  # once: the flags and the row both read it
    flags = review_flags(
        record,
        playbook_for(record.get("playbook") or DEFAULT_PLAYBOOK),
        calling=shipped_calling_hours(),
        now=None,
        phrases=every_phrase_rules(),
        state=state,
    )
    return index_row(record, flags, state)
