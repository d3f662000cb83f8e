"""How durations on the call clock are written: mm:ss, then h:mm:ss past the hour."""

from __future__ import annotations


def clock_text(seconds: float) -> str:
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def parse_clock_text(text: str) -> float:
    """The inverse of clock_text: "mm:ss" or "h:mm:ss" to seconds. ValueError names the form."""
    parts = text.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"{text!r} is not a call time; write mm:ss or h:mm:ss")
    values = [int(p) for p in parts]
    if any(v >= 60 for v in values[1:]):
        raise ValueError(f"{text!r} has minutes or seconds of 60 or more")
    total = 0
    for value in values:
        total = total * 60 + value
    return float(total)
