"""Wiring for reviews: the playbook a call ran on, the calling-hours table, the callback queue's
actions, and the flags and callback state of a call now. Shared by export, the history browser,
replay and the team view, so they all show the same flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from tui.config.data_files import load_playbook, phrase_rules, shipped_calling_hours
from tui.config.settings import Config
from tui.domain.call.clock import Clock
from tui.domain.call.replay import ReplayModel
from tui.domain.call.schema import call_damage
from tui.domain.coaching.phrases import LANGUAGES, PhraseRules, PhraseRulesError, cues_in
from tui.domain.coaching.playbook import Playbook, PlaybookError
from tui.domain.review.comments import new_comment
from tui.domain.review.flags import Flag, caller_cues, review_flags
from tui.store.call_index import CallIndex
from tui.store.history import History
from tui.store.reviews import ReviewStore
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


def queue_actions(data_dir: Path) -> list[dict]:
    """The callback queue's actions (kept, rescheduled, cancelled), when a store of them exists.

    Issue 3 owns that store; without it every commitment is judged on its window alone.
    """
    try:
        from tui.store.callback_actions import read_actions
    except ImportError:
        return []
    try:
        return list(read_actions(data_dir))
    except (OSError, ValueError):
        return []


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


def flags_for(record: dict, now: datetime | None = None, actions: list[dict] | None = None) -> list[Flag]:
    if call_damage(record) is not None:
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
    from tui.domain.callback.commitments import STATUS_LABELS, build_queue

    return {entry.uid: STATUS_LABELS[entry.status] for entry in build_queue([record], actions, now)}


def caller_type_label(key: str) -> str:
    """A caller type (F6) named in the reader's language, as the desk's phrase rules name it."""
    try:
        types = phrase_rules(language()).caller_types
    except PhraseRulesError:
        return key
    return types[key].label if key in types else key


def history_row(record: dict) -> dict:
    """The history browser's row for a call (flags that do not depend on when it is viewed)."""
    from tui.domain.review.history_rows import damaged_row, index_row

    problem = call_damage(record)
    if problem is not None:
        return damaged_row(record, problem)
    flags = review_flags(
        record,
        playbook_for(record.get("playbook") or DEFAULT_PLAYBOOK),
        calling=shipped_calling_hours(),
        now=None,
        phrases=every_phrase_rules(),
    )
    return index_row(record, flags)


class CallNotFound(LookupError):
    pass


class CallDamaged(CallNotFound):
    """The call is on file but cannot be read as a call: args are (call id, why)."""

    @property
    def problem(self) -> str:
        return self.args[1]


@dataclass
class LoadedCall:
    record: dict
    flags: list[Flag]
    comments: list[dict]
    model: ReplayModel  # built here, off the event loop: folding 5,000 events takes a while
    promises: dict[str, str] = field(default_factory=dict)  # invite UID -> its state now (promise_states)


@dataclass
class ReviewService:
    """What the supervisor's screens may call: read-only history, comments, the month index, the clock."""

    data_dir: Path
    zone: str  # the viewer's time zone
    author: str  # the supervisor, for comments
    clock: Clock
    config: Config | None = None  # with a team database: comments go to the sync outbox too
    history: History = field(init=False)
    reviews: ReviewStore = field(init=False)

    def __post_init__(self) -> None:
        self.history = History(self.data_dir, read_only=True)
        self.reviews = ReviewStore(self.data_dir)

    def now(self) -> datetime:
        return self.clock.now_utc()

    def latest_id(self) -> str | None:
        return next((call["id"] for call in self.history.calls()), None)

    def load_call(self, call_id: str) -> LoadedCall:
        record = self.history.get(call_id)
        if record is None:
            raise CallNotFound(call_id)
        problem = call_damage(record)
        if problem is not None:
            raise CallDamaged(call_id, problem)
        actions = queue_actions(self.data_dir)
        flags = flags_for(record, self.now(), actions)
        promises = promise_states(record, self.now(), actions)
        return LoadedCall(record, flags, self.reviews.for_call(call_id), ReplayModel(record["events"]), promises)

    def queue_actions(self) -> list[dict]:
        """The callback actions the history's Callback column and the team view judge by."""
        return queue_actions(self.data_dir)

    def call_index(self) -> CallIndex:
        """The derived month index the history browser and team view read."""
        return CallIndex(self.data_dir, history_row)

    def add_comment(self, call_id: str, t: float, text: str) -> dict:
        comment = new_comment(call_id, self.author, t, text, self.now())
        if self.config is None or self.config.team_database is None:
            self.reviews.add([comment])
            return comment
        from tui.services.sync import add_comment

        record = self.history.get(call_id)
        add_comment(self.config, self.data_dir, comment, agent=(record or {}).get("agent", ""))
        return comment
