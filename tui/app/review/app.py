"""The supervisor's app: the history browser, replay and the team view, over a read-only history.

Opened by `callcoach calls`, `callcoach replay ID|latest` and `callcoach demo`, built by
tui.app.base.review_app. It never takes the desk lock: a supervisor can browse beside a running
desk. Comments go to their own file.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from tui.app.actions import bindings
from tui.app.base import BaseApp
from tui.config.keys import REVIEW_APP_ACTIONS
from tui.services.review import LoadedCall, ReviewService


class ReviewApp(BaseApp):
    CSS_PATH = ["../theme.tcss", "review.tcss"]  # the widgets' look, then the screens' layout
    TITLE = "callcoach review"
    BINDINGS = bindings(REVIEW_APP_ACTIONS)

    def __init__(
        self,
        review: ReviewService,
        start: str = "calls",
        call_id: str | None = None,
        loaded: LoadedCall | None = None,
        keymap: dict[str, str] | None = None,
        debug: bool = False,
    ) -> None:
        super().__init__(keymap=keymap, debug=debug)
        self.loaded = loaded
        self.review = review
        self.start = start
        self.call_id = call_id

    def get_default_screen(self) -> Screen[Any]:
        # Each screen imported when opened: a replay's first frame does not load the history browser.
        if self.start == "replay" and self.call_id:
            from tui.app.review.replay import ReplayScreen

            return ReplayScreen(self.review, self.call_id, self.loaded)
        if self.start == "team":
            from tui.app.review.team import TeamScreen

            return TeamScreen(self.review)
        if hasattr(self.review, "history_page"):  # the team database answers the filters itself
            from tui.app.review.team_calls import TeamCallsScreen

            return TeamCallsScreen(self.review)
        from tui.app.review.calls import CallsScreen

        return CallsScreen(self.review)
