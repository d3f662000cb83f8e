"""Fixtures for the phone tests: two real baresip processes on 127.0.0.1, stopped after each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.phone.baresip import PhonePair, baresip_or_skip, start_pair


@pytest.fixture
def phones(tmp_path: Path):
    """The agent's baresip and a caller's (number +442070313000), config dirs in tmp."""
    pair: PhonePair = start_pair(baresip_or_skip(), tmp_path / "phones")
    try:
        yield pair
    finally:
        pair.agent.stop()
        pair.caller.stop()
