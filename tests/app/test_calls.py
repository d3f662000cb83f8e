"""The history browser by keys: typing filters, F-key filters, sorting, reveal, Enter replays."""

from __future__ import annotations

from tests.review.calls import ended, note, record, step
from tui.app.widgets.call_table import CallTable, masked_caller
from tui.store.history import History

from .conftest import until
from .review_helpers import filled_dir, review_app


def ids(app) -> list[str]:
    return [row["id"][-6:] for row in app.screen.query_one(CallTable).rows]


async def loaded(pilot):
    await until(pilot, lambda: not pilot.app.screen.reading)
    await pilot.pause()


async def test_history_filters_sorts_and_opens_replay(data_dir):
    app = review_app(filled_dir(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert ids(app) == ["cccccc", "bbbbbb", "aaaaaa"]  # newest first
        await pilot.press(*"耳机")  # note text, in Chinese
        assert ids(app) == ["bbbbbb"]
        await pilot.press("escape")
        await pilot.press(*"min-jun")  # agent, any case
        assert ids(app) == ["bbbbbb"]
        await pilot.press("escape", *"0313000")  # caller digits
        assert ids(app) == ["aaaaaa"]
        await pilot.press("escape", "f4")  # flagged only
        assert ids(app) == ["bbbbbb"]
        await pilot.press("f4", "f3")  # outcome: resolved
        assert ids(app) == []
        await pilot.press("f3")  # callback promised
        assert ids(app) == ["aaaaaa"]
        await pilot.press("f3", "f3", "f3")  # back to any outcome
        assert len(ids(app)) == 3
        await pilot.press("f6", "f6", "f6", "f6", "f6", "f6")  # sort by flags, most first
        assert app.screen.query_one(CallTable).sort_column == "flags" and ids(app)[0] == "bbbbbb"
        await pilot.press("f7")
        assert ids(app)[-1] == "bbbbbb"
        table = app.screen.query_one(CallTable)
        table.cursor = ids(app).index("aaaaaa")
        await pilot.press("enter")
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        assert app.screen.call_id.endswith("aaaaaa")
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "CallsScreen"


async def test_dates_and_reveal(data_dir):
    app = review_app(filled_dir(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f2", *"2026-11-23 2026-11-23", "enter")
        assert sorted(ids(app)) == ["aaaaaa", "bbbbbb", "cccccc"]
        await pilot.press("f2", *"2026-11-24 -", "enter")
        assert ids(app) == []
        await pilot.press("f2", *"soon", "enter")
        assert "not a date" in str(app.screen.query_one("#ask-problem").render())
        await pilot.press("escape", "f2", "enter")  # empty clears
        assert len(ids(app)) == 3
        line = app.screen.query_one(CallTable).render_line(3).text
        assert "…3000" in line and "+442070313000" not in line
        await pilot.press("f8")
        assert "+442070313000" in app.screen.query_one(CallTable).render_line(3).text


def test_masked_caller():
    assert masked_caller("+442070313000", False) == "…3000"
    assert masked_caller("+442070313000", True) == "+442070313000"
    assert masked_caller("", False) == ""


async def test_overdue_filter(data_dir):
    app = review_app(filled_dir(data_dir))
    app.test_clock.advance(2 * 86400)  # 25 Nov: the 24 Nov callback window has passed
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f5")
        assert ids(app) == ["aaaaaa"]
        assert "OVERDUE" in app.screen.query_one(CallTable).render_line(1).text


async def test_team_view_from_the_history(data_dir):
    app = review_app(filled_dir(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TeamScreen")
        await pilot.pause()
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("All agents") and "3 call(s)" in body and "Average time per step" in body
        await pilot.press("down")
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("Ana") and "2 call(s)" in body and "Logistics" in body
        await pilot.press("down")
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("Min-jun") and "L10" in body and "Apologize    " in body and "not entered" in body
        await pilot.press("f2", *"2026-11-24 -", "enter")
        await pilot.pause()
        assert "no calls" in str(app.screen.query_one("#team-title").render())
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "CallsScreen"


async def test_team_view_on_its_own_loads_everything(data_dir):
    app = review_app(filled_dir(data_dir), "team")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.stats != [])
        assert app.screen.stats[0].calls == 3


async def test_rows_are_really_drawn_not_hidden_by_a_loading_overlay(data_dir):
    app = review_app(filled_dir(data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.query_one(CallTable).first_drawn is not None)
        assert not app.screen.loading


async def test_a_newly_filed_call_appears_after_the_stale_rows(data_dir):
    filled_dir(data_dir)
    app = review_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
    history = History(data_dir)
    history.commit(
        record(
            step(0, "listen"),
            note(3, "brand new call"),
            ended(50),
            call_id="20261123T170000Z-dddddd",
            started_at="2026-11-23T17:00:00+00:00",
        )
    )
    history.close()
    app = review_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: len(ids(app)) == 4)
        assert ids(app)[0] == "dddddd"
        await pilot.press(*"brand new")
        assert ids(app) == ["dddddd"]


def a_call(minute: int, text: str) -> dict:
    return record(
        step(0, "listen"),
        note(3, text),
        ended(50),
        call_id=f"20261123T15{minute:02d}00Z-{minute:06d}",
        started_at=f"2026-11-23T15:{minute:02d}:00+00:00",
    )


async def test_a_call_filed_since_the_last_look_is_among_the_first_rows(data_dir, monkeypatch):
    from tui.app.review.calls import CallsScreen

    history = History(data_dir)
    for minute in range(24):  # a month past the inline size: a filing appends one line to it
        history.commit(a_call(minute, f"parcel {minute}"))
    app = review_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)  # the month's index written
    month_file = history.stamp("2026-11")[0]
    history.commit(a_call(30, "brand new call"))
    assert history.stamp("2026-11")[0] == month_file  # the filing appended a line, the month file kept
    history.close()

    first_shown: list[list[str]] = []
    monkeypatch.setattr(CallsScreen, "rows_shown", lambda screen: first_shown.append(ids(screen.app)) if not first_shown else None)
    app = review_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert first_shown[0][0] == "000030" and len(first_shown[0]) == 25  # in the first rows, not swapped in after
        assert ids(app)[0] == "000030"
        await pilot.press(*"brand new")
        assert ids(app) == ["000030"]
