"""The event vocabulary of a call's append-only log (DESIGN.md "Core model").

Every event is a plain dict `{"t": seconds since call start, "type": ..., ...}` so the journal,
the history and the export all hold the same thing.
"""

from __future__ import annotations

STARTED = "started"
STEP = "step"
NOTE = "note"
NOTE_EDIT = "note_edit"
HOLD = "hold"
RESUME = "resume"
TAG = "tag"
OFFER = "offer"
CALLBACK = "callback"
ENDED = "ended"  # the hang-up (`by`: "caller" or "agent" when known); older logs carry the outcome here
FILED = "filed"  # the wrap-up accepted: outcome and category. Talk time and after-call work come from the two

EVENT_TYPES = frozenset({STARTED, STEP, NOTE, NOTE_EDIT, HOLD, RESUME, TAG, OFFER, CALLBACK, ENDED, FILED})
HUNG_UP_BY = ("caller", "agent")

OUTCOMES = ("resolved", "callback_promised", "escalated", "unresolved")
OUTCOME_LABELS = {
    "resolved": "Resolved",
    "callback_promised": "Callback promised",
    "escalated": "Escalated",
    "unresolved": "Not resolved",
}
CATEGORIES = ("product_quality", "usage", "service", "logistics", "other")
CATEGORY_LABELS = {category: category.replace("_", " ").capitalize() for category in CATEGORIES}  # "Product quality"
