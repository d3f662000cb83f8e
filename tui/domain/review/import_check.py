"""Checking an export document before anything is imported: the whole file, or nothing.

`check_document(doc)` returns (calls, reviews) or raises ImportRefused naming the first bad
field (`calls[3].events[2].t`), so `callcoach import` can refuse before it writes a single call.
"""

from __future__ import annotations

import math
from datetime import datetime

import tui.domain.call.events as ev
from tui.domain.call.record import COMPLETED, EXPORT_FORMAT, EXPORT_VERSION, INTERRUPTED
from tui.domain.review.comments import validate_comment


class ImportRefused(ValueError):
    """The file cannot be imported; str() says which field and why. Nothing was changed."""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _aware(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def _check_event(event: object, where: str) -> None:
    if not isinstance(event, dict):
        raise ImportRefused(f"{where} must be a JSON object")
    if event.get("type") not in ev.EVENT_TYPES:
        raise ImportRefused(f"{where}.type must be one of {', '.join(sorted(ev.EVENT_TYPES))}")
    if not _is_number(event.get("t")) or event["t"] < 0:
        raise ImportRefused(f"{where}.t must be a number of seconds, 0 or more")
    kind = event["type"]
    if kind == ev.STEP and not isinstance(event.get("step"), str):
        raise ImportRefused(f"{where}.step must be a string")
    if kind in (ev.NOTE, ev.NOTE_EDIT) and not isinstance(event.get("text"), str):
        raise ImportRefused(f"{where}.text must be a string")
    if kind == ev.NOTE_EDIT and not (isinstance(event.get("note"), int) and not isinstance(event.get("note"), bool)):
        raise ImportRefused(f"{where}.note must be a note number")
    if kind == ev.CALLBACK:
        for field in ("number", "zone", "uid"):
            if not isinstance(event.get(field), str):
                raise ImportRefused(f"{where}.{field} must be a string")
        for field in ("start", "end"):
            if not _aware(event.get(field)):
                raise ImportRefused(f"{where}.{field} must be an ISO 8601 time with a UTC offset")


def _check_call(call: object, where: str) -> None:
    if not isinstance(call, dict):
        raise ImportRefused(f"{where} must be a JSON object")
    if not isinstance(call.get("id"), str) or not call["id"].strip():
        raise ImportRefused(f"{where}.id must be a non-empty string")
    if not isinstance(call.get("agent"), str):
        raise ImportRefused(f"{where}.agent must be a string")
    if call.get("caller") is not None and not isinstance(call["caller"], str):
        raise ImportRefused(f"{where}.caller must be a string or null")
    if not _aware(call.get("started_at")):
        raise ImportRefused(f"{where}.started_at must be an ISO 8601 time with a UTC offset")
    if call.get("status") not in (COMPLETED, INTERRUPTED):
        raise ImportRefused(f'{where}.status must be "completed" or "interrupted"')
    if not isinstance(call.get("playbook", ""), str):
        raise ImportRefused(f"{where}.playbook must be a string")
    if call.get("outcome") is not None and call["outcome"] not in ev.OUTCOMES:
        raise ImportRefused(f"{where}.outcome must be one of {', '.join(ev.OUTCOMES)} or null")
    if call.get("category") is not None and call["category"] not in ev.CATEGORIES:
        raise ImportRefused(f"{where}.category must be one of {', '.join(ev.CATEGORIES)} or null")
    events = call.get("events")
    if not isinstance(events, list) or not events:
        raise ImportRefused(f"{where}.events must be a non-empty list")
    for index, event in enumerate(events):
        _check_event(event, f"{where}.events[{index}]")
    first = events[0]
    if first["type"] != ev.STARTED:
        raise ImportRefused(f'{where}.events[0].type must be "started"')
    if first.get("call_id") != call["id"]:
        raise ImportRefused(f"{where}.events[0].call_id must equal the call's id")


def check_document(document: object) -> tuple[list[dict], list[dict]]:
    if not isinstance(document, dict):
        raise ImportRefused("the file must hold one JSON object (a callcoach export)")
    if document.get("format") != EXPORT_FORMAT:
        raise ImportRefused(f'format must be "{EXPORT_FORMAT}"')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRefused("version must be a whole number, 1 or more")
    if version > EXPORT_VERSION:
        raise ImportRefused(f"version {version} is newer than this callcoach reads ({EXPORT_VERSION}); upgrade callcoach to import it")
    calls = document.get("calls")
    if not isinstance(calls, list):
        raise ImportRefused("calls must be a list")
    seen: dict[str, int] = {}
    for index, call in enumerate(calls):
        _check_call(call, f"calls[{index}]")
        if call["id"] in seen and calls[seen[call["id"]]] != call:
            raise ImportRefused(f"calls[{index}].id repeats calls[{seen[call['id']]}] with different content")
        seen.setdefault(call["id"], index)
    reviews = document.get("reviews", [])
    if not isinstance(reviews, list):
        raise ImportRefused("reviews must be a list")
    for index, comment in enumerate(reviews):
        try:
            validate_comment(comment, f"reviews[{index}]")
        except ValueError as error:
            raise ImportRefused(str(error)) from None
    return list(calls), list(reviews)
