"""scripts/bench's parts run: each measurement once at its smallest size, and the one table. No
timing is asserted here; the figures are printed by scripts/bench. Linux only: ptys and /proc."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import bench_filing
import bench_first_frame
import bench_keys
import bench_memory
import pytest

from benchlib.calls import LAYOUTS, template_record
from benchlib.report import machine, render
from tui.store.history import History

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bench reads /proc and uses ptys")


def test_first_frame_with_and_without_history_and_memory_in_a_pty():
    frames = bench_first_frame.first_frame(rounds=1, history=30, warm_up=False)
    assert frames["failures"] == []
    assert (
        len(frames["bare_s"])
        == len(frames["desk_s"])
        == len(frames["live_s"])
        == len(frames["history_s"])
        == len(frames["first_start_s"])
        == 1
    )

    memory = bench_memory.peak_rss(notes_typed=1, resumed_notes=20, settle=0.2)
    assert memory["failures"] == []
    assert memory["live"]["VmHWM"] > 0 and memory["bare"]["VmHWM"] > 0 and memory["resumed"]["VmHWM"] > 0

    rows = bench_first_frame.rows(frames) + bench_memory.rows(memory)
    assert [row.goal for row in rows if row.goal] == ["<= 1.2x", "<= 1.2x", "<= 120 MB"]
    text = render(rows, "smoke", machine())
    assert "ratio" in text and "peak RSS" in text and "cores" in text and "Textual" in text


def test_key_to_screen_key_to_fsync_and_a_bare_input():
    keys = bench_keys.key_latency(notes=20, keys=14, gap=(0.0, 0.01), note_length=(4, 6))
    assert keys["failures"] == []
    assert len(keys["chars_s"]) + len(keys["enters_s"]) == 14
    assert keys["enters_s"], "no Enter was typed"
    assert keys["view_notes_after"] == 20 + len(keys["enters_s"])
    assert keys["fsync_s"]
    bare = bench_keys.bare_input_latency(keys=6, notes=20, gap=(0.0, 0.01))
    assert bare["failures"] == [] and len(bare["chars_s"]) == 6
    figures = {row.figure.split(" (n=")[0]: row for row in bench_keys.rows({"keys": keys, "bare": bare})}
    assert figures["key to screen, 20 notes"].p99 > 0 and figures["key to screen, characters p50 / a bare Textual Input's"].value > 0
    assert len(keys["chars_cpu_s"]) == len(keys["chars_s"]) and len(bare["chars_cpu_s"]) == 6
    assert figures["  CPU time p50 / the bare Input's (moves little with load)"].value > 0


def test_draft_fsync_matching():
    drafts = [(1, 0.0), (2, 0.01), (4, 0.30)]
    fsyncs = [(2, 0.06), (3, 0.2), (5, 0.35)]
    assert [round(x, 3) for x in bench_keys.draft_fsync_latencies(drafts, fsyncs)] == [0.06, 0.05, 0.05]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_synthesized_history_is_what_history_reads(tmp_path, layout):
    now = datetime.now(UTC)
    info = bench_filing.synthesize_history(tmp_path, 1200, now, template_record(), months=LAYOUTS[layout])
    history = History(tmp_path, read_only=True)
    assert history.count() == 1200 and info["months"] == len(history.partitions()) == LAYOUTS[layout]
    newest = next(history.calls())
    assert history.get(newest["id"]) == newest
    assert datetime.fromisoformat(newest["started_at"]) <= now
    assert len({call["caller"] for call in history.calls()}) > 100  # callers vary, as at a real desk


def test_filing_a_call_with_history_in_one_month_and_in_24():
    cost = bench_filing.filing_cost({"sizes": [0, 30], "layouts": list(LAYOUTS), "rounds": 2, "filings": 2})
    assert [(run["layout"], run["size"]) for run in cost["runs"]] == [(layout, size) for layout in LAYOUTS for size in (0, 30)]
    assert all(len(run["filing_s"]) == len(run["wrote"]) == 4 for run in cost["runs"])  # 2 rounds of 2
    rows = bench_filing.rows(cost)
    assert sum(row.goal == "p95 <= 20 ms" for row in rows) == 4 and sum(row.goal == "<= 1.2x" for row in rows) == 2
