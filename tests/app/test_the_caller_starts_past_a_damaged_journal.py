"""`callcoach call --caller NUM` starts its call once the cut-short calls are offered. A journal in
the data dir that holds no call (a damaged disk, a stray file) or is a link (not a journal this desk
wrote: journals are read without following links) used to stop that for good: the offer found
nothing to offer, or the look at start failed, and the call never began while the agent waited."""

from __future__ import annotations

from tui.app.desk.resume_call import ResumeCallScreen

from .conftest import desk_screen, settle, until

CALLER = "+44 20 7031 3000"


async def caller_call_starts(make_app) -> None:
    app = make_app(start_caller=CALLER)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.session is not None, timeout=10)
        await settle(pilot)
        assert not isinstance(app.screen, ResumeCallScreen)
        await pilot.press(*"on hold")
        await until(pilot, lambda: screen.query_one("#note-input").value == "on hold")


async def test_a_journal_holding_no_call_is_passed_by(make_app, desk):
    desk.journal_dir.mkdir(parents=True, exist_ok=True)
    stray = desk.journal_dir / "20261203T101500Z-0000.jsonl"
    stray.write_bytes(b'{"note": "not an event"}\n[1, 2]\n')
    await caller_call_starts(make_app)
    assert stray.read_bytes() == b'{"note": "not an event"}\n[1, 2]\n'  # left as it was: nothing of ours to file


async def test_a_link_among_the_journals_is_not_offered(make_app, desk, tmp_path):
    desk.journal_dir.mkdir(parents=True, exist_ok=True)
    elsewhere = tmp_path / "elsewhere.jsonl"
    elsewhere.write_text('{"type": "started", "caller": "+1 212 555 0100"}\n')
    (desk.journal_dir / "20261203T101500Z-0000.jsonl").symlink_to(elsewhere)
    await caller_call_starts(make_app)
    assert elsewhere.read_text() == '{"type": "started", "caller": "+1 212 555 0100"}\n'
