"""Row 23 (issue 15, class 7): nothing goes missing silently, and nothing says what is not so.

An export over a damaged month says so and exits 1 (`--skip-damaged` goes on, naming what it left
out); `erase` finds a caller's calls in quarantine/ and by the number as typed as well as stored;
`[keys]` refuses keys that type, that the notes editor needs, or that another action has; SIGTERM
on an idle desk says nothing about a call. Through the real program.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from benchlib.world import CALLER, Terminal
from tests.review.calls import ended, note, record
from tui.store.datadir import prepare_data_dir
from tui.store.history import History

LONDON = "+442070313000"


def stored(data_dir: Path, *records: dict) -> None:
    history = History(data_dir)
    for item in records:
        history.commit(item)
    history.close()


def november_call(call_id: str = "20261123T140000Z-aaaaaa", caller: str | None = LONDON, typed: str | None = None) -> dict:
    call = record(note(1, "parcel late"), ended(60), call_id=call_id, caller=caller)
    if typed is not None:
        call["events"][0]["caller_input"] = typed
    return call


# -- export --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["json", "md", "csv"])
def test_an_export_over_a_damaged_month_says_so_and_skips_only_when_told(terminal: Terminal, kind):  # noqa: F811
    data = prepare_data_dir(terminal.data_dir)
    stored(data, november_call())
    (data / "history" / "2026-10.json").write_bytes(b'{"calls": {"1": {"id": "20261023T1')  # torn
    refused = terminal.run("export", "--format", kind, "--data-dir", str(data))
    assert refused.returncode == 1 and refused.stdout == ""
    assert "history/2026-10.json cannot be read, so nothing was exported" in refused.stderr and "--skip-damaged" in refused.stderr
    skipped = terminal.run("export", "--format", kind, "--skip-damaged", "--data-dir", str(data))
    assert skipped.returncode == 0 and "20261123T140000Z-aaaaaa" in skipped.stdout
    assert "Skipped history/2026-10.json: it cannot be read." in skipped.stderr
    assert (data / "history" / "2026-10.json").exists()  # an export only reads


def test_an_export_over_a_journal_that_is_not_a_call_says_so(terminal: Terminal):  # noqa: F811
    data = prepare_data_dir(terminal.data_dir)
    (data / "journal" / "20261123T150000Z-bbbbbb.jsonl").write_text('{"t": 0, "type": "note", "text": "no start"}\n')
    result = terminal.run("export", "--data-dir", str(data))
    assert result.returncode == 1 and "journal/20261123T150000Z-bbbbbb.jsonl cannot be read" in result.stderr


# -- erase ---------------------------------------------------------------------------------------------


def test_erase_finds_the_caller_in_quarantine_and_as_typed(terminal: Terminal):  # noqa: F811
    data = prepare_data_dir(terminal.data_dir)
    no_region = november_call("20261123T150000Z-typed1", caller=None, typed="020 7031 3000")  # taken with no default region
    other = november_call("20261123T160000Z-other1", caller="+16502530000")
    stored(data, november_call(), no_region, other)
    holding = data / "quarantine" / "history-2026-09.json.20261001T000000Z.corrupt"
    holding.write_bytes(b'{"calls": {"1": {"id": "x", "caller": "+442070313000", "events": [')
    unrelated = data / "quarantine" / "history-2026-08.json.20260901T000000Z.corrupt"
    unrelated.write_bytes(b'{"calls": {"1": {"caller": "+16502530000"')

    listed = terminal.run("erase", "--caller", "+44 20 7031 3000", "--dry-run", "--data-dir", str(data))
    assert listed.returncode == 0
    assert "20261123T140000Z-aaaaaa" in listed.stdout and "20261123T150000Z-typed1" in listed.stdout
    assert f"quarantine/{holding.name}" in listed.stdout and unrelated.name not in listed.stdout
    assert "Would remove 2 call(s)" in listed.stdout and "1 damaged file(s) in quarantine/" in listed.stdout

    done = terminal.run("erase", "--caller", "+44 20 7031 3000", "--yes", "--data-dir", str(data))
    assert done.returncode == 0 and "1 damaged file(s) from quarantine/" in done.stdout
    assert not holding.exists() and unrelated.exists()
    assert [call["id"] for call in History(data, read_only=True).calls()] == ["20261123T160000Z-other1"]


def test_erase_with_no_region_finds_a_number_by_the_digits_typed(terminal: Terminal):  # noqa: F811
    data = prepare_data_dir(terminal.data_dir)
    stored(data, november_call("20261123T150000Z-typed1", caller=None, typed="020 7031 3000"))
    done = terminal.run("erase", "--caller", "020-7031-3000", "--yes", "--data-dir", str(data))  # config has no default_region
    assert done.returncode == 0, done.stderr
    assert "Removed 1 call(s)" in done.stdout and list(History(data, read_only=True).calls()) == []


def test_erase_says_no_calls_only_when_there_are_none(terminal: Terminal):  # noqa: F811
    data = prepare_data_dir(terminal.data_dir)
    stored(data, november_call("20261123T160000Z-other1", caller="+16502530000"))
    result = terminal.run("erase", "--caller", "+44 20 7031 3000", "--yes", "--data-dir", str(data))
    assert result.returncode == 0 and "No calls of caller …3000; nothing removed." in result.stdout


# -- [keys] --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "binding, message",
    [
        ('next_step = "a"', "keys.next_step' should be a key that types nothing and is not taken: a types into the note"),
        ('next_step = "space"', "space types into the note"),
        ('next_step = "1"', "1 types into the note"),
        ('previous_step = "enter"', "enter is a key the notes editor needs"),
        ('end_call = "q,space"', "q types into the note"),
        ('callback = "escape"', "escape is a key the notes editor needs"),
        ('offer = "tab"', "tab is a key the notes editor needs"),
        ('hold = "ctrl+a"', "ctrl+a is a key the notes editor needs"),
        ('hold = "ctrl+w"', "ctrl+w is a key the notes editor needs"),
        ('hold = "up"', "up is a key the notes editor needs"),
        ('hold = "backspace"', "backspace is a key the notes editor needs"),
        ('hold = "alt+x"', "alt+x types into the note"),
        ('hold = "f5"', "keys.hold' should be a key that types nothing and is not taken: f5 is already the key of callback"),
        ('next_step = "f8"', "keys.next_step' should be a key that types nothing and is not taken: f8 is already the key of hold"),
        ('next_step = "f11"\nprevious_step = "f11"', "f11 is already the key of next_step"),
        # the F5 panel's and F9 queue's keys act during a call too: F4 is their "whose time"
        (
            'next_step = "f4,ctrl+g"',
            "keys.next_step' should be a key that types nothing and is not taken: f4 is already the key of callback_whose_time",
        ),
        (
            'callback_next_zone = "f2"',
            "keys.callback_next_zone' should be a key that types nothing and is not taken: f2 is already the key of next_step",
        ),
    ],
)
def test_keys_that_type_or_are_taken_are_refused_by_name(terminal: Terminal, binding, message):  # noqa: F811
    terminal.config.write_text(terminal.config.read_text() + f"[keys]\n{binding}\n", encoding="utf-8")
    result = terminal.run("export", "--data-dir", str(terminal.data_dir))
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1  # one sentence


def test_keys_that_type_nothing_and_are_free_are_taken(terminal: Terminal):  # noqa: F811
    terminal.config.write_text(terminal.config.read_text() + '[keys]\nnext_step = "f11,ctrl+j"\nhold = "f12"\n', encoding="utf-8")
    result = terminal.run("export", "--data-dir", str(terminal.data_dir))
    assert result.returncode == 2 and "ctrl+j is a key the notes editor needs" in result.stderr  # Ctrl+J is Enter in a terminal
    terminal.config.write_text(terminal.config.read_text().replace("ctrl+j", "ctrl+6"), encoding="utf-8")
    assert terminal.run("export", "--data-dir", str(terminal.data_dir)).returncode == 0


# -- SIGTERM -------------------------------------------------------------------------------------------


def test_sigterm_on_an_idle_desk_says_nothing_about_a_call(terminal: Terminal):  # noqa: F811
    desk = terminal.spawn()
    desk.wait_for("Ctrl+N")
    desk.kill(signal.SIGTERM, group=False)
    assert desk.wait() == 0, desk.tail()  # exit 1 once at load (not seen again in 72 tries): its sentence, next time
    assert "stopped by SIGTERM." in desk.text
    assert "call was saved" not in desk.text and "resume" not in desk.text.split("stopped by SIGTERM")[-1]


def test_sigterm_during_a_call_still_says_it_was_saved(terminal: Terminal):  # noqa: F811
    desk = terminal.spawn("call", "--caller", CALLER)
    terminal.wait_for_call(desk)
    desk.kill(signal.SIGTERM, group=False)
    assert desk.wait() == 0
    assert "stopped by SIGTERM; the call was saved and will be offered for resume." in desk.text


def test_the_editor_keys_cover_every_key_the_notes_editor_binds():
    """config/keys.py keeps its own list (the config never imports Textual): it must hold every key
    Textual's Input and the note editor bind, so no remap can take one of them away."""
    from textual.widgets import Input

    from tui.app.widgets.note_input import NoteInput
    from tui.config.keys import EDITOR_KEYS

    bound = {key for binding in [*Input.BINDINGS, *NoteInput.BINDINGS] for key in binding.key.split(",")}
    assert bound - EDITOR_KEYS == set()
