"""A call in progress: turns the agent's actions into events, appends them, hands each to a sink.

The sink is the journal (tui.store); the front ends derive everything they show from `state`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import tui.domain.call.events as ev
from tui.domain.call.clock import Clock
from tui.domain.call.notes import draft_text, typed_note
from tui.domain.call.state import CallState, Note
from tui.domain.coaching.playbook import Playbook
from tui.domain.text.redact import mask_across, mask_event

EventSink = Callable[[dict], None]
LogSink = Callable[[list[dict]], None]  # the whole log again: a stored event had to be masked after all


def new_call_id(started: datetime) -> str:
    """Sortable by start time, unique across desks: 20261123T140317Z-3fa9c1."""
    # os.urandom, as secrets.token_hex does, without importing secrets and hmac at start-up
    return f"{started:%Y%m%dT%H%M%SZ}-{os.urandom(3).hex()}"


class LiveCall:
    def __init__(
        self,
        call_id: str,
        playbook: Playbook,
        clock: Clock,
        log: list[dict],
        origin: float,
        sink: EventSink,
        rewrite: LogSink | None = None,
    ) -> None:
        self.call_id = call_id
        self.playbook = playbook
        self.clock = clock
        self.log = log
        self._origin = origin  # monotonic reading at call time 0
        self._sink = sink
        self._rewrite = rewrite
        self.state = CallState()
        for event in log:
            self.state.apply(event)

    @classmethod
    def start(
        cls,
        *,
        playbook: Playbook,
        agent: str,
        caller_typed: str,
        caller_e164: str | None,
        zone: str,
        clock: Clock,
        sink: EventSink,
        linked_callback: str | None = None,
        started: datetime | None = None,
        call_id: str | None = None,
        rewrite: LogSink | None = None,
    ) -> LiveCall:
        """Begin a call. A caller that must name the journal first passes `started` and `call_id`.

        `rewrite` gets the whole log when an event already handed to `sink` had to be masked
        (a card read out over two notes), so the journal can be written again without it."""
        started = started or clock.now_utc()
        call_id = call_id or new_call_id(started)
        call = cls(call_id, playbook, clock, [], clock.monotonic(), sink, rewrite)
        local_start = started.astimezone(ZoneInfo(zone))
        started_event = {
            "t": 0.0,
            "type": ev.STARTED,
            "call_id": call_id,
            "agent": agent,
            "caller": caller_e164,
            "caller_input": caller_typed,
            "playbook": playbook.key,
            "started_at": local_start.isoformat(timespec="seconds"),
            "zone": zone,
        }
        if linked_callback:
            started_event["callback_uid"] = linked_callback
        call._emit(started_event)
        call._emit({"t": 0.0, "type": ev.STEP, "step": playbook.steps[0].key})
        return call

    @classmethod
    def resume(cls, log: list[dict], playbook: Playbook, clock: Clock, sink: EventSink, rewrite: LogSink | None = None) -> LiveCall:
        """Carry on a call cut short: the call clock resumes where the wall clock says it is."""
        started_at = datetime.fromisoformat(log[0]["started_at"])
        since_start = (clock.now_utc() - started_at).total_seconds()
        last_t = max(float(event["t"]) for event in log)
        now_t = max(last_t, since_start)
        return cls(log[0]["call_id"], playbook, clock, list(log), clock.monotonic() - now_t, sink, rewrite)

    # -- the clock -----------------------------------------------------------------------------

    def now(self) -> float:
        return round(self.clock.monotonic() - self._origin, 3)

    @property
    def live(self) -> bool:
        """Not yet filed: talking, or in wrap-up after the hang-up (notes still go in)."""
        return self.state.filed_at is None

    @property
    def talking(self) -> bool:
        return self.state.talking

    def _emit(self, event: dict) -> dict:
        # The one masking pass of the log, every field, not just notes: a card read out may be
        # typed anywhere (DESIGN.md, issue 7 row 11). A masked event carries `masked: True`.
        event = mask_event(event)[0]
        self.log.append(event)
        self.state.apply(event)
        self._sink(event)
        return event

    # -- steps and hold ------------------------------------------------------------------------

    def _move(self, offset: int) -> str | None:
        current = self.state.current_step
        if current is None:
            return None
        index = self.playbook.index_of(current) + offset
        if not 0 <= index < len(self.playbook.steps):
            return None
        key = self.playbook.steps[index].key
        self._emit({"t": self.now(), "type": ev.STEP, "step": key})
        return key

    def next_step(self) -> str | None:
        """Enter the next playbook step; None when already on the last one."""
        return self._move(+1)

    def previous_step(self) -> str | None:
        return self._move(-1)

    def toggle_hold(self) -> bool:
        """Put the caller on hold or take them off it; returns whether they are now on hold."""
        if not self.talking:
            return False  # hung up: nobody to hold
        self._emit({"t": self.now(), "type": ev.RESUME if self.state.on_hold else ev.HOLD})
        return self.state.on_hold

    # -- notes ---------------------------------------------------------------------------------

    def add_note(self, text: str, began_at: float | None = None) -> Note | None:
        """Commit a note stamped with when its typing began (or now), back-dated by `-Ns `.

        The note rules are tui.domain.call.notes; its `masked` says whether a card was cut."""
        back, body = typed_note(text)
        if not body.strip():
            return None
        stamp = began_at if began_at is not None else self.now()
        event = {"t": round(max(0.0, stamp - back), 3), "type": ev.NOTE, "n": len(self.state.notes), "text": body}
        self._emit(self._masked_with_last_note(event))
        return self.state.notes[-1]

    def edit_note(self, number: int, text: str) -> bool:
        body = text.rstrip()
        if not body.strip() or not 0 <= number < len(self.state.notes):
            return False
        self._emit(self._masked_with_neighbours(number, {"t": self.now(), "type": ev.NOTE_EDIT, "note": number, "text": body}))
        return True

    def mask_draft(self, text: str) -> str:
        """The note being typed, masked on its own and together with the last note, before it is
        journaled. Only the draft's side is masked: the digits typed so far may still become
        another number, and the last note is masked for good only when this one is committed."""
        masked = draft_text(text)
        if not self.state.notes:
            return masked
        return mask_across(self.state.notes[-1].text, masked)[1]

    # -- a card read out over two notes ----------------------------------------------------------

    def _masked_with_last_note(self, event: dict) -> dict:
        """A new note's event, masked together with the last note (which is masked where stored)."""
        if not self.state.notes:
            return event
        return _with_text(event, self._masked_after(self.state.notes[-1], event["text"]))

    def _masked_with_neighbours(self, number: int, event: dict) -> dict:
        """An edit's event, masked together with the notes before and after the one it edits."""
        notes = self.state.notes
        index = next((i for i, note in enumerate(notes) if note.number == number), None)
        if index is None:
            return event
        text = event["text"]
        if index > 0:
            text = self._masked_after(notes[index - 1], text)
        if index + 1 < len(notes):
            after, edited = notes[index + 1], text
            text, masked_after, _changed = mask_across(edited, after.text)
            if masked_after != after.text:
                self._remask_note(after, lambda stored: mask_across(edited, stored)[1])
        return _with_text(event, text)

    def _masked_after(self, previous: Note, text: str) -> str:
        before, after, _changed = mask_across(previous.text, text)
        if before != previous.text:
            self._remask_note(previous, lambda stored: mask_across(stored, text)[0])
        return after

    def _remask_note(self, note: Note, remask: Callable[[str], str]) -> None:
        """Mask a committed note where it is stored: its events in the log, its text on screen, and
        the journal, written again whole (an append-only file cannot unsay a line)."""
        for index, event in enumerate(self.log):
            mine = (event["type"] == ev.NOTE and event.get("n") == note.number) or (
                event["type"] == ev.NOTE_EDIT and event.get("note") == note.number
            )
            if mine and isinstance(event.get("text"), str):
                masked = remask(event["text"])
                if masked != event["text"]:
                    self.log[index] = {**event, "text": masked, "masked": True}
        note.text, note.original, note.masked = remask(note.text), remask(note.original), True
        if self._rewrite is not None:
            self._rewrite(list(self.log))

    # -- the rest of the log -------------------------------------------------------------------

    def record(self, kind: str, **fields: object) -> dict:
        """Append a tag, offer or callback event built by its own domain module."""
        if kind not in (ev.TAG, ev.OFFER, ev.CALLBACK):
            raise ValueError(f"record() does not take {kind!r} events")
        return self._emit({"t": self.now(), "type": kind, **fields})

    def proposed_outcome(self) -> str:
        """DESIGN.md: callback promised when a commitment exists, otherwise resolved."""
        return "callback_promised" if self.state.callbacks else "resolved"

    def hang_up(self, by: str | None = None) -> bool:
        """The phone call ended (`by` the caller or the agent, when known); after-call work
        begins. False when it had already ended."""
        if not self.talking:
            return False
        event: dict = {"t": self.now(), "type": ev.ENDED}
        if by in ev.HUNG_UP_BY:
            event["by"] = by
        self._emit(event)
        return True

    def end(self, outcome: str, category: str) -> None:
        """File the wrap-up; a call still talking is hung up by the agent first (F10)."""
        if outcome not in ev.OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        if category not in ev.CATEGORIES:
            raise ValueError(f"unknown category {category!r}")
        if self.live:
            self.hang_up("agent")
            self._emit({"t": self.now(), "type": ev.FILED, "outcome": outcome, "category": category})


def _with_text(event: dict, text: str) -> dict:
    """The event with its text masked across notes; marked, as _emit marks what it masks itself."""
    if text == event["text"]:
        return event
    return {**event, "text": text, "masked": True}
