"""Driving the real desk's phone from a Pilot test: events go in through the real local socket
(as `callcoach event` sends them), and what the desk shows is read back from its widgets."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.app.conftest import desk_screen, settle, until
from tui.app.widgets.phone_banner import PhoneBanner
from tui.app.widgets.status_line import StatusLine
from tui.domain.call import phone_events as pe
from tui.services.phone.local_socket import send_events

__all__ = ["NUMBER", "banner", "desk_screen", "phone", "settle", "status", "until"]

NUMBER = "+442070313000"  # the caller's baresip in tests/phone/conftest.py


async def phone(pilot, data_dir: Path, kind: str, caller: str = "", ref: str = "", by: str = "") -> None:
    """One event through the desk's socket; returns once the desk took it (and drew it)."""
    screen = desk_screen(pilot.app)
    await until(pilot, lambda: screen.phone.hub is not None and screen.phone.hub.listening)
    await asyncio.to_thread(send_events, data_dir, [pe.PhoneEvent(kind, ref, caller, by=by)])
    await pilot.pause()


def banner(pilot) -> str:
    widget = desk_screen(pilot.app).query_one(PhoneBanner)
    return widget.text


def status(pilot) -> str:
    return str(desk_screen(pilot.app).query_one(StatusLine).render())
