"""Replay: moving a play head over a filed call. Pure, so the screen and the bench share it.

`ReplayModel` holds the log and answers what the screen needs at time t: the derived state (a
fold of the events up to t), the notes in view at t, the previous and next event, and the marks
of the timeline bar. A seek must cost under 16 ms in a call of 5,000 notes, so the fold at t
leaves the notes out (steps, holds, offers, callbacks: a few dozen events) and `notes_at` builds
only the newest notes the view can show, each with its text as it stood at t.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import tui.domain.call.events as ev
from tui.domain.call.state import CallState, Note

ACW = "acw"  # the segment key of after-call work on the timeline


@dataclass(frozen=True)
class Mark:
    t: float
    kind: str  # "note", "hold", "offer", "callback", "flag", "hangup"


@dataclass(frozen=True)
class Segment:
    key: str
    start: float
    end: float


class ReplayModel:
    def __init__(self, log: list[dict]) -> None:
        if not log or log[0].get("type") != ev.STARTED:
            raise ValueError("a call log must begin with a 'started' event")
        self.started = log[0]
        rest = sorted(log[1:], key=lambda event: float(event["t"]))  # stable: keeps log order on ties
        self.events = rest
        self.times = [float(event["t"]) for event in rest]
        self.final = self._fold(rest)
        state = self.final
        # The timeline runs to the filed wrap-up, so notes typed in after-call work can be replayed.
        last = self.times[-1] if self.times else 0.0
        self.end = max(state.filed_at, last) if state.filed_at is not None else state.ended_at if state.ended_at is not None else last
        self._others = [event for event in rest if event["type"] not in (ev.NOTE, ev.NOTE_EDIT)]
        self._other_times = [float(event["t"]) for event in self._others]
        self._notes = [event for event in rest if event["type"] == ev.NOTE]
        self._note_times = [float(event["t"]) for event in self._notes]
        self._edits: dict[int, list[tuple[float, str]]] = {}
        for event in rest:
            if event["type"] == ev.NOTE_EDIT:
                self._edits.setdefault(int(event["note"]), []).append((float(event["t"]), event["text"]))

    def clamp(self, t: float) -> float:
        return min(max(0.0, t), self.end)

    def state_at(self, t: float) -> CallState:
        """The state the agent saw at call time t: every event at or before t applied, except
        notes (`notes_at` gives those): the header and the step tracker need none of them."""
        return self._fold(self._others[: bisect.bisect_right(self._other_times, t)])

    def note_count_at(self, t: float) -> int:
        return bisect.bisect_right(self._note_times, t)

    def notes_at(self, t: float, last: int | None = None) -> list[Note]:
        """The notes committed by t (the newest `last` of them), each with its text as of t."""
        count = self.note_count_at(t)
        first = 0 if last is None else max(0, count - last)
        notes = []
        for position, event in enumerate(self._notes[first:count], start=first):
            number = int(event.get("n", position))
            text = event["text"]
            edited = False
            for edit_t, edit_text in self._edits.get(number, ()):
                if edit_t <= t:
                    text, edited = edit_text, True
            notes.append(Note(number, float(event["t"]), text, event["text"], edited))
        return notes

    def _fold(self, events: list[dict]) -> CallState:
        state = CallState()
        state.apply(self.started)
        for event in events:
            state.apply(event)
        return state

    def next_event(self, t: float) -> float | None:
        index = bisect.bisect_right(self.times, t + 1e-6)
        return self.times[index] if index < len(self.times) else None

    def previous_event(self, t: float) -> float | None:
        index = bisect.bisect_left(self.times, t - 1e-6)
        return self.times[index - 1] if index > 0 else None

    def segments(self) -> list[Segment]:
        result = []
        for visit in self.final.visits:
            end = visit.left if visit.left is not None else self.end
            result.append(Segment(visit.key, visit.entered, end))
        wrap_up = self.final.recorded_wrap_up()
        if wrap_up is not None:  # after-call work: from the hang-up to the filed wrap-up
            result.append(Segment(ACW, *wrap_up))
        return result

    def marks(self, flag_times: tuple[float, ...] = ()) -> list[Mark]:
        marks = [Mark(note.t, "note") for note in self.final.notes]
        marks += [Mark(start, "hold") for start, _ in self.final.holds]
        marks += [Mark(float(offer["t"]), "offer") for offer in self.final.offers]
        marks += [Mark(float(callback["t"]), "callback") for callback in self.final.callbacks]
        marks += [Mark(t, "flag") for t in flag_times]
        wrap_up = self.final.recorded_wrap_up()
        if wrap_up is not None:  # a recorded wrap-up follows the hang-up
            marks.append(Mark(wrap_up[0], "hangup"))
        return sorted(marks, key=lambda mark: mark.t)


def column_of(t: float, end: float, width: int) -> int:
    """The column of call time t on a bar `width` columns wide covering [0, end]."""
    if width <= 1 or end <= 0:
        return 0
    return min(width - 1, max(0, int(t / end * (width - 1) + 0.5)))
