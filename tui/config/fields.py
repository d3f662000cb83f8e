"""The forms a config.toml value may take, checked the same way in every table: each check returns
the value, typed, or raises the loader's `bad(key, expected)` error, which names the file, the key
and the form that was expected."""

from __future__ import annotations

from collections.abc import Callable

Bad = Callable[[str, str], Exception]  # (key, the form expected) -> the error to raise


def whole_number(value: object, key: str, low: int, high: int, expected: str, bad: Bad) -> int:
    """A whole number from `low` to `high` (TOML's true and false are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise bad(key, expected)
    return value


def true_or_false(value: object, key: str, bad: Bad) -> bool:
    if not isinstance(value, bool):
        raise bad(key, "true or false")
    return value


def table_of(raw: dict, key: str, example: str, bad: Bad) -> dict:
    """The table `[key]` (empty when absent); `example` shows one in the error."""
    table = raw.get(key, {})
    if not isinstance(table, dict):
        raise bad(key, f"a table, e.g. {example}")
    return table
