"""Row 17 (issue 15, class 1): a card number typed, pasted or imported anywhere never reaches a file.

As an attacker with a note field would try it: every separator, security-code phrases in four
languages, a card read out over two notes, a card as an offer amount, in the callback e-mail, in
the caller's number; `inf` as an amount. Line mode through prompt-toolkit's pipe input, the
services a front end calls, and Hypothesis for any separator, position, field or split. Every file
under the data directory and every export is then searched by tests/cards.py, which shares no
code with the masker.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cards import cards, cards_in_folder, grouped, separators, strings_in, surviving_cards
from tests.line.pipe_driver import ENTER, run_line_desk
from tui.config.settings import Config
from tui.domain.call.clock import ManualClock
from tui.services.exports import export_all
from tui.services.session import open_desk
from tui.services.summaries import render
from tui.store.datadir import prepare_data_dir

VISA, MASTERCARD = "4111111111111111", "5500000000000004"
FUZZ_EXAMPLES = int(os.environ.get("CALLCOACH_FUZZ_EXAMPLES", "40"))


def exports_of(data_dir: Path) -> dict[str, str]:
    document = export_all(data_dir)
    return {
        "json": json.dumps(document, ensure_ascii=False, allow_nan=False),
        "md": render(document, "md", "Europe/London"),
        "csv": render(document, "csv", "Europe/London"),
    }


# A note in md and csv is "00:20 what was said", one per line: the call-clock time is the export's
# own, not data, and its digits beside the last four a masked card keeps (an all-zero card shows
# "00:00 ****0000") are not a card. Each field is searched without it.
_TIME_PREFIX = re.compile(r"^(?:- )?\(?\d{2}:\d{2}(?::\d{2})?\)? ")


def export_texts(kind: str, text: str) -> list[str]:
    """What an export says, field by field: json strings, csv cells' lines, md lines."""
    if kind == "json":
        return strings_in(json.loads(text))
    if kind == "csv":
        lines = [line for row in csv.reader(io.StringIO(text)) for cell in row for line in cell.splitlines()]
    else:
        lines = text.splitlines()
    return [_TIME_PREFIX.sub("", line) for line in lines]


def assert_no_card_anywhere(data_dir: Path) -> None:
    assert cards_in_folder(data_dir) == {}
    for kind, text in exports_of(data_dir).items():
        assert not [card for part in export_texts(kind, text) for card in surviving_cards(part)], kind


# -- line mode, as an agent (or someone at their keyboard) would type it ---------------------------

LEAVE_WITH_THE_CALL_OPEN = ["\x03", "q" + ENTER]  # Ctrl+C, then q: the call stays in its journal
FILE_IT = ["/end" + ENTER, ENTER, ENTER]


@pytest.mark.parametrize(
    "keys, caller",
    [
        (["card 4111.1111.1111.1111 cvc is 123" + ENTER, *FILE_IT], None),
        (["4111/1111/1111/1111" + ENTER, "4111_1111_1111_1111" + ENTER, *FILE_IT], None),
        (["4111  1111  1111  1111 exp 12/27" + ENTER, "4111-1111 1111.1111" + ENTER, *FILE_IT], None),
        (["security code is 737" + ENTER, "cvv is 741" + ENTER, "보안코드 739" + ENTER, "安全码 740" + ENTER, *FILE_IT], None),
        (["card 4111 1111" + ENTER, "1111 1111" + ENTER, *FILE_IT], None),  # read out in two halves
        (["card 4111 1111" + ENTER, "1111 1111", *LEAVE_WITH_THE_CALL_OPEN], None),  # the second half still a draft
        (["/offer refund 4111_1111_1111_1111" + ENTER, *FILE_IT], None),
        (["/offer credit 4111111111111111" + ENTER, *FILE_IT], None),
        (["5500.0000.0000.0004", *LEAVE_WITH_THE_CALL_OPEN], None),  # a draft left in the journal
        (["noted" + ENTER, *FILE_IT], "+44 20 7031 3000 ext 4111111111111111"),
        (["noted" + ENTER, *FILE_IT], "4111-1111-1111-1111"),
        (["/callback 24h email 4111.1111.1111.1111@example.com" + ENTER, "\x03", *FILE_IT], None),
    ],
    ids=[
        "dots-and-cvc",
        "slash-underscore",
        "double-spaces-mixed",
        "code-phrases",
        "split-over-two-notes",
        "split-note-and-draft",
        "offer-underscores",
        "offer-plain",
        "draft",
        "caller-extension",
        "caller-is-a-card",
        "callback-email",
    ],
)
def test_no_card_typed_in_line_mode_reaches_a_file_or_an_export(desk, keys, caller):
    said, code = run_line_desk(desk, keys, caller="+44 20 7031 3000" if caller is None else caller)
    assert code == 0
    assert_no_card_anywhere(desk.data_dir)
    assert not [line for line in said if surviving_cards(line)], said


