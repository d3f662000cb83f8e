"""Issue 18: garbage collection is paused while a front end starts (tui.support.start_up_gc) and
always comes back: after the desk's first frame, and when a command ends or is refused early."""

from __future__ import annotations

import gc

import pytest

from tests.app.conftest import desk_screen, until
from tui.app.base import desk_app
from tui.cli import main
from tui.support import start_up_gc


@pytest.fixture
def collection_restored():
    yield
    gc.enable()


def test_a_refused_command_or_help_leaves_collection_on(tmp_path, collection_restored):
    assert main(["--config", str(tmp_path / "missing.toml"), "--data-dir", str(tmp_path / "data"), "export"]) == 2
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["--help"])
    assert gc.isenabled()


async def test_the_desk_resumes_collection_after_its_first_frame(desk, collection_restored):
    start_up_gc.pause()  # as tui.cli does before the desk's imports
    app = desk_app(desk, start_caller="+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        assert gc.isenabled()
