"""Textual's parsed CSS kept between runs (tui/app/parsed_css.py): the next start parses nothing and
draws exactly the desk a fresh parse draws; a damaged or foreign file is ignored and written anew."""

from __future__ import annotations

import pickle
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.app.conftest import desk_screen, until
from tui.app import parsed_css
from tui.app.base import PARSED_CSS_SAVE_DELAY, desk_app

KEPT = "parsed-css-DeskApp.pickle"


@pytest.fixture
def kept_in(tmp_path: Path):
    directory = tmp_path / "cache"
    parsed_css.keep_in(directory)
    yield directory
    parsed_css.keep_in(None)


async def start_and_look(desk) -> dict:
    """Run the desk until its parsed CSS would have been kept; what it showed and parsed."""
    app = desk_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).is_mounted)
        desk_screen(app).query_one("#note-input").cursor_blink = False  # a blinking cursor is a coin toss
        parses_at_first_frame = app.stylesheet._parse_cache.misses
        await pilot.pause(PARSED_CSS_SAVE_DELAY + 0.2)
        for writer in threading.enumerate():
            if writer.name == "parsed-css":
                writer.join(5)
        return {
            "parses": parses_at_first_frame,
            "restored": len(app._parsed_css_restored),
            "screen": app.export_screenshot(),
            "rules": [
                repr((rule.selectors, rule.styles.get_rules(), rule.is_default_rules, rule.tie_breaker)) for rule in app.stylesheet.rules
            ],
        }


def written_after(path: Path, moment: float, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and path.stat().st_mtime > moment:
            return True
        time.sleep(0.02)
    return False


async def test_the_next_start_parses_nothing_and_draws_the_same_desk(desk, kept_in):
    first = await start_and_look(desk)
    assert first["restored"] == 0 and first["parses"] > 10  # Textual's and ours, parsed as usual
    again = await start_and_look(desk)
    assert again["restored"] >= first["parses"]
    assert again["parses"] == 0
    assert again["rules"] == first["rules"]
    assert again["screen"] == first["screen"]


async def test_off_unless_the_cli_names_a_directory(desk, tmp_path):
    assert (await start_and_look(desk))["restored"] == 0
    assert not list(tmp_path.rglob("parsed-css-*"))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
async def test_a_damaged_file_is_ignored_and_written_anew(desk, kept_in, damage):
    await start_and_look(desk)
    path = kept_in / KEPT
    whole = path.read_bytes()
    path.write_bytes({"truncated": whole[: len(whole) // 2], "garbage": b"\x80\x04not a pickle", "empty": b""}[damage])
    moment = path.stat().st_mtime
    time.sleep(0.01)
    looked = await start_and_look(desk)
    assert looked["restored"] == 0 and looked["parses"] > 10
    assert written_after(path, moment)
    assert pickle.loads(path.read_bytes())[1]  # whole again


async def test_a_file_from_another_textual_python_or_theme_is_not_used(desk, kept_in):
    await start_and_look(desk)
    path = kept_in / KEPT
    key, entries = pickle.loads(path.read_bytes())
    python, textual_release, variables = key
    for foreign in [("3.0.0", textual_release, variables), (python, ("textual-0.1.dist-info",), variables), (python, textual_release, ())]:
        path.write_bytes(pickle.dumps((foreign, entries)))
        looked = await start_and_look(desk)
        assert looked["restored"] == 0 and looked["parses"] > 10


def test_the_real_desk_keeps_it_in_the_users_cache_and_uses_it(terminal):
    """`callcoach` in a pty: the first start writes the file under $HOME's cache directory; the
    second finds everything parsed, so it has nothing new to write (the file stays as it was)."""
    kept = terminal.tmp / "home" / ".cache" / "callcoach" / KEPT
    desk = terminal.spawn()
    desk.wait_for("Listen")
    assert written_after(kept, 0.0, timeout=PARSED_CSS_SAVE_DELAY + 10)
    time.sleep(0.5)  # the idle desk's parts mounted after the frame: parsed by now, and kept
    desk.kill(signal.SIGTERM)
    desk.wait()
    first_write = kept.stat().st_mtime_ns
    again = terminal.spawn()
    again.wait_for("Listen")
    time.sleep(PARSED_CSS_SAVE_DELAY + 1.0)
    assert kept.stat().st_mtime_ns == first_write
    again.kill(signal.SIGTERM)
    again.wait()
