"""scripts/bench_replay.py runs at its smallest size. No timing is asserted: the figures are printed
by scripts/bench."""

from __future__ import annotations

import asyncio

import bench_replay as bench

from tui.store.datadir import prepare_data_dir
from tui.store.history import History


def test_replay_open_and_seek(tmp_path):
    data = prepare_data_dir(tmp_path / "r")
    record = bench.long_call(events=200, seconds=600.0)
    assert len(record["events"]) == 200 and record["status"] == "completed"
    history = History(data)
    history.commit(record)
    history.close()
    result = asyncio.run(bench.measure_replay(data, record["id"], opens=1, seeks=3))
    assert len(result["open_s"]) == len(result["cold_s"]) == 1 and len(result["seek_s"]) == 3


def test_history_first_rows_and_filter(tmp_path):
    data = tmp_path / "h"
    bench.synth_history(data, calls=240, months=3)
    result = asyncio.run(bench.measure_history(data, rounds=1, queries=("parcel", "zzz-no-match"), filed_rounds=1))
    assert result["calls"] == 240 and result["rows_loaded"] == 241  # the call filed between the two opens
    assert len(result["first_s"]) == len(result["filed_s"]) == 1
    assert result["shown"]["zzz-no-match"] == 0 and len(result["filter_s"]) == 2
