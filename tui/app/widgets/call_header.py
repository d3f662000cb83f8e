"""The header during a call: call timer, time in step, hold time, caller, the call's promise, agent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Static

from tui.domain.text.display import visible
from tui.domain.text.timefmt import clock_text
from tui.support.i18n import _

if TYPE_CHECKING:  # a call's state loads with the first call, after the first frame (tui.services.session)
    from tui.domain.call.state import CallState


class CallHeader(Static):
    DEFAULT_CSS = """
    CallHeader { height: 1; }
    """

    _shown: Text | None = None  # what show_call drew last (None: something else is shown)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        self._shown = None
        super().update(content, layout=layout)

    def show_idle(self, agent: str, message: str | None = None) -> None:
        self.update(
            Text.assemble(
                ("callcoach", "bold"),
                "  ",
                message or _("No call. Ctrl+N starts one."),
                "  ",
                (_("agent") + " ", "dim"),
                visible(agent),
                no_wrap=True,
                overflow="ellipsis",
            )
        )

    def show_call(self, state: CallState, now: float, caller_display: str, acw: bool = False) -> None:
        """`acw`: after the hang-up, show the after-call work so far (the replay; the live desk
        shows it against its target under the header)."""
        parts: list[tuple[str, str] | str] = [
            ("● ", "bold red") if state.ended_at is None else ("■ ", "dim"),
            (clock_text(state.call_elapsed(now)), "bold"),
            ("  " + _("step") + " ", "dim"),
            clock_text(state.step_elapsed(now)),
        ]
        if state.on_hold:
            parts += ["  ", (" " + _("ON HOLD {time}").format(time=clock_text(state.current_hold(now))) + " ", "bold black on yellow")]
        elif state.holds:
            parts += [("  " + _("held") + " ", "dim"), clock_text(state.hold_total(now))]
        after = state.after_call_work(now) if acw and state.ended_at is not None and now >= state.ended_at else None
        if after is not None:
            parts += [("  " + _("After-call work") + " ", "dim"), clock_text(after)]
        parts += [("  │  ", "dim"), visible(caller_display) or (_("no number"), "dim italic")]
        if state.callbacks:  # once promised, the promise stays in sight for the rest of the call
            from tui.domain.review.call_facts import promise_window  # loaded with the first promise (F5)

            parts += [("  │  " + _("callback") + " ", "dim"), (promise_window(state.callbacks[-1]), "bold")]
        parts += [("  │  " + _("agent") + " ", "dim"), visible(state.agent)]
        shown = Text.assemble(*parts, no_wrap=True, overflow="ellipsis")
        if shown == self._shown:
            return  # every key brings the clock up to date: most keys change nothing here
        # One row whatever it says (height 1, cut at the edge): the clock's tick repaints the
        # header alone instead of laying out the whole desk.
        self.update(shown, layout=False)
        self._shown = shown
