"""One review flag: a METHOD.md rule id, a time in the call, one sentence for the supervisor."""

from __future__ import annotations

from dataclasses import dataclass

WARN = "warn"
INFO = "info"


@dataclass(frozen=True)
class Flag:
    kind: str  # stable machine name: "apologize_skipped", "long_hold", ...
    rule: str  # METHOD.md rule id: "L3"
    t: float  # seconds into the call: where replay jumps
    text: str  # one plain sentence for the supervisor
    level: str = WARN  # INFO items (time to first apology) are shown but not counted

    def as_dict(self) -> dict:
        return {"kind": self.kind, "rule": self.rule, "t": round(self.t, 3), "text": self.text, "level": self.level}
