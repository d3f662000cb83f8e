"""The stored and exported shape of a call (DESIGN.md "Export format")."""

from __future__ import annotations

import math
from collections.abc import Iterable

import tui.domain.call.events as ev
from tui.domain.call.state import derive
from tui.domain.text.mask_check import nothing_to_mask
from tui.domain.text.redact import mask_event

EXPORT_FORMAT = "callcoach-export"
EXPORT_VERSION = 1

COMPLETED = "completed"
INTERRUPTED = "interrupted"


def call_record(log: list[dict], draft: dict | None = None) -> dict:
    """A CALL document from an event log.

    A log that was never filed (no `filed` event, nor an older `ended` with an outcome) is an
    interrupted call; the note being typed when it was cut off (`draft`: {"t", "text"}) is kept as
    a final note marked `"draft": true`, so nothing typed is lost from the record.
    """
    if not log or log[0].get("type") != ev.STARTED:
        raise ValueError("a call log must begin with a 'started' event")
    events = [_finite(mask_event(event)[0]) for event in log]  # a log from an older version or another machine
    started = events[0]  # the record's fields are the masked log's: they must agree with it
    # Filed by a `filed` event; a log written before it existed carries the outcome on `ended`.
    filed = next(
        (event for event in reversed(events) if event["type"] == ev.FILED or (event["type"] == ev.ENDED and "outcome" in event)), None
    )
    if filed is None and draft and draft.get("text", "").strip():
        notes = sum(1 for event in events if event["type"] == ev.NOTE)
        events.append(mask_event({"t": float(draft["t"]), "type": ev.NOTE, "n": notes, "text": draft["text"], "draft": True})[0])
    return {
        "id": started["call_id"],
        "agent": started.get("agent", ""),
        "caller": started.get("caller"),
        "started_at": started["started_at"],
        "status": COMPLETED if filed else INTERRUPTED,
        "playbook": started.get("playbook", ""),
        "outcome": filed.get("outcome") if filed else None,
        "category": filed.get("category") if filed else None,
        "events": events,
    }


def _finite(event: dict) -> dict:
    """An event without NaN or infinity (an older version took `inf` as an offer amount, and a
    journal holding it could never be filed): such a value becomes null, a time 0."""
    bad = [key for key, value in event.items() if isinstance(value, float) and not math.isfinite(value)]
    if not bad:
        return event
    return {**event, **{key: 0.0 if key == "t" else None for key in bad}}


def export_document(calls: Iterable[dict], reviews: Iterable[dict] = ()) -> dict:
    """The export; every event and comment masked once more on the way out (data stored by an
    older version, or imported, must not carry a card number into a ticket or a spreadsheet)."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "calls": [masked_call(call) for call in calls],
        "reviews": [masked_comment(comment) for comment in reviews],
    }


DERIVED_FIELDS = ("talk_seconds", "acw_seconds")  # in an export only: never stored, checked on import


def durations(events: object) -> dict:
    """Talk time (start to the hang-up) and after-call work (hang-up to filed), each None when the
    log does not say: a call never hung up, or filed before the wrap-up was recorded."""
    state = derive(events)  # type: ignore[arg-type]
    acw = state.after_call_work() if state.filed else None
    return {
        "talk_seconds": None if state.ended_at is None else round(state.ended_at, 1),
        "acw_seconds": None if acw is None else round(acw, 1),
    }


def with_durations(call: dict) -> dict:
    """A call for `export --format json`: its talk time and after-call work beside the log they
    come from (only there: a document passed between parts holds calls as stored)."""
    try:
        return {**call, **durations(call["events"])}
    except (KeyError, TypeError, ValueError, AttributeError):
        return call  # a damaged call: exported as it is, or left out with a sentence


def masked_call(call: dict) -> dict:
    """A call record with every text masked: each event (tui.domain.text.redact.mask_event) and
    every other field (the agent, the caller unless it is a checked phone number, ...). A call
    with nothing to mask anywhere (most: tui.domain.text.mask_check) comes back as it is."""
    if nothing_to_mask(call):
        return call
    events = call.get("events")
    fields = mask_event({key: value for key, value in call.items() if key != "events"}, mark=False)[0]
    if not isinstance(events, list):
        return fields if events is None else {**fields, "events": events}
    return {**fields, "events": [mask_event(event)[0] if isinstance(event, dict) else event for event in events]}


def masked_comment(comment: dict) -> dict:
    return mask_event(comment, mark=False)[0]
