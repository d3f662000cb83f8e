"""The caller's history when the phone rings, with a team database and calls of this machine not
yet pushed (filed while the database was away, or a moment ago): they count beside the team's,
each call once, before and after the push, and one caught between the push and the outbox's
clearing is not counted twice."""

from __future__ import annotations

import shutil

from tests.store.conftest import call
from tests.team.test_phone_with_a_team import NOW, NUMBER, anas_calls
from tui.config.settings import Config
from tui.services import sync
from tui.services.caller_history import CallerHistory
from tui.store.datadir import prepare_data_dir, sync_dir
from tui.store.history import History


def test_calls_waiting_to_be_pushed_count_once_beside_the_teams(team, tmp_path):
    anas_calls(team, tmp_path)  # two calls from the number, pushed by Ana's machine
    config = Config(agent="Ben", timezone="Europe/London", default_region="GB", team_database=team.url("ben"))
    data_dir = prepare_data_dir(tmp_path / "ben")
    history = History(data_dir)
    bens = call("20261125T100000Z-dddddd", "2026-11-25T10:00:00+00:00", agent="Ben", caller=NUMBER, outcome="callback_promised")
    promise = {"t": 30.0, "type": "callback", "number": NUMBER, "zone": "Europe/London", "uid": "u2@callcoach", "sequence": 0}
    bens["events"].insert(2, promise | {"start": "2026-12-03T09:00:00Z", "end": "2026-12-03T11:00:00Z"})
    sync.commit_call(config, data_dir, history, call("20261125T110000Z-eeeeee", "2026-11-25T11:00:00+00:00", agent="Ben"))
    sync.commit_call(config, data_dir, history, bens)  # filed here, waiting in the outbox
    callers = CallerHistory(history, data_dir, "Europe/London", config.team_database)
    try:
        waiting = callers.look_up_team(NUMBER, NOW)
        assert waiting.summary.count == 3 and waiting.summary.last["id"] == bens["id"]
        assert waiting.summary.promise["uid"] == "u2@callcoach"  # the newest open promise is the one made here
        callers.FEW_WAITING = 0  # many waiting (a first sync's backfill): the month read once, the same answer
        assert said(callers.look_up_team(NUMBER, NOW)) == said(waiting)
        callers.FEW_WAITING = CallerHistory.FEW_WAITING
        assert callers.look_up_team("+442079460000", NOW).summary.count == 0  # a number this machine never took
        kept = tmp_path / "outbox-before-push"
        shutil.copytree(sync_dir(data_dir) / "outbox", kept)
        assert sync.sync_once(config, data_dir).pushed == 2
        assert said(callers.look_up_team(NUMBER, NOW)) == said(waiting)  # pushed: the same, counted once
        shutil.rmtree(sync_dir(data_dir) / "outbox")
        shutil.copytree(kept, sync_dir(data_dir) / "outbox")  # stored, its outbox record not yet cleared
        assert said(callers.look_up_team(NUMBER, NOW)) == said(waiting)
    finally:
        callers.close()


def said(found) -> tuple:
    """What the desk's caller row says: how many calls, the newest, the open promise, the text."""
    return found.summary.count, found.summary.last["id"], found.summary.promise, found.text
