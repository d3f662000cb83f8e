"""Playbooks: the ordered steps of a method (METHOD.md), parsed from the text of a TOML data file.

The file itself is read by tui.config.data_files; the domain only parses what it is handed.
"""

from __future__ import annotations

import re
import tomllib

from tui.support.frozen_record import FrozenRecord


class PlaybookError(ValueError):
    """A playbook file that cannot be used; the message names the file, line and field."""


class Step(FrozenRecord):
    key: str
    title: str
    say: tuple[str, ...]
    avoid: tuple[str, ...]
    rules: tuple[str, ...]
    target_seconds: float
    minimum_seconds: float


class Playbook(FrozenRecord):
    key: str
    title: str
    steps: tuple[Step, ...]

    def index_of(self, step_key: str) -> int:
        for index, step in enumerate(self.steps):
            if step.key == step_key:
                return index
        raise KeyError(step_key)

    def step(self, step_key: str) -> Step:
        return self.steps[self.index_of(step_key)]


_STEP_FIELDS: dict[str, type | tuple[type, ...]] = {
    "key": str,
    "title": str,
    "say": list,
    "avoid": list,
    "rules": list,
    "target_seconds": (int, float),
    "minimum_seconds": (int, float),
}
_RULE_ID = re.compile(r"^(L([1-9]|1[01])|K1|E[1-4]|P1)$")


def _line_of(text: str, field: str, occurrence: int) -> int:
    """Best-effort line number of the occurrence-th `field =` in the file (tomllib gives none)."""
    seen = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(field)}\s*=", line):
            seen += 1
            if seen == occurrence:
                return number
    return 1


def parse_playbook(text: str, source: str) -> Playbook:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PlaybookError(f"{source}: not valid TOML ({error})") from None

    def fail(field: str, expected: str, occurrence: int = 0) -> PlaybookError:
        line = _line_of(text, field.split(".")[-1], occurrence)
        return PlaybookError(f"{source}, line {line}: field '{field}' {expected}")

    for field in ("key", "title"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise fail(field, "must be a non-empty string")
    steps_raw = raw.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise PlaybookError(f"{source}: needs at least one [[steps]] table")
    steps = []
    for index, entry in enumerate(steps_raw):
        for field, kind in _STEP_FIELDS.items():
            value = entry.get(field)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise fail(f"steps[{index}].{field}", f"is missing or not a {_kind_name(kind)}", index)
            if kind is list and not all(isinstance(item, str) for item in value):
                raise fail(f"steps[{index}].{field}", "must be a list of strings", index)
        unknown = set(entry) - set(_STEP_FIELDS)
        if unknown:
            field = sorted(unknown)[0]
            raise fail(f"steps[{index}].{field}", "is not a step field", 0)
        bad_rules = [rule for rule in entry["rules"] if not _RULE_ID.match(rule)]
        if bad_rules:
            raise fail(f"steps[{index}].rules", f"names an unknown METHOD.md rule {bad_rules[0]!r}", index)
        if entry["minimum_seconds"] > entry["target_seconds"]:
            raise fail(f"steps[{index}].minimum_seconds", "must not exceed target_seconds", index)
        steps.append(
            Step(
                key=entry["key"],
                title=entry["title"],
                say=tuple(entry["say"]),
                avoid=tuple(entry["avoid"]),
                rules=tuple(entry["rules"]),
                target_seconds=float(entry["target_seconds"]),
                minimum_seconds=float(entry["minimum_seconds"]),
            )
        )
    keys = [step.key for step in steps]
    if len(set(keys)) != len(keys):
        raise PlaybookError(f"{source}: step keys must be unique, got {keys}")
    return Playbook(key=raw["key"], title=raw["title"], steps=tuple(steps))


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return {str: "string", list: "list", (int, float): "number"}[kind]
