"""Line mode driven through prompt-toolkit's pipe input: real key bytes in, the store read back."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.line.pipe_driver import ENTER, F2, F10, Shows, run_line_desk, wait_for
from tui.line.desk import prompt_toolkit_keys


def test_a_whole_call_in_line_mode_is_filed(desk, clock):
    typed = [
        "the parcel never",
        " arrived" + ENTER,
        "/next" + ENTER,
        "-5s sorry, our mistake" + ENTER,
        "/hold" + ENTER,
        "/hold" + ENTER,
        "/end" + ENTER,
        ENTER,
        ENTER,
    ]

    def advance(chunk):
        if chunk == " arrived" + ENTER:
            clock.advance(20)  # typing began before this: the stamp is when it began

    said, code = run_line_desk(desk, typed, advance=advance)
    assert code == 0
    [record] = list(desk.history.calls())
    notes = [(e["t"], e["text"]) for e in record["events"] if e["type"] == "note"]
    assert notes == [(0.0, "the parcel never arrived"), (15.0, "sorry, our mistake")]
    assert [e["type"] for e in record["events"]].count("hold") == 1
    assert (record["outcome"], record["category"]) == ("resolved", "logistics")
    assert any(line.startswith("Step 2 of 4: Apologize") for line in said)  # spoken on step change
    assert any("Say:" in line for line in said)
    assert any(line.startswith("Call filed") for line in said)


def test_f_keys_work_in_line_mode_and_f10_keeps_the_half_typed_line(desk):
    said, _ = run_line_desk(desk, [F2, "half typed", F10, "2" + ENTER, "5" + ENTER])
    [record] = list(desk.history.calls())
    assert [e["step"] for e in record["events"] if e["type"] == "step"] == ["listen", "apologize"]
    assert [e["text"] for e in record["events"] if e["type"] == "note"] == ["half typed"]
    assert (record["outcome"], record["category"]) == ("callback_promised", "other")


def test_wrap_up_refuses_an_unknown_answer_then_accepts_a_label(desk):
    said, _ = run_line_desk(desk, ["/end" + ENTER, "maybe" + ENTER, "esc" + ENTER, "serv" + ENTER])
    assert any("'maybe' is not one of" in line for line in said)
    [record] = list(desk.history.calls())
    assert (record["outcome"], record["category"]) == ("escalated", "service")


def test_status_and_unknown_commands_are_plain_sentences(desk, clock):
    said, _ = run_line_desk(desk, ["/status" + ENTER, "/fly" + ENTER, "/quit" + ENTER, "q" + ENTER])
    assert "Step Listen, call 00:00, step 00:00." in said
    assert any(line.startswith("/fly is not a command") for line in said)
    assert len(list(desk.journal_dir.iterdir())) == 1  # quit mid-call keeps it for resume


def test_ctrl_c_mid_note_then_carry_on_keeps_the_half_typed_note(desk, clock):
    def advance(chunk):
        if chunk == "\x03":
            clock.advance(10)

    said, _ = run_line_desk(
        desk, ["half", "\x03", "c" + ENTER, Shows("half"), " done" + ENTER, "/end" + ENTER, ENTER, ENTER], advance=advance
    )
    [record] = list(desk.history.calls())
    assert [(e["t"], e["text"]) for e in record["events"] if e["type"] == "note"] == [(0.0, "half done")]


def test_no_call_means_nothing_is_silently_saved(desk):
    said, _ = run_line_desk(desk, ["hello" + ENTER], caller=None)
    assert any("was not saved" in line for line in said)
    assert list(desk.history.calls()) == []


@pytest.mark.parametrize(
    "keys, expected",
    [("f2,ctrl+g", [("f2",), ("c-g",)]), ("f10,ctrl+backslash", [("f10",), ("c-\\",)]), ("ctrl+underscore", [("c-_",)])],
)
def test_desk_keys_in_prompt_toolkit_spelling(keys, expected):
    assert prompt_toolkit_keys(keys) == expected


def test_line_mode_never_loads_textual():
    code = "import sys, tui.line.desk, tui.commands.line; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_a_full_disk_when_the_call_ends_loses_nothing_and_the_call_is_offered_again(desk, tmp_path, monkeypatch):
    import tui.store.fsutil as fsutil
    from tui.store.journal import read_journal
    from tui.support.fault_seams import disk_full_write

    switch = tmp_path / "disk-full"
    monkeypatch.setattr(fsutil, "_write", disk_full_write(str(switch)))  # the store's write seam (fault row 5), as the CLI wires it

    def journals():
        return list(desk.journal_dir.glob("*.jsonl"))

    def advance(chunk):
        if chunk == "/end" + ENTER:  # the note is on disk; then the disk fills up
            wait_for(lambda: journals() and any(e.get("text") == "the parcel never arrived" for e in read_journal(journals()[0])[0]))
            switch.touch()

    said, code = run_line_desk(desk, ["the parcel never arrived" + ENTER, "/end" + ENTER, ENTER, ENTER], advance=advance, patience=15.0)
    assert code == 0
    assert any("could not be filed" in line and "offered at the next start" in line for line in said)
    assert list(desk.history.calls()) == []  # not filed, and not lost:
    [journal] = journals()
    switch.unlink()  # space comes back
    said, code = run_line_desk(desk, ["f" + ENTER], caller=None)  # the next start offers it: file it
    [record] = list(desk.history.calls())
    assert [e["text"] for e in record["events"] if e["type"] == "note"] == ["the parcel never arrived"]
