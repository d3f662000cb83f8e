"""First frame of `callcoach call --caller NUM` against a bare Textual app (issue 18, item 1).

Each program starts in a real 120x40 pseudo-terminal, alternated round by round in one run: the
bare app (scripts/bench_bare_app.py: a Static and a Footer), the desk with an empty history, and
the desk with 100,000 calls on file (24 month files, found whole by a start-up check before, as
on any desk that has run before). The time runs from the spawn to the read that first brings a
marker on screen: the bare app's Static, the desk's step tracker ('Listen'), and for 'call live'
the status line once the call from --caller started. A warm-up round, not counted, compiles
bytecode and fills the page cache, as any second start would, and runs the desk on for a moment
after its call is live, so it keeps Textual's parsed CSS as every desk does (tui/app/parsed_css.py)
and later rounds start with it. 'first start' is the desk with nothing kept (a cache directory of
its own each round): the first run after an installation or an upgrade of Textual, a figure beside
the goal, not for it. The goal is the ratio of medians.
Never asserts a time. Run alone: `.venv/bin/python scripts/bench_first_frame.py [--quick]`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from benchlib.calls import CALLER, synthesize_history, template_record  # noqa: E402
from benchlib.report import Row, machine, render  # noqa: E402
from benchlib.stats import median  # noqa: E402
from benchlib.terminal import callcoach_command, markers_seen_at  # noqa: E402
from benchlib.world import clean_env  # noqa: E402
from tui.app.base import PARSED_CSS_SAVE_DELAY  # noqa: E402

BARE_APP = SCRIPTS / "bench_bare_app.py"
BARE_MARKER = "BENCH-BARE-READY"  # drawn by the bare app's Static
DESK_MARKER = "Listen"  # the desk's step tracker: on its very first frame
LIVE_MARKER = "Call started"  # the status line once the call from --caller is live
GOAL_RATIO = 1.2
HISTORY_CALLS = 100_000

FULL = {"rounds": 15, "history": HISTORY_CALLS}
QUICK = {"rounds": 5, "history": 10_000}


def bench_env(tmp: Path) -> dict[str, str]:
    """The pty tests' clean environment, with a true-colour terminal, no config file (every
    setting defaulted) and bytecode written as an installed desk's is."""
    return clean_env(tmp / "home", tmp / "no-such-config.toml", {"COLORTERM": "truecolor"}, write_bytecode=True)


def desk_argv(data_dir: Path, *args: str) -> list[str]:
    return [*callcoach_command(), *args, "--data-dir", str(data_dir)]


def history_on_file(data_dir: Path, calls: int) -> float:
    """`calls` calls in 24 month files, checked whole once as a desk's start-up does; seconds taken."""
    from tui.store.datadir import prepare_data_dir
    from tui.store.history import History

    began = time.perf_counter()
    prepare_data_dir(data_dir)
    synthesize_history(data_dir, calls, datetime.now(UTC), template_record(), months=24)
    History(data_dir).check_all()
    os.sync()
    return time.perf_counter() - began


