"""Building call records for review tests: a readable way to write an event log."""

from __future__ import annotations

from tui.domain.call.record import call_record

START = "2026-11-23T14:00:00+00:00"


def record(
    *events: dict,
    call_id: str = "20261123T140000Z-aaaaaa",
    agent: str = "Ana",
    caller: str | None = "+442070313000",
    started_at: str = START,
    playbook: str = "last",
) -> dict:
    log = [
        {
            "t": 0.0,
            "type": "started",
            "call_id": call_id,
            "agent": agent,
            "caller": caller,
            "caller_input": caller or "",
            "playbook": playbook,
            "started_at": started_at,
            "zone": "Europe/London",
        }
    ]
    log += [dict(event) for event in events]
    return call_record(log)


def step(t: float, key: str) -> dict:
    return {"t": float(t), "type": "step", "step": key}


def note(t: float, text: str, n: int = 0) -> dict:
    return {"t": float(t), "type": "note", "n": n, "text": text}


def ended(t: float, outcome: str = "resolved", category: str = "logistics") -> dict:
    return {"t": float(t), "type": "ended", "outcome": outcome, "category": category}


def hold(t: float) -> dict:
    return {"t": float(t), "type": "hold"}


def resume(t: float) -> dict:
    return {"t": float(t), "type": "resume"}


def offer(t: float, option: str) -> dict:
    return {"t": float(t), "type": "offer", "option": option, "amount": 0, "within_authority": True}


def callback(
    t: float,
    number: str = "+442070313000",
    start: str = "2026-11-23T15:00:00Z",
    end: str = "2026-11-23T17:00:00Z",
    zone: str = "Europe/London",
    uid: str = "cb-1",
) -> dict:
    return {
        "t": float(t),
        "type": "callback",
        "number": number,
        "zone": zone,
        "start": start,
        "end": end,
        "uid": uid,
        "sequence": 0,
        "agent_zone": "Europe/London",
    }


def good_steps(end: float = 400.0) -> list[dict]:
    """A call that follows LAST: listen 60 s, apologize 20 s, resolve, thank."""
    return [step(0, "listen"), step(60, "apologize"), step(80, "resolve"), step(300, "thank"), ended(end)]


def warned_opening() -> list[dict]:
    """The first minute of the call the coach warned about (issue 14): a cue (E1), "but" after the
    apology words (L2) and the apology step reached only at 01:00."""
    return [
        step(0, "listen"),
        note(5, "I tried the app twice", 0),
        note(12, "> I understand your frustration but to be honest", 1),
        step(60, "apologize"),
        step(61, "resolve"),
    ]
