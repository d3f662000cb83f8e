"""The replay's review pane, where the desk has its coach: the call's review flags (rule id, time)
and the supervisors' comments. Enter on a line moves the play head there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.domain.review.flags import Flag
from tui.domain.text.display import visible
from tui.domain.text.timefmt import clock_text
from tui.support.i18n import _


class ReviewPane(OptionList):
    @dataclass
    class Jump(Message):
        t: float

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._times: list[float] = []

    def show(self, flags: list[Flag], comments: list[dict[str, Any]], head: float | None = None) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self._times = []
        options: list[Option] = []
        warnings = [flag for flag in flags if flag.level == "warn"]
        for flag in flags:
            line = Text(no_wrap=False)
            line.append(f"{clock_text(flag.t)} ", "bold #6cb6ff")
            line.append(f"{flag.rule:<4}", "bold red" if flag.level == "warn" else "bold green")
            line.append(" " + flag.text, "" if flag.level == "warn" else "dim")
            options.append(Option(line))
            self._times.append(flag.t)
        if not flags:
            options.append(Option(Text(_("No review flags: the method was followed."), "green"), disabled=True))
            self._times.append(0.0)
        if comments:
            options.append(Option(Text(_("Comments"), "bold"), disabled=True))
            self._times.append(0.0)
        for comment in comments:
            line = Text(no_wrap=False)
            line.append(f"{clock_text(comment['t'])} ", "bold #6cb6ff")
            line.append("✎ ", "yellow")
            line.append(visible(comment["author"]), "bold")
            line.append(": ")
            line.append(visible(comment["text"]))
            options.append(Option(line))
            self._times.append(float(comment["t"]))
        self.add_options(options)
        count = len(warnings)
        flags_text = _("Review · 1 flag") if count == 1 else _("Review · {count} flags").format(count=count)
        self.border_title = flags_text + (_(" · {count} comment(s)").format(count=len(comments)) if comments else "")
        if highlighted is not None and highlighted < len(options):
            self.highlighted = highlighted

    def follow(self, t: float) -> None:
        """Highlight the latest flag or comment at or before the play head (the list is in call
        time order within flags and within comments, so the latest one before t wins)."""
        best = None
        for index, at in enumerate(self._times):
            option = self.get_option_at_index(index)
            if not option.disabled and at <= t and (best is None or at >= self._times[best]):
                best = index
        if best is not None and best != self.highlighted:
            self.highlighted = best

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._times):
            self.post_message(self.Jump(self._times[event.option_index]))
