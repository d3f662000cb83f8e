"""scripts/bench_line.py runs once at its smallest size. No time is asserted (scripts/bench prints
the figures); what is checked is that both programs reach their first paint, and which heavy
libraries line mode has loaded by its first prompt (Linux only: ptys)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bench uses ptys")

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="module")
def bench_line():
    sys.path.insert(0, str(SCRIPTS))  # bench_line imports bench_desk from beside it
    try:
        spec = importlib.util.spec_from_file_location("bench_line", SCRIPTS / "bench_line.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SCRIPTS))
    return module


def test_first_prompt_beside_the_desk_first_frame(bench_line):
    frames = bench_line.first_prompt(rounds=1, warm_up=False)
    assert frames["failures"] == []
    assert len(frames["desk_s"]) == len(frames["line_s"]) == len(frames["idle_s"]) == 1
    loaded = bench_line.loaded_at_first_prompt()
    assert loaded["failures"] == []
    # Line mode never loads Textual; icalendar waits for the first invite (a /callback).
    assert "prompt_toolkit" in loaded["loaded"]
    assert "textual" not in loaded["loaded"] and "icalendar" not in loaded["loaded"]
    text = bench_line.report(frames, loaded)
    assert "first prompt / desk first frame" in text and "imported before the first prompt" in text
