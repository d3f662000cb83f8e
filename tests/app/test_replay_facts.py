"""The replay shows, at its play head, what the md export lists for the whole call (issue 14 item 6):
the caller's type, the offers (kind, amount, accepted, inside authority) and the promise (window in
the agent's and the caller's time, the number, its state); a changed promise replaces the first."""

from __future__ import annotations

from tui.app.widgets.call_facts import CallFacts

from .conftest import until
from .review_helpers import filled_dir, review_app

CALL = "20261123T140000Z-aaaaaa"  # caller type 00:40, offers 02:00 and 02:11, promise 03:20, changed 03:50


def facts(app) -> str:
    widget = app.screen.query_one(CallFacts)
    return str(widget.render()) if widget.display else ""


async def test_the_facts_follow_the_play_head(data_dir):
    app = review_app(filled_dir(data_dir), "replay", CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        await pilot.pause()
        assert facts(app) == ""  # nothing tagged, offered or promised at 00:00
        await pilot.press("g", *"2:05", "enter")
        await until(pilot, lambda: app.screen.t == 125.0)
        assert facts(app) == "Caller type Emotional\nOffer 02:00 Replacement · accepted · inside authority"
        await pilot.press("g", *"3:30", "enter")
        await until(pilot, lambda: app.screen.t == 210.0)
        lines = facts(app).splitlines()
        assert lines[2] == "Offer 02:11 Refund 80 GBP · not accepted · outside authority"
        assert lines[3] == "Promise 03:20 Tue 24 Nov 10:00-12:00 GMT on +442070313000 · upcoming"
        await pilot.press("end")
        await until(pilot, lambda: app.screen.t == 262.0)
        assert facts(app).splitlines()[3] == "Promise 03:50 Tue 24 Nov 14:00-16:00 GMT on +442070313000 · upcoming"


async def test_the_facts_speak_the_readers_language(data_dir, agent_language):
    agent_language("ko")
    app = review_app(filled_dir(data_dir), "replay", CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        await pilot.press("end")
        await until(pilot, lambda: app.screen.t == 262.0)
        text = facts(app)
        assert text.splitlines()[0].endswith(" 감정형"), text
        assert "환불 80 GBP" in text and "11월 24일(화) 14:00-16:00 GMT" in text


async def test_at_80x24_the_replay_key_bar_shows_every_key(data_dir):
    from tui.app.widgets.key_bar import KeyBar

    app = review_app(filled_dir(data_dir), "replay", CALL)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        shown = str(bar.render())
        assert " c  Comment" in shown and " Esc  Back" in shown and "Ctrl+Q" in shown
        assert bar.region.bottom <= 24 and all(len(line) <= 78 for line in shown.splitlines())
