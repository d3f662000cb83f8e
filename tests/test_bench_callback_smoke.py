"""scripts/bench_callback.py runs at its smallest size, and what it reports about loading holds.
No timing is asserted: the figures are printed by scripts/bench."""

from __future__ import annotations

import bench_callback as bench


def test_domain_calls_per_key():
    result = bench._domain_calls(1)
    typed = sum(len(number) for number in bench.NUMBERS) + sum(len(text) for text in bench.CUSTOM)
    assert len(result["ms"]) == typed + 4


def test_the_first_f5_finds_number_data_loaded_off_the_event_loop():
    """In a fresh process: every region's metadata loads in a worker after the first frame (only the
    caller's own region, parsed when the call starts, may load on the event loop), and the place
    data loads in a worker after a pause, never on the event loop."""
    first = bench._run("first-f5", 0)
    assert first["regions_before_f5"] > 200
    assert set(first["regions_on_loop"]) <= {"phonenumbers.data.region_GB"}
    assert first["place_threads"] and "MainThread" not in first["place_threads"]
    assert first["place_at_once"] is False  # F5 came before any pause: the panel did not wait for it
