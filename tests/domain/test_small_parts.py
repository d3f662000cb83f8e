"""Clock text, paste splitting, visible text, the wrap-up's category proposal."""

from __future__ import annotations

import pytest

from tui.domain.call.paste import NOTE_CHUNK, split_paste
from tui.domain.call.wrapup import propose_category
from tui.domain.text.display import visible
from tui.domain.text.timefmt import clock_text, parse_clock_text


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "00:00"), (59.9, "00:59"), (61, "01:01"), (3599, "59:59"), (3600, "1:00:00"), (7384, "2:03:04"), (-3, "00:00")],
)
def test_clock_text(seconds, text):
    assert clock_text(seconds) == text


@pytest.mark.parametrize("text, seconds", [("01:30", 90), ("1:00:00", 3600), ("0:05", 5)])
def test_parse_clock_text(text, seconds):
    assert parse_clock_text(text) == seconds


@pytest.mark.parametrize("text", ["1:60", "abc", "1", "1:2:3:4"])
def test_parse_clock_text_refuses(text):
    with pytest.raises(ValueError):
        parse_clock_text(text)


def test_paste_lines_become_notes_and_the_tail_stays():
    assert split_paste("ab", "c\nsecond\nthi", "rd") == (["abc", "second"], "third")


def test_huge_one_line_paste_is_chunked_not_cut():
    pasted = "x" * (NOTE_CHUNK * 3 + 5)
    notes, tail = split_paste("", pasted)
    assert "".join(notes) + tail == pasted
    assert all(len(note) == NOTE_CHUNK for note in notes) and len(tail) == 5


def test_ten_thousand_line_paste_keeps_every_line():
    pasted = "\n".join(f"line {i}" for i in range(10_000)) + "\n"
    notes, tail = split_paste("", pasted)
    assert len(notes) == 10_000 and tail == ""


@pytest.mark.parametrize(
    "text, shown",
    [
        ("plain [b]markup[/b]", "plain [b]markup[/b]"),
        ("esc \x1b[31mred", "esc \u241b[31mred"),
        ("nul\x00", "nul\u2400"),
        ("tab\tbell\x07", "tab\u2409bell\u2407"),
        ("csi \x9b2J", "csi \ufffd2J"),
        ("한국어 中文 👍", "한국어 中文 👍"),
    ],
)
def test_visible(text, shown):
    assert visible(text) == shown


def test_visible_replaces_lone_surrogates():
    assert visible("a\udc80b") == "a?b"


@pytest.mark.parametrize(
    "notes, category",
    [
        (["the parcel never arrived", "courier lost it"], "logistics"),
        (["screen cracked after a week"], "product_quality"),
        (["I tried to set up the app", "can't figure out the login"], "usage"),
        (["agent was rude", "waited 40 minutes"], "service"),
        (["wants to talk"], "other"),
        (["택배가 안 왔어요"], "logistics"),
    ],
)
def test_propose_category(notes, category):
    assert propose_category(notes) == category


def test_a_long_pasted_line_is_cut_between_words_so_saving_keeps_every_space():
    pasted = "x" * (NOTE_CHUNK - 5) + " " * 5 + "y" * NOTE_CHUNK + "\n"  # a plain cut would end a note in spaces
    notes, tail = split_paste("", pasted)
    assert len(notes) == 3 and tail == ""
    assert all(len(note) <= NOTE_CHUNK for note in notes)
    # A note loses its trailing spaces when saved: no piece may end with one, so none is lost.
    assert "".join(note.rstrip() for note in notes) == pasted[:-1]


def test_a_run_of_spaces_longer_than_a_note_is_still_cut_to_size():
    notes, tail = split_paste("", " " * (NOTE_CHUNK + 10) + "x")
    assert notes == [] and tail == " " * 10 + "x"  # a note of spaces alone says nothing: not saved
