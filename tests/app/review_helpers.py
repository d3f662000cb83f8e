"""Building a supervisor's app over a data dir filled with known calls, for Pilot tests."""

from __future__ import annotations

import json
from pathlib import Path

from tui.app import base
from tui.app.review.app import ReviewApp
from tui.config.settings import Config
from tui.domain.call.clock import ManualClock
from tui.services.review import ReviewService
from tui.store.history import History
from tui.store.reviews import ReviewStore

GOLDEN = Path(__file__).parent.parent / "review" / "golden" / "calls.json"


def filled_dir(data_dir: Path, records: list[dict] | None = None, comments: list[dict] | None = None) -> Path:
    document = json.loads(GOLDEN.read_text(encoding="utf-8"))
    history = History(data_dir)
    for record in records if records is not None else document["calls"]:
        history.commit(record)
    history.close()
    ReviewStore(data_dir).add(comments if comments is not None else document["reviews"])
    return data_dir


def review_app(data_dir: Path, start: str = "calls", call_id: str | None = None, keys: dict[str, str] | None = None) -> ReviewApp:
    """The app `callcoach calls` builds (tui.app.base.review_app), for Sam in London, on a frozen clock."""
    clock = ManualClock()
    config = Config(agent="Sam", timezone="Europe/London", keys=keys or {})
    app = base.review_app(ReviewService(data_dir, config.timezone, config.agent, clock), config, start=start, call_id=call_id)
    app.test_clock = clock
    return app
