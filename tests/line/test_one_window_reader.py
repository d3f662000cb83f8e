"""One reader of custom windows for both front ends: line mode's /callback promises exactly what the
desk's F5 custom field would (tui.domain.callback.custom_text, read through custom_window), and refuses
what it refuses with the same sentence. Checked for the acceptance pass: `2pm tomorrow` was said to
be refused by line mode only; both refuse it (one time, not a window), as the README says."""

from __future__ import annotations

import pytest

from tests.line.pipe_driver import ENTER, run_line_desk
from tui.domain.callback.contact import check_number
from tui.domain.callback.custom_text import custom_window
from tui.services.callbacks import window_rules

END = ["/end" + ENTER, ENTER, ENTER]
SAID = [
    "2-4pm tomorrow",
    "2pm-4pm on friday",
    "10-12 next monday",
    "tomorrow afternoon",
    "between 2 and 4pm tomorrow",
    "내일 오후 2시-4시",
    "明天下午2点到4点",
    "下周一 10-12",
]


@pytest.mark.parametrize("said", SAID)
def test_line_mode_promises_the_window_the_desk_reads(desk, said):
    expected = custom_window(window_rules(desk), check_number("+44 20 7031 3000", "GB"), said, desk.clock.now_utc())
    assert expected.ok, expected.problem
    run_line_desk(desk, ["/callback " + said + ENTER, ENTER, *END])
    [promise] = [event for record in desk.history.calls() for event in record["events"] if event["type"] == "callback"]
    assert (promise["start"], promise["end"]) == tuple(
        f"{moment:%Y-%m-%dT%H:%M:%SZ}" for moment in (expected.window.start, expected.window.end)
    )


def test_2pm_tomorrow_is_refused_alike_on_both(desk):
    refusal = custom_window(window_rules(desk), check_number("+44 20 7031 3000", "GB"), "2pm tomorrow", desk.clock.now_utc()).problem
    assert refusal == "'2pm' is one time; a window needs from-to, such as 2pm-4pm."
    said, _ = run_line_desk(desk, ["/callback 2pm tomorrow" + ENTER, "x" + ENTER, *END])
    assert f"That is not a window: {refusal}" in said
