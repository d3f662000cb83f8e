"""One action table (tui.config.keys) for the desk, the history, the replay and the team view:
every binding has an id and a tooltip, config's [keys] remaps it by id, the key bars show it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.dom import DOMNode

import tui.app
from tui.app.review.ask_text import AskTextScreen
from tui.config.keys import ALL_ACTIONS, BINDING_IDS, CALLBACK_WINDOW_ACTIONS, window_preset
from tui.config.settings import load_config
from tui.domain.callback.proposal import PRESET_KEYS
from tui.domain.callback.window import PRESET_LABELS

from .conftest import until
from .review_helpers import filled_dir, review_app

CALL = "20261123T140000Z-aaaaaa"


def classes_with_bindings() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(tui.app.__path__, "tui.app."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, DOMNode) and cls.__dict__.get("BINDINGS"):
                found.append(cls)
    return found


def test_binding_ids_are_unique_across_the_table():
    assert len(BINDING_IDS) == len(ALL_ACTIONS)


def test_every_binding_has_an_id_and_a_tooltip_from_the_table():
    tooltips = {action.id: action.tooltip for action in ALL_ACTIONS}
    checked, missing = 0, []
    for cls in classes_with_bindings():
        for binding in cls.BINDINGS:
            checked += 1
            if binding.id not in tooltips or binding.tooltip != tooltips[binding.id] or not binding.tooltip:
                missing.append(f"{cls.__name__}: {binding.key} -> {binding.action}")
    assert checked > 60 and missing == []


def test_the_callback_windows_in_the_table_are_the_presets():
    """The F5 panel's and the queue's window keys are spelled out in the table (config loads no domain)."""
    assert {action.keys: window_preset(action) for action in CALLBACK_WINDOW_ACTIONS} == PRESET_KEYS
    assert all(action.label == PRESET_LABELS[window_preset(action)] for action in CALLBACK_WINDOW_ACTIONS)


def test_config_takes_the_history_and_replay_ids(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\ncalls_dates = "f12"\nreplay_comment = "m"\nnext_step = "f11"\n', encoding="utf-8")
    assert load_config(path, binding_ids=BINDING_IDS).keys == {"calls_dates": "f12", "replay_comment": "m", "next_step": "f11"}


def key_bar(app) -> str:
    return str(app.screen.query_one("#keys").content)


async def test_the_history_key_bar_shows_a_remapped_key_and_the_key_works(data_dir):
    app = review_app(filled_dir(data_dir), keys={"calls_dates": "f12", "review_quit": "ctrl+x"})
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.screen.reading)
        assert " F12  Dates " in key_bar(app) and " F2 " not in key_bar(app)
        assert key_bar(app).endswith(" Ctrl+X  Quit")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, AskTextScreen)  # F2 no longer asks for dates
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, AskTextScreen))


async def test_the_replay_key_bar_shows_a_remapped_key_and_the_key_works(data_dir):
    app = review_app(filled_dir(data_dir), "replay", CALL, keys={"replay_comment": "m"})
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        assert " m  Comment " in key_bar(app) and " c  Comment " not in key_bar(app)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, AskTextScreen)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, AskTextScreen))
