"""Replay one filed call: the desk's own widgets showing the state derived from the log at time t.

Keys: space play/pause; left/right -/+10 s; shift+left/right -/+60 s; [ and ] previous/next
event; 1 2 4 8 speed; Home/End; g go to mm:ss; c comment at the play head; Esc back.
The coach pane's place holds the review pane: flags and comments, Enter jumps to one.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from tui.app.actions import bindings
from tui.app.review.ask_text import AskTextScreen
from tui.app.widgets.call_facts import CallFacts
from tui.app.widgets.call_header import CallHeader
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.replay_notes import ReplayNotes
from tui.app.widgets.review_pane import ReviewPane
from tui.app.widgets.status_line import StatusLine
from tui.app.widgets.step_tracker import StepTracker
from tui.app.widgets.timeline import Timeline
from tui.config.keys import REPLAY_ACTIONS
from tui.domain.call.replay import ReplayModel
from tui.domain.callback.phone import parse_caller
from tui.domain.review.call_facts import facts_at
from tui.domain.text.display import visible
from tui.domain.text.timefmt import clock_text, parse_clock_text
from tui.services.flagging import DEFAULT_PLAYBOOK, caller_type_label, playbook_for
from tui.services.review import CallDamaged, CallNotFound, LoadedCall, ReviewService
from tui.support.fault_seams import fail_at
from tui.support.i18n import _

TICK = 0.1


class ReplayScreen(Screen[None]):
    BINDINGS = bindings(REPLAY_ACTIONS)

    def __init__(self, review: ReviewService, call_id: str, loaded: LoadedCall | None = None) -> None:
        """`loaded`: the call already read (the history prefetches the call under its cursor)."""
        super().__init__()
        self.review = review
        self.call_id = call_id
        self.preloaded = loaded
        self.loaded: LoadedCall | None = None
        self.model: ReplayModel | None = None  # once the call is loaded
        self.t = 0.0
        self.playing = False
        self.speed = 1
        self._last_tick = 0.0
        self._caller = ""
        self._keys_while_loading: list[Callable[[], None]] = []

    def compose(self) -> ComposeResult:
        yield CallHeader(id="header")
        yield Timeline(id="timeline")
        yield StepTracker(id="steps")
        with Horizontal(id="body"):
            yield ReplayNotes(id="notes")
            with Vertical(id="side"):
                yield CallFacts(id="facts")
                yield ReviewPane(id="review")
        yield StatusLine(id="status")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.set_interval(TICK, self._tick)
        if self.preloaded is not None and self.preloaded.record.get("id") == self.call_id:
            self._show_loaded(self.preloaded)
            return
        self.query_one(CallHeader).update(_("Loading call {call}...").format(call=self.call_id))
        self.load()

    @work(thread=True, exit_on_error=False, group="replay-load")
    def load(self) -> None:
        try:
            fail_at("replay-load")
            loaded = self.review.load_call(self.call_id)
        except CallDamaged as damaged:
            self.app.call_from_thread(self._missing, damaged.problem)
            return
        except CallNotFound:
            self.app.call_from_thread(self._missing)
            return
        except Exception as error:  # anything else: said on the screen, never "Loading call..." for ever
            self.app.call_from_thread(self._missing, None, type(error).__name__)
            return
        self.app.call_from_thread(self._show_loaded, loaded)

    def _missing(self, damage: str | None = None, failure: str | None = None) -> None:
        if damage is not None:  # on file, but not a call the desk would write: never a crash
            shown = _("Call {call} is damaged and cannot be replayed: {problem}.").format(
                call=visible(self.call_id), problem=visible(damage)
            )
            self.query_one(CallHeader).update(shown)
        elif failure is not None:
            shown = _("Call {call} could not be read ({error}); try again, or run with --debug for details.")
            self.query_one(CallHeader).update(shown.format(call=visible(self.call_id), error=failure))
        else:
            self.query_one(CallHeader).update(_("No call {call} in this data directory.").format(call=visible(self.call_id)))
        self.query_one(StatusLine).say(_("Esc goes back. `callcoach calls` lists the calls here."), "warning")

    def _show_loaded(self, loaded: LoadedCall) -> None:
        self.loaded = loaded
        self.model = model = loaded.model
        self.playbook = playbook_for(loaded.record.get("playbook") or DEFAULT_PLAYBOOK)
        self._caller = self._caller_display(loaded)
        self.query_one(Timeline).set_call(model.segments(), model.marks(tuple(f.t for f in loaded.flags if f.level == "warn")), model.end)
        self.query_one(ReviewPane).show(loaded.flags, loaded.comments)
        self.query_one(ReviewPane).focus()
        self.seek_to(0.0)
        # Keys pressed while the call was being read (End right after Enter) act now, in order.
        waiting, self._keys_while_loading = self._keys_while_loading, []
        for action in waiting:
            action()
        gc.freeze()  # the call's thousands of events: no full-collection pauses while seeking
        self.loaded_event()

    def _loaded_or_keep(self, action: Callable[[], None]) -> ReplayModel | None:
        """The call's model once it is on screen; until then None, and the key's action is kept for then."""
        if self.model is None:
            self._keys_while_loading.append(action)
        return self.model

    def loaded_event(self) -> None:
        """Hook for tests and the bench: the call is on screen."""

    @staticmethod
    def _caller_display(loaded: LoadedCall) -> str:
        record = loaded.record
        if record.get("caller"):
            return parse_caller(record["caller"], None).display
        return str(loaded.model.started.get("caller_input", ""))

    # -- the play head ---------------------------------------------------------------------------

    def seek_to(self, t: float) -> None:
        model = self.model
        if model is None:
            return
        self.t = model.clamp(t)
        state = model.state_at(self.t)
        self.query_one(CallHeader).show_call(state, self.t, self._caller, acw=True)
        self.query_one(StepTracker).show(self.playbook, state, self.t)
        self.query_one(CallFacts).show(
            facts_at(state, zone=self.review.zone, type_label=caller_type_label, promise_state=self._promise_state)
        )
        notes = self.query_one(ReplayNotes)
        notes.show_notes(model.notes_at(self.t, notes.lines_in_view), model.note_count_at(self.t))
        self.query_one(Timeline).move_head(self.t)
        self.query_one(ReviewPane).follow(self.t)
        self._show_status()
        if self.t >= model.end and self.playing:
            self.playing = False
            self._show_status()

    def _promise_state(self, event: dict[str, Any]) -> str:
        label = self.loaded.promises.get(event.get("uid", ""), "") if self.loaded is not None else ""
        return _(label) if label else ""

    def _show_status(self) -> None:
        if self.loaded is None or self.model is None:
            return
        mode = (_("▶ playing {speed}x") if self.playing else _("❚❚ paused ({speed}x)")).format(speed=self.speed)
        record = self.loaded.record
        self.query_one(StatusLine).say(
            f"{_('Replay {call}').format(call=visible(record['id']))} · {mode} · {clock_text(self.t)} / {clock_text(self.model.end)}"
            f" · {_('Enter on a flag jumps there')}"
        )

    def _tick(self) -> None:
        if not self.playing or self.model is None:
            return
        now = self.review.clock.monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        self.seek_to(self.t + max(0.0, elapsed) * self.speed)

    def action_play_pause(self) -> None:
        model = self._loaded_or_keep(self.action_play_pause)
        if model is None:
            return
        if not self.playing and self.t >= model.end:
            self.t = 0.0
        self.playing = not self.playing
        self._last_tick = self.review.clock.monotonic()
        self._show_status()

    def action_seek(self, seconds: float) -> None:
        if self._loaded_or_keep(partial(self.action_seek, seconds)):
            self.seek_to(self.t + float(seconds))

    def action_event(self, direction: int) -> None:
        model = self._loaded_or_keep(partial(self.action_event, direction))
        if model is None:
            return
        target = model.next_event(self.t) if int(direction) > 0 else model.previous_event(self.t)
        if target is not None:
            self.seek_to(target)

    def action_speed(self, speed: int) -> None:
        self.speed = int(speed)
        if self.model is not None:
            self._show_status()

    def action_jump(self, t: float) -> None:
        if self._loaded_or_keep(partial(self.action_jump, t)):
            self.seek_to(float(t))

    def action_jump_end(self) -> None:
        model = self._loaded_or_keep(self.action_jump_end)
        if model is not None:
            self.seek_to(model.end)

    @on(ReviewPane.Jump)
    def jump_to_flag(self, event: ReviewPane.Jump) -> None:
        self.seek_to(event.t)

    def action_go_to(self) -> None:
        if self._loaded_or_keep(self.action_go_to) is None:
            return
        self.playing = False

        def go(t: float | None) -> None:
            if t is not None:
                self.seek_to(t)

        self.app.push_screen(AskTextScreen(_("Go to a time in the call (mm:ss or h:mm:ss):"), "03:20", parse_clock_text), go)

    def action_comment(self) -> None:
        if self._loaded_or_keep(self.action_comment) is None:
            return
        self.playing = False
        at = self.t

        def check(text: str) -> str:
            if not text.strip():
                raise ValueError(_("Type a comment, or Esc to cancel."))
            return text

        question = _("Comment at {at} (as {author}):").format(at=clock_text(at), author=self.review.author)

        def save(text: str | None) -> None:
            if text is not None:
                self.save_comment(at, text)

        self.app.push_screen(AskTextScreen(question, _("What to keep or change"), check), save)

    @work(thread=True, exit_on_error=False, group="replay-comment")
    def save_comment(self, t: float, text: str) -> None:
        try:
            self.review.add_comment(self.call_id, t, text)
        except OSError as error:
            self.app.call_from_thread(
                self.query_one(StatusLine).say, _("The comment could not be saved ({error}).").format(error=error.strerror), "error"
            )
            return
        comments = self.review.reviews.for_call(self.call_id)
        self.app.call_from_thread(self._comments_changed, comments)

    def _comments_changed(self, comments: list[dict[str, Any]]) -> None:
        if self.loaded is None:
            return
        self.loaded.comments = comments
        self.query_one(ReviewPane).show(self.loaded.flags, comments)
        self.query_one(StatusLine).say(_("Comment saved at {at}; the agent's record is unchanged.").format(at=clock_text(self.t)))

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()  # back to the history it was opened from
        else:
            self.app.exit()
