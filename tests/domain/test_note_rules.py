"""The note rules (tui.domain.call.notes): back-dating, trimming, masking, in one place."""

from __future__ import annotations

import pytest

from tui.config.data_files import load_playbook
from tui.domain.call.clock import ManualClock
from tui.domain.call.live import LiveCall
from tui.domain.call.notes import became_note, draft_text, typed_note


@pytest.fixture
def call():
    sunk: list[dict] = []
    live = LiveCall.start(
        playbook=load_playbook("last"),
        agent="Ana",
        caller_typed="",
        caller_e164=None,
        zone="Europe/London",
        clock=ManualClock(),
        sink=sunk.append,
    )
    live.clock.advance(60)
    return live, sunk


@pytest.mark.parametrize(
    "typed, masked",
    [
        ("card 4111 1111 1111 1111", True),
        ("cvv 123", True),
        ("rated our service 5* and left", False),
        ("-15s rated our service 5* ", False),  # back-dated and trimmed: not a sign of masking
        ("order **** pending", False),
    ],
)
def test_a_note_says_whether_it_was_masked_from_its_event(call, typed, masked) -> None:
    live, sunk = call
    note = live.add_note(typed)
    assert note.masked is masked
    assert sunk[-1].get("masked", False) is masked


def test_a_note_is_masked_once_by_the_log(call) -> None:
    live, sunk = call
    note = live.add_note("-2m  card 4111-1111-1111-1111 cvv: 123  ")
    assert (note.t, note.text) == (0.0, "card ****-****-****-1111 cvv: ***")
    assert sunk[-1]["text"] == note.text and sunk[-1]["masked"] is True


@pytest.mark.parametrize(
    "typed, back, body",
    [("-15s she called twice  ", 15.0, "she called twice"), ("plain  \n", 0.0, "plain"), ("-2m x", 120.0, "x")],
)
def test_typed_note_splits_the_backdate_and_trims(typed, back, body) -> None:
    assert typed_note(typed) == (back, body)


def test_a_draft_is_masked_and_otherwise_kept_as_typed() -> None:
    assert draft_text("-15s card 4111 1111 1111 1111 ") == "-15s card **** **** **** 1111 "


@pytest.mark.parametrize(
    "draft, note, became",
    [
        ({"t": 3.0, "text": "refund"}, {"t": 9.0, "text": "refund"}, True),
        ({"t": 3.0, "text": "-15s card **** **** **** 1111 "}, {"t": 0.0, "text": "card **** **** **** 1111"}, True),
        ({"t": 3.0, "text": "half typ"}, {"t": 3.0, "text": "half typed"}, True),
        ({"t": 3.0, "text": "unrelated"}, {"t": 5.0, "text": "another"}, False),
    ],
    ids=["same-text", "note-rules-applied", "same-typing-start", "another-note"],
)
def test_a_draft_became_a_note(draft, note, became) -> None:
    assert became_note(draft, note) is became
