"""Reading a choice typed on one line: a number in the list, or the start of a name."""

from __future__ import annotations


def pick(answer: str, keys: tuple[str, ...], labels: dict[str, str]) -> str | None:
    """A number in the list, or the start of a label or key; None when it names none (or several)."""
    answer = answer.strip().lower()
    if answer.isdigit():
        return keys[int(answer) - 1] if 1 <= int(answer) <= len(keys) else None
    matches = [key for key in keys if labels[key].lower().startswith(answer) or key.startswith(answer)]
    return matches[0] if answer and len(matches) == 1 else None


def choices_text(keys: tuple[str, ...], labels: dict[str, str]) -> str:
    return ", ".join(f"{i + 1} {labels[key]}" for i, key in enumerate(keys))
