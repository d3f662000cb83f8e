"""scripts/bench_phone.py at its smallest: the synthetic history reads back as the desk would
look callers up in it, and the table's rows come out. No timing is asserted: scripts/bench prints
the figures."""

from __future__ import annotations

import bench_phone as bench


def test_caller_lookup_figures_at_a_small_size():
    raw = bench.measure_lookup({"calls": 600, "callers": 50, "lookups": 5})
    assert len(raw["lookup_s"]) == 5 and len(raw["busiest_s"]) == 20
    assert raw["busiest_calls"] >= 12  # the first number calls more than an average one (600 / 50)
    rows = bench.rows({"terminal": {"failures": ["not run here"]}, "lookup": raw})
    assert [row.figure.split(" (")[0] for row in rows][-3:] == [
        "Caller history on a ring, 600 calls on file",
        "Caller history of the busiest number",
        "Caller index: first build from 600 calls",
    ]
