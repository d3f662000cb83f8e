"""What the supervisor's commands (calls, replay, team, demo) share: the ReviewService and the app."""

from __future__ import annotations

from pathlib import Path

from tui.config.settings import Config


def run_review_app(
    config: Config, data_dir: Path, start: str, call_id: str | None = None, debug: bool = False, preload: bool = False
) -> int:
    """Run the supervisor's app; `preload` reads the call to replay before the app starts (no event
    loop runs yet, so the disk read blocks nothing) and the replay's first frame shows it."""
    from tui.app.review.app import ReviewApp
    from tui.domain.call.clock import SystemClock
    from tui.services.review import ReviewService

    review = ReviewService(data_dir, config.timezone, config.agent, SystemClock(), config)
    loaded = review.load_call(call_id) if preload and call_id else None
    app = ReviewApp(review, start, call_id, debug=debug, loaded=loaded)
    app.run()
    return int(app.return_code or 0)  # 1 after an internal error (run() returns the return value)
