"""Fault matrix row 14 (issue 7): invalid phone input and invalid windows through the real callback
panel get specific messages, and nothing is committed until they are fixed.

The real desk under Pilot, real keys into the panel's fields. For each bad input: the panel says
what is wrong (in its check line or its "Cannot promise yet" line), Enter is refused with the same
reason on the status line, and there is no invite in the outbox and no `callback` event in the
journal; then the agent fixes the field and Enter promises exactly one callback.
The clock is the desk's manual clock: Monday 23 November 2026, 14:00 UTC; the agent is in London.
More cases of the panel itself are in tests/app/test_callback_panel.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.app.conftest import desk_screen, settle, until
from tui.app.base import desk_app
from tui.app.widgets.callback_panel import CallbackPanel
from tui.services.session import open_desk
from tui.store.journal import read_journal

LONDON = "+44 20 7031 3000"
NEW_YORK = "+1 212 555 0100"
PARIS = "+33 1 42 68 53 00"

BAD_NUMBERS = [
    ("+44 20", "too short for a number in region GB"),
    ("+44 20 7031 3000 5555", "too long for a number in region GB"),
    ("+999 1234567", "unknown country code"),
    ("call me maybe", "not a phone number"),
    ("", "no number typed"),
]

# (caller, custom window as typed, the specific message)
BAD_WINDOWS = [
    (LONDON, "whenever suits", 'Type a day and from-to, e.g. "tomorrow 10:00-12:00"'),
    (LONDON, "tomorrow 25:00-26:00", "Times run from 00:00 to 24:00"),
    (LONDON, "tomorrow 12-10", "The window must end after it starts (12:00 to 10:00)."),
    (LONDON, "2026-02-30 10-12", "2026-02-30 is not a date."),
    (LONDON, "someday 10-12", "'someday' is not a day"),
    (LONDON, "2026-11-23 09:00-10:00", "That window is already over"),  # earlier today
    (LONDON, "tomorrow 07:00-08:30", "07:00-08:30 GMT is outside your business hours (Mon-Fri 09:00-18:00"),
    (LONDON, "sat 10-12", "is outside your business hours"),
    (NEW_YORK, "tomorrow 09:00-10:00", "for the caller, outside their calling hours"),  # 04:00 in New York
    (PARIS, "tomorrow 12:00-13:00", "for the caller, outside their calling hours"),  # 13:00-14:00 in Paris: lunch
]


def status(screen) -> str:
    return str(screen.query_one("#status").render())


def panel_text(panel: CallbackPanel) -> str:
    return " ".join(str(panel.query_one(f"#{part}").render()) for part in ("cb-check", "cb-readback"))


def committed(screen, data_dir) -> tuple[list, list, list]:
    journal = [event for event in read_journal(screen.session.journal)[0] if event.get("type") == "callback"]
    outbox = [path for path in (data_dir / "outbox").iterdir() if not path.name.startswith(".")]
    return screen.call.state.callbacks, journal, outbox


async def refused_then_fixed(pilot, app, data_dir, expected: str, fix: list[str]) -> None:
    screen = desk_screen(app)
    panel = screen.query_one(CallbackPanel)
    assert not panel.proposal.ok
    assert expected in panel.proposal.problem and expected in panel_text(panel)
    await pilot.press("enter")
    await settle(pilot)
    assert panel.is_open  # still open, to be fixed
    assert f"Not promised: {panel.proposal.problem}" in status(screen)
    assert committed(screen, data_dir) == ([], [], [])
    await pilot.press("ctrl+u", *fix)
    await until(pilot, lambda: panel.proposal is not None and panel.proposal.ok)
    await pilot.press("enter")
    await until(pilot, lambda: "Callback promised" in status(screen))
    callbacks, journal, outbox = committed(screen, data_dir)
    assert len(callbacks) == 1 and journal == callbacks and len(outbox) == 1


async def open_panel(pilot, app) -> CallbackPanel:
    screen = desk_screen(app)
    await until(pilot, lambda: screen.live)
    await pilot.press("f5")
    panel = screen.query_one(CallbackPanel)
    await until(pilot, lambda: panel.is_open and panel.proposal is not None)
    return panel


@pytest.mark.parametrize("typed, expected", BAD_NUMBERS, ids=[case[1].split(" for")[0] for case in BAD_NUMBERS])
async def test_bad_number_is_named_and_nothing_is_promised_until_fixed(desk, data_dir, typed: str, expected: str) -> None:
    app = desk_app(desk, start_caller=LONDON)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_panel(pilot, app)
        await pilot.press("tab", "ctrl+u", *typed)  # Tab: the number field has the keys
        await pilot.pause()
        await refused_then_fixed(pilot, app, data_dir, expected, list(LONDON))


async def test_a_national_number_without_default_region_says_so(config, data_dir, clock) -> None:
    desk = open_desk(replace(config, default_region=None), data_dir, clock)
    app = desk_app(desk, start_caller="")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_panel(pilot, app)
        await pilot.press("tab", *"020 7031 3000")
        await pilot.pause()
        await refused_then_fixed(pilot, app, data_dir, "no country code (+...) and no default region set", list(LONDON))


@pytest.mark.parametrize("caller, typed, expected", BAD_WINDOWS, ids=[case[1] for case in BAD_WINDOWS])
async def test_bad_custom_window_is_named_and_nothing_is_promised_until_fixed(desk, data_dir, caller, typed, expected) -> None:
    app = desk_app(desk, start_caller=caller)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_panel(pilot, app)
        await pilot.press("5", "tab", *typed)  # custom, then Tab into its field
        await pilot.pause()
        assert panel.preset == "custom"
        fix = "tomorrow 15:00-16:00" if caller == NEW_YORK else "tomorrow 10:00-12:00"  # 10:00-11:00 in New York
        await refused_then_fixed(pilot, app, data_dir, expected, list(fix))


async def test_a_bad_number_and_a_bad_custom_window_are_named_at_once(desk, data_dir) -> None:
    """Both wrong: the refusal named only the number, and once it was fixed the window came next."""
    app = desk_app(desk, start_caller=LONDON)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_panel(pilot, app)
        await pilot.press("5", "tab", *"someday 10-12")  # the custom field has the keys
        await pilot.press("shift+tab", "shift+tab", "ctrl+u", *"+44 20")  # back through the e-mail to the number
        await pilot.pause()
        both = ("too short for a number in region GB", "'someday' is not a day")
        assert all(part in panel.proposal.problem for part in both), panel.proposal.problem
        await pilot.press("enter")
        await settle(pilot)
        assert all(part in status(desk_screen(app)) for part in both)
        assert committed(desk_screen(app), data_dir) == ([], [], [])
