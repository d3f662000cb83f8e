"""State derived from a call's event log: a fold, so replay at time t and live updates share it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import tui.domain.call.events as ev


@dataclass
class Note:
    number: int  # position among the call's notes, stable for edits
    t: float  # call time its typing began
    text: str  # current text (after edits)
    original: str  # text as first committed
    edited: bool = False
    masked: bool = False  # a card number or security code was cut from it as committed (the event says so)


@dataclass
class StepVisit:
    key: str
    entered: float
    left: float | None = None


@dataclass
class CallState:
    call_id: str = ""
    agent: str = ""
    caller: str | None = None  # E.164 when the number parsed
    caller_input: str = ""  # the number as typed
    playbook: str = ""
    started_at: str = ""  # ISO 8601 with offset
    visits: list[StepVisit] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    holds: list[tuple[float, float | None]] = field(default_factory=list)  # (start, end or None while on hold)
    tags: list[dict] = field(default_factory=list)
    offers: list[dict] = field(default_factory=list)
    callbacks: list[dict] = field(default_factory=list)
    ended_at: float | None = None  # the hang-up: the talk clock stops here
    ended_by: str | None = None  # "caller", "agent", or None when the phone did not say
    filed_at: float | None = None  # the wrap-up accepted; None while after-call work goes on
    outcome: str | None = None
    category: str | None = None
    last_t: float = 0.0
    _acw_recorded: bool = field(default=False, repr=False)  # a `filed` event of its own, not an old `ended`
    _notes_by_number: dict[int, Note] = field(default_factory=dict, repr=False)

    # -- folding -----------------------------------------------------------------------------

    def apply(self, event: dict) -> None:
        kind, t = event["type"], float(event["t"])
        self.last_t = max(self.last_t, t)
        if kind == ev.STARTED:
            self.call_id = event.get("call_id", "")
            self.agent = event.get("agent", "")
            self.caller = event.get("caller")
            self.caller_input = event.get("caller_input", "")
            self.playbook = event.get("playbook", "")
            self.started_at = event.get("started_at", "")
        elif kind == ev.STEP:
            if self.visits and self.visits[-1].left is None:
                self.visits[-1].left = t
            self.visits.append(StepVisit(event["step"], t))
        elif kind == ev.NOTE:
            text = event["text"]
            note = Note(int(event.get("n", len(self.notes))), t, text, text, masked=bool(event.get("masked")))
            self.notes.append(note)
            self._notes_by_number[note.number] = note
        elif kind == ev.NOTE_EDIT:
            edited = self._notes_by_number.get(int(event["note"]))
            if edited is not None:
                edited.text = event["text"]
                edited.edited = True
        elif kind == ev.HOLD:
            if not self.on_hold:
                self.holds.append((t, None))
        elif kind == ev.RESUME:
            if self.on_hold:
                self.holds[-1] = (self.holds[-1][0], t)
        elif kind == ev.TAG:
            self.tags.append(event)
        elif kind == ev.OFFER:
            self.offers.append(event)
        elif kind == ev.CALLBACK:
            self.callbacks.append(event)
        elif kind == ev.ENDED:
            self._hang_up(t, event.get("by"))
            if "outcome" in event:  # a log written before `filed` existed: hung up and filed at once
                self._file(t, event)
        elif kind == ev.FILED:
            self._acw_recorded = self.filed_at is None and self.ended_at is not None
            self._hang_up(t, None)
            self._file(t, event)

    def _hang_up(self, t: float, by: str | None) -> None:
        if self.ended_at is not None:
            return
        if self.visits and self.visits[-1].left is None:
            self.visits[-1].left = t
        if self.on_hold:
            self.holds[-1] = (self.holds[-1][0], t)
        self.ended_at = t
        self.ended_by = by

    def _file(self, t: float, event: dict) -> None:
        if self.filed_at is None:
            self.filed_at = t
            self.outcome = event.get("outcome")
            self.category = event.get("category")

    # -- questions the screen asks -------------------------------------------------------------

    @property
    def talking(self) -> bool:
        """Until the hang-up; after it the call is in wrap-up (after-call work) until filed."""
        return self.ended_at is None

    @property
    def filed(self) -> bool:
        return self.filed_at is not None

    def after_call_work(self, now: float | None = None) -> float | None:
        """Seconds from the hang-up to the filed wrap-up (to `now` while it goes on); None for a
        call still talking, or filed by a version that did not record the wrap-up."""
        if self.ended_at is None:
            return None
        if self.filed_at is not None:
            return self.filed_at - self.ended_at if self._acw_recorded else None
        return max(0.0, (now if now is not None else self.last_t) - self.ended_at)

    def recorded_wrap_up(self) -> tuple[float, float] | None:
        """(hang-up, filing) on the call clock for a filed call whose after-call work was recorded
        and lasted; None otherwise (talking, in after-call work, or filed by an older version)."""
        if self.ended_at is None or self.filed_at is None or not self._acw_recorded:
            return None
        return (self.ended_at, self.filed_at) if self.filed_at > self.ended_at else None

    @property
    def on_hold(self) -> bool:
        return bool(self.holds) and self.holds[-1][1] is None

    @property
    def current_step(self) -> str | None:
        if self.ended_at is not None or not self.visits:
            return None
        return self.visits[-1].key

    def _clip(self, now: float) -> float:
        return now if self.ended_at is None else min(now, self.ended_at)

    def call_elapsed(self, now: float) -> float:
        return self._clip(now)

    def step_elapsed(self, now: float) -> float:
        """Time in the current visit of the current step."""
        if not self.visits or self.ended_at is not None:
            return 0.0
        return max(0.0, now - self.visits[-1].entered)

    def time_in_step(self, key: str, now: float) -> float:
        """Total time across every visit to a step (F3 can send the agent back)."""
        now = self._clip(now)
        total = 0.0
        for visit in self.visits:
            if visit.key == key:
                end = visit.left if visit.left is not None else now
                total += max(0.0, end - visit.entered)
        return total

    def hold_total(self, now: float) -> float:
        now = self._clip(now)
        return sum((end if end is not None else now) - start for start, end in self.holds)

    def current_hold(self, now: float) -> float:
        return now - self.holds[-1][0] if self.on_hold else 0.0

    def visited(self, key: str) -> bool:
        return any(visit.key == key for visit in self.visits)

    def step_order(self) -> list[str]:
        """Steps in the order first entered."""
        order: list[str] = []
        for visit in self.visits:
            if visit.key not in order:
                order.append(visit.key)
        return order


def derive(log: Iterable[dict], until: float | None = None) -> CallState:
    """The state of a call after every event at or before `until` (all events when None)."""
    state = CallState()
    for event in log:
        if until is None or float(event["t"]) <= until or event["type"] == ev.STARTED:
            state.apply(event)
    return state
