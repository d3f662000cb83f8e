"""The caller index's fold of one number's calls in one month. Pure, and light to import: the
desk loads it with the store, before its first frame."""

from __future__ import annotations


def add_to_month(month: dict | None, entry: dict) -> dict:
    """One more call from a number in a month: {"n": calls, "last": newest entry, "cbs": entries
    that made a promise}. Adding the same call again changes nothing."""
    month = month or {"n": 0, "last": None, "cbs": [], "ids": []}
    if entry["id"] in month["ids"]:
        return month
    month["n"] += 1
    month["ids"] = (month["ids"] + [entry["id"]])[-8:]  # the calls just added: filed twice is one call
    if month["last"] is None or (entry["start"], entry["id"]) >= (month["last"]["start"], month["last"]["id"]):
        month["last"] = entry
    if entry.get("cb"):
        month["cbs"].append(entry)
    return month