def first_frame(rounds: int, history: int = 0, warm_up: bool = True, timeout: float = 30.0) -> dict:
    """Spawn-to-first-paint of the bare app and of `callcoach call` (empty data dir, and with
    `history` calls on file when not 0), alternated round by round."""
    times: dict[str, list[float]] = {"bare_s": [], "desk_s": [], "live_s": [], "history_s": [], "first_start_s": []}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench_env(tmp)
        filed = tmp / "filed"
        kinds = ["bare", "desk", "first_start"]
        if history:
            times["history_made_s"] = [history_on_file(filed, history)]
            kinds.append("history")
        for round_no in range(0 if warm_up else 1, rounds + 1):
            for kind in kinds if round_no % 2 else reversed(kinds):
                if kind == "bare":
                    argv, markers = [sys.executable, str(BARE_APP)], (BARE_MARKER,)
                elif kind == "desk":
                    argv, markers = desk_argv(tmp / f"data-{round_no}", "call", "--caller", CALLER), (DESK_MARKER, LIVE_MARKER)
                elif kind == "first_start":
                    argv, markers = desk_argv(tmp / f"data-{round_no}-first", "call", "--caller", CALLER), (DESK_MARKER,)
                else:
                    argv, markers = desk_argv(filed, "call", "--caller", CALLER), (DESK_MARKER,)
                run_env = env if kind != "first_start" else {**env, "XDG_CACHE_HOME": str(tmp / f"cache-{round_no}")}
                linger = 0.0 if round_no or kind == "bare" else PARSED_CSS_SAVE_DELAY + 1.5  # see the docstring
                seen, tail = markers_seen_at(argv, run_env, markers, timeout, linger)
                for journal in (filed / "journal").glob("*.jsonl"):
                    journal.unlink()  # the killed call would be offered for resume at the next start
                if len(seen) < len(markers):
                    failures.append(f"{kind}: no {markers[len(seen)]!r} in {timeout:.0f} s: {tail!r}")
                elif round_no:
                    times[f"{kind}_s"].append(seen[0])
                    if kind == "desk":
                        times["live_s"].append(seen[1])
    return {**times, "history": history, "failures": failures}


def rows(raw: dict) -> list[Row]:
    if not (raw.get("bare_s") and raw.get("desk_s")):
        return []
    bare = median(raw["bare_s"]) * 1000
    out = []
    for key, what in (("desk_s", "empty history"), ("history_s", f"{raw.get('history', 0):,} calls on file")):
        if raw.get(key):
            desk = median(raw[key]) * 1000
            out.append(
                Row(
                    figure=f"first frame, callcoach call / bare app, {what} (n={len(raw[key])})",
                    goal=f"<= {GOAL_RATIO:g}x",
                    measured=f"{desk / bare:.2f}x ({desk:.0f} / {bare:.0f} ms)",
                    goal_value=GOAL_RATIO,
                    value=desk / bare,
                    p50=desk,
                )
            )
    if raw.get("first_start_s"):
        first = median(raw["first_start_s"]) * 1000
        out.append(
            Row(
                figure="  callcoach call, first start (no parsed CSS kept yet)", measured=f"{first / bare:.2f}x ({first:.0f} ms)", p50=first
            )
        )
    live = median(raw["live_s"]) * 1000
    out.append(Row(figure="  callcoach call: call live on screen", measured=f"{live:.0f} ms ({live / bare:.2f}x bare)", p50=live))
    out[0].notes.append(
        f"first frame: medians of {len(raw['desk_s'])} rounds, alternated in one run (bare "
        f"{', '.join(f'{s * 1000:.0f}' for s in raw['bare_s'])} ms; desk {', '.join(f'{s * 1000:.0f}' for s in raw['desk_s'])} ms). "
        "Each program in its own 120x40 pseudo-terminal with no config file; from the spawn to the read that first brings "
        f"{DESK_MARKER!r} (the step tracker) or {BARE_MARKER!r} on screen; 'call live' until {LIVE_MARKER!r}. "
        + (
            f"The desk with history: {raw['history']:,} calls in 24 month files, checked whole before (as at any start after "
            f"the first), made in {raw['history_made_s'][0]:.0f} s."
            if raw.get("history_made_s")
            else ""
        )
    )
    return out


PHASES = {"first_frame": lambda params: first_frame(params["rounds"], params["history"])}


def measure(params: dict) -> dict:
    from benchlib.child import run_in_child

    return run_in_child("bench_first_frame.py", "first_frame", params)


def main() -> int:
    from benchlib.child import phase_main

    if phase_main(PHASES):
        return 0
    raw = first_frame(**(QUICK if "--quick" in sys.argv else FULL))
    print(render(rows(raw), "callcoach bench: first frame", machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
