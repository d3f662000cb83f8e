"""What the desk app and the supervisor's app share, and the one way to build either.

Both apps: no sound; a background worker's failure is one plain sentence; an internal error ends
the app with one sentence and no traceback unless --debug (Textual's own shows local variables,
which may hold note text). `desk_app` and `review_app` are what the CLI, the tests and the bench
scripts call, so every one of them runs the app the way `callcoach` does.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from tui.app import parsed_css
from tui.support import one_import_at_a_time

if TYPE_CHECKING:
    from tui.app.desk.app import DeskApp
    from tui.app.review.app import ReviewApp
    from tui.app.review.wallboard import WallboardApp
    from tui.config.settings import Config
    from tui.services.review import ReviewService
    from tui.services.session import DeskServices


PARSED_CSS_SAVE_DELAY = 1.0  # seconds after mounting


class BaseApp(App[int]):  # run() returns the exit code given to exit()
    """Error handling both apps share; each says in its own words what a failure means to its user."""

    def __init__(self, keymap: dict[str, str] | None = None, debug: bool = False) -> None:
        super().__init__()
        self._parsed_css_restored = parsed_css.restore(self)  # before Textual's first parse
        one_import_at_a_time.install()  # the app's workers import lazily beside its event loop
        self.keymap = dict(keymap or {})  # config's [keys]: binding id -> keys
        self.debug_errors = debug

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        # Well after the first frame and the parts mounted behind it, whose CSS is parsed by then.
        self.set_timer(PARSED_CSS_SAVE_DELAY, lambda: parsed_css.save_new(self, self._parsed_css_restored))

    def keys_in_force(self, binding_id: str | None, default: str) -> str:
        """The keys that run a binding now: config's [keys] for its id, else its own (the footer,
        the key bars and F1 show these)."""
        return self._keymap.get(binding_id, default) if binding_id else default

    def binding_keys(self, binding: Binding) -> str:
        return self.keys_in_force(binding.id, binding.key)

    def bell(self) -> None:
        """No sound, ever: the agent is on the phone."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker failure lands here: one plain sentence, never a traceback or note text."""
        if event.state is WorkerState.ERROR:
            self.background_failed(event.worker.error)

    def background_failed(self, error: BaseException | None) -> None:
        self.notify(f"Something went wrong in the background ({type(error).__name__}).", severity="error")

    def fatal_sentence(self, error: BaseException | None) -> str:
        """What the user reads after an internal error stopped the app."""
        return f"callcoach stopped on an internal error ({type(error).__name__}); run with --debug for details."

    def before_fatal_exit(self) -> None:
        """Save what must be saved before an internal error closes the app."""

    def _fatal_error(self) -> None:
        # Replaces Textual's: its traceback shows local variables, which may hold note text.
        self.before_fatal_exit()
        error = self._exception
        message = self.fatal_sentence(error)
        if self.debug_errors and error is not None:
            message += "\n" + "".join(traceback.format_exception(type(error), error, error.__traceback__))
        self._exit_renderables.append(Text(message))
        self._close_messages_no_wait()


def desk_app(desk: DeskServices, *, start_caller: str | None = None, open_queue: bool = False, debug: bool = False) -> DeskApp:
    """The agent's desk over `desk` (tui.services.session.open_desk), as `callcoach` runs it.

    `start_caller`: start a call at once (`callcoach call`); `open_queue`: open on the callback
    queue (`callcoach callbacks`). The phrase rules are read after the first frame (DeskApp.warm_up);
    a malformed phrase file ends the app with its sentence (DeskApp.refusal). The UI language is
    already set (tui.cli, at start-up).
    """
    # Imported here, not at the top: `callcoach calls` never loads the desk, nor the desk the review.
    from tui.app.desk.app import DeskApp

    return DeskApp(desk, start_caller=start_caller, open_queue=open_queue, debug=debug)


def review_app(
    review: ReviewService,
    config: Config,
    *,
    start: str = "calls",
    call_id: str | None = None,
    preload: bool = False,
    debug: bool = False,
) -> ReviewApp:
    """The supervisor's app over `review` (local or team): the history (`calls`), a replay
    (`replay` with `call_id`) or the team view (`team`). `preload` reads the call to replay now, before the app
    starts (no event loop runs yet, so the read blocks nothing), so its first frame shows it."""
    # Imported here, not at the top: the desk never loads the review app (see desk_app).
    from tui.app.review.app import ReviewApp

    loaded = review.load_call(call_id) if preload and call_id else None
    return ReviewApp(review, start=start, call_id=call_id, loaded=loaded, keymap=config.keys, debug=debug)


def wallboard_app(url: str, config: Config | None = None, *, debug: bool = False) -> WallboardApp:
    """The team's live board over the team database at `url` (`callcoach wallboard`)."""
    # Imported here, not at the top: neither the desk nor the review app loads the wallboard.
    from tui.app.review.wallboard import WallboardApp

    return WallboardApp(url, keymap=config.keys if config is not None else None, debug=debug)
