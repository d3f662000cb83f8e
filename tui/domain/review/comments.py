"""Supervisor comments on a call: stored apart from the call, never changing the agent's record.

A comment is `{"id", "call_id", "author", "t" (seconds into the call), "text", "created_at"
(ISO 8601 UTC)}`. The id is stable so an import of the same comments is idempotent.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime

from tui.domain.text.redact import mask_sensitive

FIELDS = ("id", "call_id", "author", "t", "text", "created_at")
MAX_TEXT = 4000


def new_comment(call_id: str, author: str, t: float, text: str, created_at: datetime) -> dict:
    text = mask_sensitive(text.strip())[0]  # a card number never reaches reviews/comments.jsonl
    if not text:
        raise ValueError("a comment needs some text")
    created = created_at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    digest = hashlib.sha256(f"{call_id}\0{author}\0{t:.3f}\0{created}\0{text}".encode()).hexdigest()[:16]
    return {
        "id": f"c-{digest}",
        "call_id": call_id,
        "author": mask_sensitive(author)[0],
        "t": round(max(0.0, float(t)), 3),
        "text": text[:MAX_TEXT],
        "created_at": created,
    }


def validate_comment(comment: object, where: str = "comment") -> dict:
    """The comment back, or ValueError naming the first bad field (`reviews[2].t`)."""
    if not isinstance(comment, dict):
        raise ValueError(f"{where} must be a JSON object")
    for field in ("id", "call_id", "author", "text", "created_at"):
        if not isinstance(comment.get(field), str) or (field != "author" and not comment[field]):
            raise ValueError(f"{where}.{field} must be a non-empty string")
    t = comment.get("t")
    if not isinstance(t, (int, float)) or isinstance(t, bool) or not math.isfinite(t) or t < 0:
        raise ValueError(f"{where}.t must be a number of seconds, 0 or more")
    try:
        if datetime.fromisoformat(comment["created_at"].replace("Z", "+00:00")).tzinfo is None:
            raise ValueError
    except ValueError:
        raise ValueError(f"{where}.created_at must be an ISO 8601 time with a UTC offset") from None
    return comment
