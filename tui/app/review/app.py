"""The supervisor's app: the history browser, replay and the team view, over a read-only history.

Opened by `callcoach calls`, `callcoach replay ID|latest` and `callcoach demo`. It never takes the
desk lock: a supervisor can browse beside a running desk. Comments go to their own file.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.services.review import ReviewService


class ReviewApp(App):
    CSS_PATH = "review.tcss"
    TITLE = "callcoach review"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="review_quit", tooltip="Quit the review", priority=True)]

    def __init__(self, review: ReviewService, start: str = "calls", call_id: str | None = None, debug: bool = False, loaded=None) -> None:
        super().__init__()
        self.loaded = loaded
        self.review = review
        self.start = start
        self.call_id = call_id
        self.debug_errors = debug

    def get_default_screen(self) -> Screen:
        if self.start == "replay" and self.call_id:
            from tui.app.review.replay import ReplayScreen

            return ReplayScreen(self.review, self.call_id, self.loaded)
        if self.start == "team":
            from tui.app.review.team import TeamScreen

            return TeamScreen(self.review)
        from tui.app.review.calls import CallsScreen

        return CallsScreen(self.review)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker failure lands here: one plain sentence, never a traceback or note text."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"Something went wrong in the background ({type(error).__name__}).", severity="error")

    def bell(self) -> None:
        """No sound."""

    def _fatal_error(self) -> None:
        import traceback

        error = self._exception
        message = f"callcoach stopped on an internal error ({type(error).__name__}); run with --debug for details."
        if self.debug_errors and error is not None:
            message += "\n" + "".join(traceback.format_exception(type(error), error, error.__traceback__))
        self._exit_renderables.append(Text(message))
        self._close_messages_no_wait()
