"""The team history at a team's scale (issue 16: a million calls): the filters are answered by
PostgreSQL a page at a time, newest first, with the same meaning as the browser's own filters over
rows in memory, as each role may see them; the next page starts after the last call shown."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import psycopg
import pytest

from tests.app.conftest import until
from tests.team.helpers import cli
from tests.team.test_import_whole import export_file
from tui.app.base import review_app
from tui.app.widgets.call_table import CallTable
from tui.config.settings import Config
from tui.domain.review.history_rows import Filters, action_index, filter_rows, now_epoch, with_status
from tui.services.team_review import TeamReviewService
from tui.store.datadir import prepare_data_dir
from tui.store.team.reads import TeamReader


@pytest.fixture
def loaded(monkeypatch, capsys, team, tmp_path):
    """300 calls of seven agents over twelve months, one of them Ana's; a few with a flag or a promise."""
    path = tmp_path / "team.json"
    export_file(path, 300)
    document = json.loads(path.read_text(encoding="utf-8"))
    for number, call in enumerate(document["calls"]):
        if number % 50 == 0:
            call["agent"] = call["events"][0]["agent"] = "Ana"
        if number % 3 == 0:
            call["events"][2]["text"] = f"caller said I tried twice, parcel {number} still lost"  # an E1 cue: flagged
        if number % 4 == 0:
            call["outcome"] = call["events"][-1]["outcome"] = "escalated"
        if number % 25 == 0:  # notes in Korean and Chinese, found as typed (no word breaks in Chinese)
            call["events"][2]["text"] += f" 주문번호 {number}번을 확인했습니다 订单号{number}还没有到"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "lead"), "import", "--team", str(path))
    assert code == 0, err
    return document


def in_memory(reader: TeamReader, filters: Filters) -> list[str]:
    """What the browser's own filters keep of every row, newest first (the local meaning)."""
    rows = [row for month in reader.months() for row in reader.rows(month)]
    now = now_epoch(datetime.now(UTC))
    return [row["id"] for row in filter_rows([with_status(row, action_index(reader.actions()), now) for row in rows], filters)]


FILTERS = [
    Filters(),
    Filters(text="parcel"),
    Filters(text="TRIED twice"),
    Filters(text="agent 3"),
    Filters(text="no such words"),
    Filters(text="100%_\\"),
    Filters(text="parcel 150 "),  # one call's number: through the notes' index
    Filters(text="주문번호"),
    Filters(text="확인"),  # two letters: read from the rows
    Filters(text="订单号"),
    Filters(text="订单 号25还"),
    Filters(text="75번을 agent"),
    Filters(outcome="escalated"),
    Filters(category="usage", agent="Agent 2"),
    Filters(agent="Ana"),
    Filters(flagged=True),
    Filters(overdue=True),
    Filters(since=datetime(2026, 3, 1, tzinfo=UTC).timestamp(), until=datetime(2026, 6, 1, tzinfo=UTC).timestamp()),
    Filters(text="still", outcome="escalated", since=datetime(2026, 1, 1, tzinfo=UTC).timestamp()),
]


@pytest.mark.parametrize("who", ["sue", "ana", "ben"])
def test_each_filter_answered_by_the_database_keeps_what_the_browser_would(team, loaded, who):
    reader = TeamReader(team.url(who))
    try:
        for filters in FILTERS:
            expected = in_memory(reader, filters)
            assert [row["id"] for row in reader.page(filters, 1000)] == expected, filters
            assert all("search" not in row for row in reader.page(filters, 5))  # only what the screen shows
        if who == "ana":
            assert {row["agent"] for row in reader.page(Filters(), 1000)} == {"Ana"}
        if who == "ben":
            assert reader.page(Filters(), 1000) == [] and reader.agents() == []
    finally:
        reader.close()


def test_pages_follow_one_another_without_a_gap_or_a_repeat(team, loaded):
    reader = TeamReader(team.url("sue"))
    try:
        for filters in (Filters(), Filters(outcome="escalated"), Filters(text="parcel")):
            pages, after = [], None
            while True:
                page = reader.page(filters, 17, after)
                pages += [row["id"] for row in page]
                if len(page) < 17:
                    break
                after = page[-1]["id"]
            assert pages == in_memory(reader, filters)
        assert reader.agents() == ["Agent 0", "Agent 1", "Agent 2", "Agent 3", "Agent 4", "Agent 5", "Agent 6", "Ana"]
        newest = loaded["calls"][0]
        assert reader.call(newest["id"]) == newest  # its month's partition only
        assert reader.call("nosuchcall") is None and reader.call("209913T000000Z-000000") is None
    finally:
        reader.close()


async def test_the_team_history_screen_filters_and_pages_through_the_database(team, loaded, tmp_path, clock, monkeypatch):
    import tui.app.review.team_calls as team_calls

    monkeypatch.setattr(team_calls, "PAGE", 40)
    monkeypatch.setattr(team_calls, "NEAR_END", 5)
    config = Config(agent="Sue", timezone="UTC", team_database=team.url("sue"))
    review = TeamReviewService(prepare_data_dir(tmp_path / "sue"), "UTC", "Sue", clock, config)
    app = review_app(review, config, start="calls")
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.screen.query_one(CallTable)
        newest_first = sorted(loaded["calls"], key=lambda call: (call["started_at"], call["id"]), reverse=True)
        await until(pilot, lambda: not app.screen.reading and len(table.rows) == 40)
        assert [row["id"] for row in table.rows] == [call["id"] for call in newest_first[:40]]
        assert "newest 40 calls" in str(app.screen.query_one("#calls-title").render())
        await pilot.press("pagedown", "pagedown")  # near the end of what is shown: the next page comes
        await until(pilot, lambda: not app.screen.reading and len(table.rows) == 80)
        assert [row["id"] for row in table.rows] == [call["id"] for call in newest_first[:80]]
        await pilot.press(*"tried")
        expected = [call["id"] for call in newest_first if "tried" in call["events"][2]["text"]][:40]
        await until(pilot, lambda: [row["id"] for row in table.rows] == expected)
    review.close()


def test_the_flagged_index_is_used_for_flagged_calls(team, loaded):
    with psycopg.connect(team.db.url) as conn:
        indexes = {row[0] for row in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'calls'")}
    assert {"calls_started", "calls_agent", "calls_flagged"} <= indexes
    assert not {"calls_outcome", "calls_category", "calls_flags", "calls_pushed"} & indexes
