"""What the supervisor's commands (calls, replay, team, demo) share: the ReviewDesk and the app."""

from __future__ import annotations

from pathlib import Path

from ..config import Config


def run_review_app(config: Config, data_dir: Path, start: str, call_id: str | None = None, debug: bool = False) -> int:
    from ..app.review_app import ReviewApp
    from ..domain.clock import SystemClock
    from ..review_desk import ReviewDesk

    review = ReviewDesk(data_dir, config.timezone, config.agent, SystemClock())
    return int(ReviewApp(review, start, call_id, debug=debug).run() or 0)