def test_an_offer_of_inf_is_refused_and_the_call_still_files(desk):
    said, code = run_line_desk(desk, ["/offer credit inf spend 10" + ENTER, "/offer credit 1e999" + ENTER, *FILE_IT])
    assert code == 0
    assert any("'inf' is not part of an offer" in line for line in said)
    [record] = list(desk.history.calls())
    assert record["status"] == "completed" and not [e for e in record["events"] if e["type"] == "offer"]
    assert "Infinity" not in exports_of(desk.data_dir)["json"]


def test_a_card_split_over_two_notes_is_masked_in_the_first_note_on_disk_too(desk):
    run_line_desk(desk, ["my card is 4111 1111" + ENTER, "1111 1111 expires 12/27" + ENTER, *FILE_IT])
    [record] = list(desk.history.calls())
    notes = [e["text"] for e in record["events"] if e["type"] == "note"]
    assert notes == ["my card is **** ****", "**** 1111 expires 12/27"]


def test_an_export_never_reflows_text_an_older_version_stored_unmasked(desk):
    """History written before this masking (double spaces were not a separator then): the md
    export used to squeeze the spaces after masking and print a clean card number."""
    from tests.review.calls import ended, note, record

    stored = record(note(1, "placeholder"), ended(60))
    stored["events"][1]["text"] = "card 4111  1111  1111  1111"  # as stored before, unmasked
    desk.history.commit(stored)
    for kind, text in exports_of(desk.data_dir).items():
        assert VISA not in text.replace(" ", "") and not surviving_cards(text), kind


# -- the services, with Hypothesis choosing the card, its separators, the field and the split -------


@st.composite
def card_texts(draw) -> tuple[str, str]:
    """(the card's digits, the card as typed: groups of 1-8 digits, each joined its own way)."""
    card = draw(cards())
    return card, draw(grouped(card, separators(controls=False)))


PLACES = ("note", "split", "draft", "edit", "caller", "tag", "comment", "interrupted", "imported")


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(card_texts(), st.sampled_from(PLACES), st.text(alphabet="abc 한字", max_size=12), st.data())
def test_no_card_survives_in_any_file_or_export(typed, place, words, data):
    _card, text = typed
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = prepare_data_dir(Path(tmp) / "data")
        desk = open_desk(config, data_dir, ManualClock())
        caller = f"+44 20 7031 3000 ext {text}" if place == "caller" else "+44 20 7031 3000"
        if place == "imported":  # another machine's export, the card in its agent, a note and a comment
            from tests.review.calls import ended, note, record
            from tui.services.imports import check_file, store_checked

            other = record(note(1, f"{words} {text}"), ended(60), agent=f"Eve {text}")
            comment = {"id": "c-1", "call_id": other["id"], "author": text, "t": 1.0, "text": text, "created_at": "2026-11-24T09:00:00Z"}
            document = Path(tmp) / "import.json"
            document.write_text(json.dumps({"format": "callcoach-export", "version": 1, "calls": [other], "reviews": [comment]}))
            store_checked(check_file(document), data_dir)
            document.unlink()
            assert_no_card_anywhere(data_dir)
            return
        session, _warning = desk.start_call(caller)
        call = session.call
        if place == "note":
            call.add_note(f"{words} {text} {words}")
        elif place == "split":
            cut = data.draw(st.integers(1, len(text) - 1))
            call.add_note(f"{words} {text[:cut]}")
            session.save_draft(call.now(), text[cut:])
            call.add_note(text[cut:] + " " + words)
        elif place == "draft":
            session.save_draft(call.now(), f"{words} {text}")
        elif place == "edit":
            call.add_note("first")
            call.edit_note(0, f"{words} {text}")
        elif place == "tag":
            call.record("tag", tag="caller_type", value=text)
        if place == "interrupted":
            call.add_note(f"{words}{text}")
            session.interrupt("SIGTERM")
            session.abandon()
        elif place != "draft":
            record = session.finish("resolved", "other")
            if place == "comment":
                from tui.services.review import ReviewService

                ReviewService(data_dir, "Europe/London", "Sam", ManualClock()).add_comment(record["id"], 1.0, f"{words} {text}")
        else:
            session.abandon()
        desk.history.close()
        assert_no_card_anywhere(data_dir)


def test_a_journal_holding_infinity_from_an_older_version_is_filed_as_it_is(desk):
    """Before amounts were read strictly, `/offer credit inf` put Infinity in the journal and every
    "file it as it is" then stopped on an internal error."""
    journal = desk.data_dir / "journal" / "20261123T140000Z-aaaaaa.jsonl"
    started = {
        "t": 0.0,
        "type": "started",
        "call_id": journal.stem,
        "agent": "Ana",
        "caller": None,
        "started_at": "2026-11-23T14:00:00+00:00",
    }
    offer = '{"t": 5.0, "type": "offer", "option": "credit", "amount": Infinity, "accepted": false}'
    journal.write_text(json.dumps(started) + "\n" + offer + "\n")
    [cut_short] = desk.cut_short_calls()
    record = desk.file_as_is(cut_short)
    assert [event["amount"] for event in record["events"] if event["type"] == "offer"] == [None]
    assert "Infinity" not in exports_of(desk.data_dir)["json"] and not journal.exists()
