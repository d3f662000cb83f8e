"""A call cut short is offered when line mode starts: resumed with its notes and half-typed note, or filed.

The cut-short call is made the way a crash leaves it: a real session journals notes and a draft,
its writer is flushed and closed, and nothing is committed. Line mode then runs on the same data dir.
"""

from __future__ import annotations

from tests.line.pipe_driver import ENTER, Shows, run_line_desk
from tui.store.journal import read_journal

END = ["/end" + ENTER, ENTER, ENTER]


def cut_short_call(desk, clock):
    session, _ = desk.start_call("+44 20 7031 3000")
    session.call.add_note("the parcel never arrived")
    clock.advance(30)
    session.call.next_step()
    session.save_draft(session.call.now(), "sorry, that was our mi")
    session.abandon()  # flushed (draft included) and closed, never filed: as a kill leaves it
    [journal] = list(desk.journal_dir.glob("*.jsonl"))
    assert read_journal(journal)[1]["text"] == "sorry, that was our mi"
    return journal


def test_resume_brings_back_the_notes_the_step_and_the_half_typed_note(desk, clock):
    journal = cut_short_call(desk, clock)
    clock.advance(100)
    typed = [ENTER, Shows("sorry, that was our mi"), "stake" + ENTER, "/status" + ENTER, *END]  # Enter: r, the proposal
    said, code = run_line_desk(desk, typed, caller=None)
    assert code == 0
    assert "Resumed the call from 14:00 with 1 note(s)." in said
    assert "  00:00 the parcel never arrived" in said
    assert "The note you were typing is back on the line; Enter saves it." in said
    assert "Step Apologize, call 02:10, step 01:40." in said  # the call clock ran on
    [record] = list(desk.history.calls())
    assert record["status"] == "completed"
    notes = [(e["t"], e["text"]) for e in record["events"] if e["type"] == "note"]
    assert notes == [(0.0, "the parcel never arrived"), (30.0, "sorry, that was our mistake")]  # stamped when typing began
    assert [e["step"] for e in record["events"] if e["type"] == "step"] == ["listen", "apologize"]
    assert not journal.exists()


def test_f_files_the_cut_short_call_as_it_is_and_starts_the_new_one(desk, clock):
    journal = cut_short_call(desk, clock)
    said, _ = run_line_desk(desk, ["f" + ENTER, "new caller" + ENTER, *END], caller="+44 161 496 0000")
    assert f"Filed {journal.stem} as interrupted." in said
    records = {record["id"]: record for record in desk.history.calls()}
    assert records[journal.stem]["status"] == "interrupted"
    assert [e["text"] for e in records[journal.stem]["events"] if e["type"] == "note"][0] == "the parcel never arrived"
    [new] = [record for key, record in records.items() if key != journal.stem]
    assert [e["text"] for e in new["events"] if e["type"] == "note"] == ["new caller"]
