"""The note rules, in one place: how a typed line becomes a note (DESIGN.md "Core model").

A line may begin with `-15s ` or `-2m ` to back-date it; trailing blanks go; card numbers and
security codes are masked before anything is written. LiveCall applies the rules to each note
(its log masks every event once, tui.domain.call.live), and `draft_text` masks the note being
typed once, before the session journals it. The front ends read `masked` from the note.
"""

from __future__ import annotations

import re

from tui.domain.text.redact import mask_sensitive

_BACKDATE = re.compile(r"^-(\d{1,4})([sm])\s+(.*)$", re.DOTALL)


def split_backdate(text: str) -> tuple[float, str]:
    """`-15s text` / `-2m text` -> (seconds to back-date by, text). Anything else -> (0, text)."""
    match = _BACKDATE.match(text)
    if not match:
        return 0.0, text
    amount = int(match.group(1)) * (60 if match.group(2) == "m" else 1)
    return float(amount), match.group(3)


def typed_note(text: str) -> tuple[float, str]:
    """(seconds to back-date by, the note's text before masking): prefix split, trailing blanks cut."""
    back, body = split_backdate(text)
    return back, body.rstrip()


def draft_text(text: str) -> str:
    """The note being typed, as it may be journaled: masked like a note, nothing else changed."""
    return mask_sensitive(text)[0]


def became_note(draft: dict, note: dict) -> bool:
    """Was this note committed from this (journaled) draft? The same text, the same text once the
    note rules are applied, or the same typing start."""
    text = note.get("text")
    if text == draft["text"]:
        return True
    if text == mask_sensitive(typed_note(draft["text"])[1])[0]:
        return True
    t = note.get("t")
    return isinstance(t, (int, float)) and abs(float(t) - draft["t"]) < 1e-6
