"""Replay by keys: what the desk's widgets show at given call times, flags, comments."""

from __future__ import annotations

import threading

from tui.app import base
from tui.app.widgets.call_header import CallHeader
from tui.app.widgets.replay_notes import ReplayNotes
from tui.app.widgets.review_pane import ReviewPane
from tui.app.widgets.step_tracker import StepTracker
from tui.app.widgets.timeline import Timeline
from tui.config.settings import Config
from tui.domain.call.clock import ManualClock
from tui.services.review import ReviewService
from tui.store.reviews import ReviewStore

from .conftest import until
from .review_helpers import filled_dir, review_app

CALL = "20261123T140000Z-aaaaaa"  # listen 0, apologize 62, resolve 81, thank 215, ended 262
OTHER = "20261123T150000Z-bbbbbb"  # hold 40-230, escalated, six flags


def shown(app) -> dict:
    screen = app.screen
    return {
        "header": str(screen.query_one(CallHeader).render()),
        "steps": str(screen.query_one(StepTracker).render()),
        "notes": screen.query_one(ReplayNotes).note_count,
        "t": screen.t,
    }


async def opened(pilot):
    await until(pilot, lambda: getattr(pilot.app.screen, "model", None) is not None)
    await pilot.pause()


async def test_replay_keys_move_the_play_head_and_the_widgets_follow(data_dir):
    app = review_app(filled_dir(data_dir), "replay", CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        assert shown(app)["t"] == 0.0 and shown(app)["notes"] == 0
        assert "1 Listen 00:00" in shown(app)["steps"]
        await pilot.press("right")  # 00:10: the first note (typed from 00:04)
        assert shown(app)["t"] == 10.0 and shown(app)["notes"] == 1
        await pilot.press("shift+right")  # 01:10: apologize entered at 01:02
        s = shown(app)
        assert s["t"] == 70.0 and "▶ 2 Apologize 00:08" in s["steps"] and "✓ 1 Listen 01:02" in s["steps"]
        assert s["header"].startswith("● 01:10") and s["notes"] == 3
        await pilot.press("left_square_bracket")  # previous event: the note at 01:05
        assert shown(app)["t"] == 65.0
        await pilot.press("right_square_bracket")  # 01:21 resolve
        assert shown(app)["t"] == 81.0 and "▶ 3 Resolve 00:00" in shown(app)["steps"]
        await pilot.press("shift+left", "shift+left")  # clamped at the start
        assert shown(app)["t"] == 0.0
        await pilot.press("end")
        s = shown(app)
        assert s["t"] == 262.0 and s["header"].startswith("■ 04:22") and "✓ 4 Thank 00:47" in s["steps"]
        await pilot.press("home")
        assert shown(app)["t"] == 0.0


async def test_play_runs_at_the_chosen_speed_and_pauses(data_dir):
    app = review_app(filled_dir(data_dir), "replay", CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        clock = app.test_clock
        await pilot.press("4", "space")
        clock.advance(5)  # 5 s of wall time at 4x: 20 s of call
        await until(pilot, lambda: app.screen.t >= 20.0)
        assert app.screen.t == 20.0
        await pilot.press("space")
        clock.advance(5)
        await pilot.pause(0.3)
        assert app.screen.t == 20.0 and not app.screen.playing
        await pilot.press("8", "space")
        clock.advance(60)  # past the end: stops there
        await until(pilot, lambda: not app.screen.playing)
        assert app.screen.t == 262.0


async def test_go_to_and_bad_time_is_explained(data_dir):
    app = review_app(filled_dir(data_dir), "replay", CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("g", *"3:07", "enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "ReplayScreen")
        assert app.screen.t == 187.0
        await pilot.press("g", *"1:75", "enter")
        assert "60 or more" in str(app.screen.query_one("#ask-problem").render())
        await pilot.press("escape")
        assert app.screen.t == 187.0


async def test_enter_on_a_flag_jumps_there_and_timeline_shows_ticks(data_dir):
    app = review_app(filled_dir(data_dir), "replay", OTHER)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        pane = app.screen.query_one(ReviewPane)
        assert pane.border_title.startswith("Review · 6 flags")
        texts = [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]
        hold = next(i for i, text in enumerate(texts) if "L9" in text)
        pane.highlighted = hold
        await pilot.press("enter")
        assert app.screen.t == 40.0
        assert "ON HOLD 00:00" in shown(app)["header"]
        await pilot.press("right")
        assert "ON HOLD 00:10" in shown(app)["header"]
        bar = str(app.screen.query_one(Timeline).render()).splitlines()
        assert "H" in bar[0] and "!" in bar[0] and "▲ 00:50" in bar[1]


async def test_comment_at_the_play_head_is_stored_apart_from_the_call(data_dir):
    app = review_app(filled_dir(data_dir), "replay", CALL)
    before = (data_dir / "history").stat().st_mtime_ns
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("shift+right", "c")
        await pilot.press(*"Listen ran [b]long[/b]; 很好", "enter")
        await until(pilot, lambda: len(ReviewStore(data_dir).for_call(CALL)) == 2)
        await until(pilot, lambda: "2 comment(s)" in app.screen.query_one(ReviewPane).border_title)
    comment = [c for c in ReviewStore(data_dir).for_call(CALL) if c["author"] == "Sam" and c["t"] == 60.0][0]
    assert comment["text"] == "Listen ran [b]long[/b]; 很好"
    assert (data_dir / "history").stat().st_mtime_ns == before
    assert oct((data_dir / "reviews" / "comments.jsonl").stat().st_mode & 0o777) == "0o600"


async def test_unknown_call_says_so(data_dir):
    app = review_app(filled_dir(data_dir), "replay", "nope")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "No call nope" in str(app.screen.query_one(CallHeader).render()))


async def test_the_review_pane_follows_the_play_head(data_dir):
    app = review_app(filled_dir(data_dir), "replay", OTHER)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        pane = app.screen.query_one(ReviewPane)
        await pilot.press("right")  # 00:10: the E1 cue at 00:03
        assert pane._times[pane.highlighted] == 3.0
        await pilot.press("g", *"0:45", "enter")  # the hold (L9) and its comment at 00:40
        await until(pilot, lambda: app.screen.t == 45.0)
        assert pane._times[pane.highlighted] == 40.0


class SlowToReadDesk(ReviewService):
    """The real review desk, whose read of the call waits until the test lets it go on (a slow disk)."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.go_on = threading.Event()

    def load_call(self, call_id: str):
        self.go_on.wait(10)
        return super().load_call(call_id)


async def test_keys_pressed_while_the_call_is_read_act_once_it_is_on_screen(data_dir):
    review = SlowToReadDesk(filled_dir(data_dir), "Europe/London", "Sam", ManualClock())
    app = base.review_app(review, Config(agent="Sam", timezone="Europe/London"), start="replay", call_id=CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.model is None  # still reading
        await pilot.press("end", "left")  # End, then back 10 s: kept, in order
        review.go_on.set()
        await opened(pilot)
        await until(pilot, lambda: shown(app)["t"] == 252.0)
        assert shown(app)["notes"] > 0
