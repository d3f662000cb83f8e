"""Helpers for driving the real desk with Pilot: real keys in, the store read back out."""

from __future__ import annotations

import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from textual import events
from textual.app import _character_to_key
from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

from tui.app.base import desk_app
from tui.app.desk.app import DeskApp
from tui.app.desk.screen import DeskScreen


async def settle(pilot, seconds: float = 0.05) -> None:
    """Let workers and call_from_thread callbacks land."""
    await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@asynccontextmanager
async def on_a_live_call(app: DeskApp, size: tuple[int, int] = (120, 40)) -> AsyncIterator[tuple[object, DeskScreen]]:
    """The desk app run with Pilot once its call is live (make_app with a caller): (pilot, the desk screen)."""
    async with app.run_test(size=size) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        yield pilot, screen


async def until(pilot, condition, timeout: float = 5.0) -> None:
    """Wait for something a worker does, without guessing how long it takes."""
    waited = 0.0
    while not condition():
        if waited >= timeout:
            raise AssertionError(f"still not true after {timeout} s: {condition}")
        await pilot.pause(0.02)
        waited += 0.02


def desk_screen(app: DeskApp) -> DeskScreen:
    return app.screen_stack[0]


@pytest.fixture
def make_app(desk):
    def build(start_caller: str | None = None) -> DeskApp:
        app = desk_app(desk, start_caller=start_caller)
        return app

    return build


def burst(pilot, *keys: str) -> None:
    """Keys as a terminal delivers them when the desk was busy: all queued at once, none waiting for
    the one before it to be handled (pilot.press waits for the app to be idle after each key)."""
    app = pilot.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            character = key if len(key) == 1 else None
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
