"""scripts/bench runs: each measurement once at its smallest size. No timing is asserted here;
the figures are printed by scripts/bench. Kept under ~20 s (Linux only: ptys and /proc)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bench reads /proc and uses ptys")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_desk", ROOT / "scripts" / "bench_desk.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_first_frame_and_memory_in_a_pty(bench):
    frames = bench.first_frame(rounds=1, warm_up=False)
    assert frames["failures"] == []
    assert len(frames["bare_s"]) == len(frames["desk_s"]) == len(frames["live_s"]) == 1
    assert frames["ratio"] > 0

    memory = bench.peak_rss(notes_typed=1, resumed_notes=20, settle=0.2)
    assert memory["failures"] == []
    assert memory["live"]["VmHWM"] > 0 and memory["bare"]["VmHWM"] > 0 and memory["resumed"]["VmHWM"] > 0

    text = bench.report({"first_frame": frames, "rss": memory}, "smoke")
    assert "figure/goal" in text and "peak RSS" in text


def test_key_to_screen_and_key_to_fsync(bench):
    keys = bench.key_latency(notes=20, keys=14, gap=(0.0, 0.01), note_length=(4, 6))
    assert keys["failures"] == []
    assert len(keys["chars_s"]) + len(keys["enters_s"]) == 14
    assert keys["enters_s"], "no Enter was typed"
    assert keys["view_notes_after"] == 20 + len(keys["enters_s"])
    assert keys["fsync_s"]
    assert "key to screen" in bench.report({"keys": keys}, "smoke")


def test_draft_fsync_matching(bench):
    drafts = [(1, 0.0), (2, 0.01), (4, 0.30)]
    fsyncs = [(2, 0.06), (3, 0.2), (5, 0.35)]
    assert [round(x, 3) for x in bench.draft_fsync_latencies(drafts, fsyncs)] == [0.06, 0.05, 0.05]


def test_synthesized_history_is_what_history_reads(bench, tmp_path):
    from tui.store.history import History

    now = datetime.now(UTC)
    info = bench.synthesize_history(tmp_path, 1200, now, bench.template_record())
    history = History(tmp_path, read_only=True)
    assert history.count() == 1200 and info["months"] == len(history.partitions()) >= 2
    newest = next(history.calls())
    assert history.get(newest["id"]) == newest
    assert datetime.fromisoformat(newest["started_at"]) <= now


def test_call_end_commit(bench):
    cost = bench.commit_cost([0, 30], desks_per_size=1, commits_per_desk=2)
    assert [entry["size"] for entry in cost["sizes"]] == [0, 30]
    assert all(len(entry["cold_s"]) == 1 and len(entry["warm_s"]) == 1 for entry in cost["sizes"])
    assert "call-end commit" in bench.report({"commit": cost}, "smoke")
