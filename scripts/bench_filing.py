"""Filing a call (issue 18, item 3): from the agent's Enter on the wrap-up to the call durable on
disk, against how much history there is, in one month and spread over 24.

Timed: CallSession.finish(), what the desk's filing worker runs after F10 and Enter (the end event
journaled and fsynced while the record is committed to the history and made durable, then the
journal removed). Each call is a typical one (4 steps, 12 notes) already journaled, as a
real call's notes are long before it ends. The history is synthesized as month files straight on
disk (about three calls a caller number), with the caller index built as the desk builds it, all
os.sync()ed before the first filing; the sizes are interleaved round by round. Also recorded: the bytes each filing wrote
(/proc/self/io wchar), which must not grow with the month. Never asserts a time.
Run alone: `.venv/bin/python scripts/bench_filing.py [--quick]`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from benchlib.calls import CALLER, LAYOUTS, play_call, synthesize_history, template_record  # noqa: E402
from benchlib.report import Row, timing_row  # noqa: E402
from benchlib.stats import pct  # noqa: E402

GOAL_MS = 20.0  # p95
FLAT = 1.2  # p95 at the largest history / p95 at none

# Every size and layout is made first; then each round visits them all in turn (the order rotating
# from round to round), opening a desk and filing `filings` calls, so the machine's load falls on
# every size alike and each gets rounds x filings samples.
FULL = {"sizes": [0, 1_000, 10_000, 100_000, 1_000_000], "layouts": list(LAYOUTS), "rounds": 12, "filings": 8}
QUICK = {"sizes": [0, 10_000, 100_000], "layouts": list(LAYOUTS), "rounds": 4, "filings": 6}


def _written() -> int:
    """Bytes this process has handed to write() so far (all threads), from /proc/self/io."""
    try:
        with open("/proc/self/io") as io:
            return next(int(line.split()[1]) for line in io if line.startswith("wchar:"))
    except (OSError, StopIteration):
        return 0


def _timed(function, into: list[float]):
    def timed(*args):
        began = time.perf_counter()
        try:
            return function(*args)
        finally:
            into.append(time.perf_counter() - began)

    return timed


def filing_cost(params: dict) -> dict:
    """Time CallSession.finish() for each layout and size of history, the sizes interleaved."""
    from tui.config.settings import Config
    from tui.domain.call.clock import SystemClock
    from tui.services.session import open_desk
    from tui.store.datadir import prepare_data_dir
    from tui.store.lock import DeskLock

    config = Config(agent="Bench Agent", timezone="UTC")
    template = template_record()
    runs = []
    tmp = Path(tempfile.mkdtemp(prefix="callcoach-bench-filing-"))
    try:
        for layout in params["layouts"]:
            for size in params["sizes"]:
                data_dir = prepare_data_dir(tmp / f"history-{len(runs)}")
                began = time.perf_counter()
                info = synthesize_history(data_dir, size, datetime.now(UTC), template, months=LAYOUTS[layout])
                desk = open_desk(config, data_dir, SystemClock())
                if desk.callers is not None:
                    desk.callers.refresh()  # the caller index as the desk builds it after its first start
                desk.history.close()
                info.update(layout=layout, size=size, synth_s=time.perf_counter() - began, filing_s=[], commit_s=[], wrote=[])
                runs.append((data_dir, info))
        os.sync()  # the synthesized files are on disk: no filing's fsync pays for them
        for round_no in range(params["rounds"]):
            shift = round_no % len(runs)
            for data_dir, info in runs[shift:] + runs[:shift]:
                with DeskLock(data_dir):
                    desk = open_desk(config, data_dir, SystemClock())
                    desk.history.commit = _timed(desk.history.commit, info["commit_s"])  # the store's share
                    for _ in range(params["filings"]):
                        session, _warning = desk.start_call(CALLER)
                        play_call(session.call)
                        session.writer.flush(10.0)
                        written = _written()
                        began = time.perf_counter()
                        session.finish("resolved", "logistics")
                        info["filing_s"].append(time.perf_counter() - began)
                        info["wrote"].append(_written() - written)
                    desk.history.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "runs": [info for _, info in runs],
        "rounds": params["rounds"],
        "record_bytes": len(json.dumps(template, ensure_ascii=False, separators=(",", ":")).encode()),
    }


def rows(raw: dict) -> list[Row]:
    runs = raw.get("runs", [])
    out: list[Row] = []
    for layout in dict.fromkeys(run["layout"] for run in runs):
        mine = [run for run in runs if run["layout"] == layout]
        for run in mine:
            row = timing_row(f"filing a call, {run['size']:,} calls in {layout}", run["filing_s"], GOAL_MS, "p95")
            row.measured += f", wrote {pct(run['wrote'], 50) / 1024:.0f} KB"
            out.append(row)
            if run.get("commit_s"):
                out.append(timing_row("  of which the history commit", run["commit_s"]))
        smallest, largest = mine[0], mine[-1]
        if smallest is not largest:
            flat = pct(largest["filing_s"], 95) / pct(smallest["filing_s"], 95)
            out.append(
                Row(
                    figure=f"  flat: p95 at {largest['size']:,} / at {smallest['size']:,} ({layout})",
                    goal=f"<= {FLAT:g}x",
                    measured=f"{flat:.2f}x",
                    goal_value=FLAT,
                    value=flat,
                )
            )
    if runs:
        layout = "; ".join(
            f"{run['layout']} {run['size']:,}: {run['bytes'] / 1e6:.0f} MB in {run['months']} month file(s), "
            f"{run['current_month_calls']:,} in the current month, made in {run['synth_s']:.0f} s"
            for run in runs
            if run["size"]
        )
        out[0].notes.append(
            f"filing a call: CallSession.finish() timed whole, as the desk's filing worker runs it after F10 and Enter "
            f"(the end event journaled and fsynced beside the record's commit to the history, then the journal removed), {len(runs[0]['filing_s'])} calls per size, "
            f"filed a few at a time on a desk opened for them, every size visited in turn in each of {raw.get('rounds', 0)} rounds so the "
            "machine's load falls on all alike; the caller index built first, as the desk builds it after its first start; a "
            f"typical call of 4 steps and 12 notes (a ~{raw.get('record_bytes', 0) / 1000:.0f} KB record). 'wrote' is the "
            f"median of the bytes each filing handed to write() (/proc/self/io wchar): journal and history together; 'of which the "
            f"history commit' times History.commit alone inside it (the rest is waiting for the journal's fsync of the end event, "
            f"which runs at the same time, and the journal's removal). "
            f"History synthesized straight into month files ({layout}), os.sync()ed before the first filing."
        )
    return out


PHASES = {"filing": filing_cost}


def measure(params: dict) -> dict:
    from benchlib.child import run_in_child

    return run_in_child("bench_filing.py", "filing", params)


def main() -> int:
    from benchlib.child import phase_main
    from benchlib.report import machine, render

    if phase_main(PHASES):
        return 0
    quick = "--quick" in sys.argv
    raw = filing_cost(QUICK if quick else FULL)
    print(render(rows(raw), "callcoach bench: filing a call", machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
