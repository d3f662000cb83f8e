"""Shared fixtures: a private data dir, a frozen clock, the desk the CLI itself builds, and a
private world for the real program in a pseudo-terminal (scripts/benchlib)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchlib.world import private_world
from tui.config.settings import Config
from tui.domain.call.clock import ManualClock
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir


@pytest.fixture(autouse=True, scope="session")
def masking_phrases():
    """The security-code phrases the CLI installs at start (data/redaction.toml), for every test."""
    from tui.config.data_files import install_code_phrases

    install_code_phrases()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return prepare_data_dir(tmp_path / "data")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def config() -> Config:
    return Config(agent="Ana", timezone="Europe/London", default_region="GB")


@pytest.fixture
def desk(config: Config, data_dir: Path, clock: ManualClock):
    return open_desk(config, data_dir, clock)


@pytest.fixture
def terminal(tmp_path: Path):
    """The real `callcoach` in its own world (benchlib.world): programs killed at the end, and
    never a traceback on screen or stderr."""
    with private_world(tmp_path) as world:
        yield world


@pytest.fixture(autouse=True)
def english_after_each_test():
    """An app or line desk sets the UI language from its config; the next test starts in English."""
    yield
    from tui.support.i18n import set_language

    set_language("en")


@pytest.fixture
def agent_language():
    """Switch the UI language for one test, as `language` in the config does (English again after it)."""
    from tui.support.i18n import set_language

    return set_language
