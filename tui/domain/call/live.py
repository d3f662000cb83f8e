"""A call in progress: turns the agent's actions into events, appends them, hands each to a sink.

The sink is the journal (tui.store); the front ends derive everything they show from `state`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import tui.domain.call.events as ev
from tui.domain.call.clock import Clock
from tui.domain.call.notes import typed_note
from tui.domain.call.state import CallState, Note
from tui.domain.coaching.playbook import Playbook
from tui.domain.text.redact import mask_event

EventSink = Callable[[dict], None]


def new_call_id(started: datetime) -> str:
    """Sortable by start time, unique across desks: 20261123T140317Z-3fa9c1."""
    return f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


class LiveCall:
    def __init__(
        self,
        call_id: str,
        playbook: Playbook,
        clock: Clock,
        log: list[dict],
        origin: float,
        sink: EventSink,
    ) -> None:
        self.call_id = call_id
        self.playbook = playbook
        self.clock = clock
        self.log = log
        self._origin = origin  # monotonic reading at call time 0
        self._sink = sink
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
    ) -> LiveCall:
        """Begin a call. A caller that must name the journal first passes `started` and `call_id`."""
        started = started or clock.now_utc()
        call_id = call_id or new_call_id(started)
        call = cls(call_id, playbook, clock, [], clock.monotonic(), sink)
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
    def resume(cls, log: list[dict], playbook: Playbook, clock: Clock, sink: EventSink) -> LiveCall:
        """Carry on a call cut short: the call clock resumes where the wall clock says it is."""
        started_at = datetime.fromisoformat(log[0]["started_at"])
        since_start = (clock.now_utc() - started_at).total_seconds()
        last_t = max(float(event["t"]) for event in log)
        now_t = max(last_t, since_start)
        return cls(log[0]["call_id"], playbook, clock, list(log), clock.monotonic() - now_t, sink)

    # -- the clock -----------------------------------------------------------------------------

    def now(self) -> float:
        return round(self.clock.monotonic() - self._origin, 3)

    @property
    def live(self) -> bool:
        return self.state.ended_at is None

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
        self._emit({"t": round(max(0.0, stamp - back), 3), "type": ev.NOTE, "n": len(self.state.notes), "text": body})
        return self.state.notes[-1]

    def edit_note(self, number: int, text: str) -> bool:
        body = text.rstrip()
        if not body.strip() or not 0 <= number < len(self.state.notes):
            return False
        self._emit({"t": self.now(), "type": ev.NOTE_EDIT, "note": number, "text": body})
        return True

    # -- the rest of the log -------------------------------------------------------------------

    def record(self, kind: str, **fields: object) -> dict:
        """Append a tag, offer or callback event built by its own domain module."""
        if kind not in (ev.TAG, ev.OFFER, ev.CALLBACK):
            raise ValueError(f"record() does not take {kind!r} events")
        return self._emit({"t": self.now(), "type": kind, **fields})

    def proposed_outcome(self) -> str:
        """DESIGN.md: callback promised when a commitment exists, otherwise resolved."""
        return "callback_promised" if self.state.callbacks else "resolved"

    def end(self, outcome: str, category: str) -> None:
        if outcome not in ev.OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        if category not in ev.CATEGORIES:
            raise ValueError(f"unknown category {category!r}")
        if self.live:
            self._emit({"t": self.now(), "type": ev.ENDED, "outcome": outcome, "category": category})
