"""Fixtures for the phone tests: two real baresip processes on 127.0.0.1, stopped after each test."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from benchlib.baresip import MISSING, PhonePair, baresip_program, start_pair
from tui.app.base import desk_app
from tui.app.desk.app import DeskApp
from tui.services.session import open_desk


def baresip_or_skip() -> str:
    """The baresip program; a skip when it is missing, a failure under CALLCOACH_REQUIRE_PHONE=1."""
    found = baresip_program()
    if found:
        return found
    if os.environ.get("CALLCOACH_REQUIRE_PHONE") == "1":
        pytest.fail(MISSING)
    pytest.skip(MISSING)


@pytest.fixture
def phones(tmp_path: Path):
    """The agent's baresip and a caller's (number +442070313000), config dirs in tmp."""
    pair: PhonePair = start_pair(baresip_or_skip(), tmp_path / "phones")
    try:
        yield pair
    finally:
        pair.agent.stop()
        pair.caller.stop()


@pytest.fixture
def phone_desk(config, data_dir, clock):
    """A desk app to drive through the local socket; `settings` replace fields of the config."""

    def build(**settings) -> DeskApp:
        return desk_app(open_desk(replace(config, **settings), data_dir, clock))

    return build
