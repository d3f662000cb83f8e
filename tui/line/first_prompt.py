"""Line mode's first prompt, drawn before prompt-toolkit is imported (issue 18 item 4).

`draw_early` holds the keys and draws the prompt line mode's loop shows first (tui.support.early_prompt):
`note>` with --caller, the idle line and `>` without. prompt-toolkit, once loaded, takes the terminal
over and redraws that prompt in place (tui.line.desk); the keys typed meanwhile are its first input.
This module imports nothing heavy: it runs while the data dir is prepared, before the line desk loads.
"""

from __future__ import annotations

from tui.domain.text.display import visible
from tui.support import early_prompt
from tui.support.i18n import _

NOTE_PROMPT = "note> "  # a call is live
IDLE_PROMPT = "> "  # no call: a line typed waits for the next one


def idle_status() -> str:
    return _("No call live. Type /call NUMBER (or just /call) to start one; /quit leaves.")


def draw_early(caller: str | None) -> bool:
    """The first prompt drawn now, keys held until prompt-toolkit reads them; False where it cannot be
    (no terminal, a dumb one: early_prompt.can_draw)."""
    if caller is not None:
        return early_prompt.draw([], NOTE_PROMPT)
    return early_prompt.draw([visible(idle_status(), keep_lines=True)], IDLE_PROMPT)
