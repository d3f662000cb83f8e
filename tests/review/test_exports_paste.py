"""Exports a supervisor can paste (issue 14 item 6): the csv carries notes, offers, promises,
flags and comments as text with their times, starts with a UTF-8 byte-order mark and keeps the
caller's number as text; the md shows the offers, the caller type and every promise. Back-dated
notes sit in call-clock order in both."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from tui.services.summaries import render

from .calls import callback, ended, note, record, step

NOW = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


def call() -> dict:
    return record(
        step(0, "listen"),
        note(4, "parcel 4411 missing", 0),
        {"t": 40.0, "type": "tag", "tag": "caller_type", "value": "prepared"},
        step(60, "apologize"),
        note(62, "> I'm sorry we lost it; that was our mistake.", 1),
        note(20, "she records the call", 2),  # back-dated: committed last, typed at 00:20
        step(80, "resolve"),
        {"t": 100.0, "type": "offer", "option": "refund", "amount": 25.5, "currency": "GBP", "accepted": True, "within_authority": True},
        {"t": 110.0, "type": "offer", "option": "credit", "amount": 80, "currency": "GBP", "accepted": False, "within_authority": False},
        callback(200),
        callback(230, start="2026-11-24T14:00:00Z", end="2026-11-24T16:00:00Z") | {"sequence": 1},
        step(300, "thank"),
        ended(400, "callback_promised"),
    )


COMMENT = {
    "id": "c1",
    "call_id": "20261123T140000Z-aaaaaa",
    "author": "Kim",
    "t": 62.0,
    "text": "Good apology",
    "created_at": "2026-11-24T09:00:00Z",
}


def csv_rows() -> tuple[str, list[dict]]:
    text = render({"calls": [call()], "reviews": [COMMENT]}, "csv", "Europe/London", NOW)
    return text, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_begins_with_a_byte_order_mark_and_reads_back_whole():
    text, rows = csv_rows()
    assert text.startswith("\ufeffid,")
    assert text.encode("utf-8")[:3] == b"\xef\xbb\xbf"
    assert len(rows) == 1


def test_csv_keeps_the_callers_number_as_text():
    _, [row] = csv_rows()
    assert row["caller"] == "'+442070313000" and row["callback_number"] == "'+442070313000"


def test_csv_carries_notes_offers_promises_flags_and_comments_as_text_with_times():
    _, [row] = csv_rows()
    assert row["notes"].splitlines() == [
        "00:04 parcel 4411 missing",
        "00:20 she records the call",
        "01:02 > I'm sorry we lost it; that was our mistake.",
    ]
    assert row["offers"].splitlines() == [
        "01:40 Refund 25.5 GBP · accepted · inside authority",
        "01:50 Credit 80 GBP · not accepted · outside authority",
    ]
    assert row["caller_type"] == "prepared"
    promises = row["callbacks"].splitlines()
    assert promises[0].startswith("03:20 call back +442070313000, 2026-11-23 15:00 GMT to 17:00") and promises[0].endswith("(replaced)")
    assert promises[1].startswith("03:50 call back +442070313000, 2026-11-24 14:00 GMT to 16:00")
    assert promises[1].endswith("(changed: invite sequence 1); upcoming")
    assert row["callback_start"] == "2026-11-24T14:00:00Z" and row["callback_state"] == "upcoming"
    assert row["comments"] == "01:02 Kim (2026-11-24T09:00:00Z): Good apology"
    assert row["flags"] == "0" and row["flag_details"] == ""


def test_md_shows_offers_caller_type_and_every_promise_in_call_clock_order():
    md = render({"calls": [call()], "reviews": [COMMENT]}, "md", "Europe/London", NOW)
    assert "· Caller type: prepared" in md
    notes = md.split("**Notes**")[1].split("**Offers**")[0].strip().splitlines()
    assert [line[:7] for line in notes] == ["- 00:04", "- 00:20", "- 01:02"]
    offers = md.split("**Offers**")[1].split("**Commitment**")[0].strip().splitlines()
    assert offers == ["- 01:40 Refund 25.5 GBP · accepted · inside authority", "- 01:50 Credit 80 GBP · not accepted · outside authority"]
    promises = md.split("**Commitment**")[1].split("**Review flags**")[0].strip().splitlines()
    assert len(promises) == 2 and promises[0].endswith("(replaced)") and promises[1].endswith("upcoming")


def test_a_cell_that_would_run_as_a_formula_still_starts_with_a_quote():
    rec = record(step(0, "listen"), note(1, "x"), ended(10), agent="=HYPERLINK(1)")
    text = render({"calls": [rec]}, "csv", "Europe/London", NOW)
    [row] = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert row["agent"] == "'=HYPERLINK(1)"
