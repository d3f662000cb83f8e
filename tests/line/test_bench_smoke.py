"""scripts/bench_line.py runs once at its smallest size. No time is asserted (scripts/bench prints
the figures); what is checked is that both programs reach their first paint, that line mode's
prompts took a key, and which heavy libraries line mode has loaded by its first prompt and by
prompt-toolkit's paint of it (Linux only: ptys)."""

from __future__ import annotations

import sys

import bench_line
import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bench uses ptys")


def test_first_prompt_beside_the_desk_first_frame():
    frames = bench_line.first_prompt(rounds=1, warm_up=False)
    assert frames["failures"] == []
    assert len(frames["desk_s"]) == len(frames["line_s"]) == len(frames["idle_s"]) == 1
    assert len(frames["line_key_s"]) == len(frames["idle_key_s"]) == 1  # the key typed on each prompt showed
    loaded = bench_line.loaded_at_first_prompt()
    assert loaded["failures"] == []
    # The first prompt is drawn before prompt-toolkit loads, which then paints it again in place.
    # Line mode never loads Textual; icalendar waits for the first invite (a /callback).
    assert "prompt_toolkit" not in loaded["loaded"] and "prompt_toolkit" in loaded["at_paint"]
    assert not {"textual", "icalendar"} & (set(loaded["loaded"]) | set(loaded["at_paint"]))
    rows = bench_line.rows({"frames": frames, "loaded": loaded})
    assert rows[0].goal == "<= 0.6x" and rows[0].value > 0
    assert "Imported before the first prompt" in " ".join(rows[0].notes)
