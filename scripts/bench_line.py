"""Line mode's speed figure (issue 6): time to the first prompt of `callcoach line`, beside the desk's
first frame. Measures and prints, never asserts; run by scripts/bench after bench_desk.py.

Both programs start in a real pseudo-terminal (120x40) exactly as bench_desk.py starts the desk,
alternated round by round, each with a fresh data dir: `callcoach call --caller N` until its first
frame shows the step tracker, and `callcoach line --caller N` until its `note>` prompt is drawn
(and `callcoach line` alone until its idle `>` prompt). The goal is the ratio of the medians:
line mode's first prompt at most 60% of the desk's first frame.

Also printed: which of the heavy libraries the line-mode process had imported when its first
prompt was drawn (prompt_toolkit, phonenumbers, icalendar, tinydb, textual), from a run with
`python -X importtime`, so a regression names its cause.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import bench_desk as bench

GOAL_RATIO = 0.60
LINE_MARKER = b"note>"  # the prompt of a live call
IDLE_MARKER = b"/quit leaves."  # said just before the idle prompt
WATCHED = ("prompt_toolkit", "phonenumbers", "icalendar", "tinydb", "textual", "rich")


def first_prompt(rounds: int, warm_up: bool = True, timeout: float = 30.0) -> dict:
    """Spawn-to-first-paint of the desk, and spawn-to-first-prompt of line mode (live and idle)."""
    times: dict[str, list[float]] = {"desk_s": [], "line_s": [], "idle_s": []}
    failures: list[str] = []
    kinds = (
        ("desk_s", ("call", "--caller", bench.CALLER), bench.DESK_MARKER),
        ("line_s", ("line", "--caller", bench.CALLER), LINE_MARKER),
        ("idle_s", ("line",), IDLE_MARKER),
    )
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-line-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench.child_env(tmp)
        for round_no in range(0 if warm_up else 1, rounds + 1):
            order = kinds if round_no % 2 else tuple(reversed(kinds))
            for key, args, marker in order:
                seen, tail = bench.seen_at(bench.callcoach_argv(tmp / f"{key}-{round_no}", *args), env, (marker,), timeout)
                if not seen:
                    failures.append(f"callcoach {' '.join(args)}: no {marker.decode()!r} in {timeout:.0f} s: {tail!r}")
                elif round_no:
                    times[key].append(seen[0])
    result: dict = {**times, "failures": failures}
    if times["desk_s"] and times["line_s"]:
        desk = statistics.median(times["desk_s"])
        result["ratio"] = statistics.median(times["line_s"]) / desk
        if times["idle_s"]:
            result["idle_ratio"] = statistics.median(times["idle_s"]) / desk
    return result


def loaded_at_first_prompt(timeout: float = 30.0) -> dict:
    """The heavy libraries imported before line mode's first prompt, and their import time (ms)."""
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-line-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench.child_env(tmp)
        argv = bench.callcoach_argv(tmp / "data", "line", "--caller", bench.CALLER)
        # The console script is a small Python file: run it under -X importtime with the venv's Python.
        program = bench.PtyProgram([sys.executable, "-X", "importtime", *argv], env)
        try:
            seen = program.seen_at(LINE_MARKER, timeout)
        finally:
            program.kill()
    if seen is None:
        return {"failures": [f"no prompt under -X importtime: {program.tail()!r}"]}
    before = bench.screen_text(bytes(program.raw)).decode("utf-8", "replace").split("note>")[0]
    cost: dict[str, float] = {}
    for line in before.splitlines():
        if not line.startswith("import time:") or line.count("|") < 2:
            continue
        _, cumulative, name = line.split("|", 2)
        top = name.strip()
        if top in WATCHED:
            cost[top] = int(cumulative.strip()) / 1000.0
    return {"loaded": cost, "failures": []}


def report(frames: dict, loaded: dict) -> str:
    lines = ["", "Line mode (issue 6): first prompt beside the desk's first frame", ""]
    if frames.get("ratio") is not None:
        desk = statistics.median(frames["desk_s"]) * 1000
        line = statistics.median(frames["line_s"]) * 1000
        idle = statistics.median(frames["idle_s"]) * 1000 if frames["idle_s"] else float("nan")
        ratio = frames["ratio"]
        verdict = "met" if ratio <= GOAL_RATIO else "missed"
        lines.append(
            f"  callcoach line --caller, first prompt / desk first frame: {ratio:.2f} ({line:.0f} / {desk:.0f} ms); "
            f"goal <= {GOAL_RATIO:.2f}: {verdict} (figure/goal {ratio / GOAL_RATIO:.2f})"
        )
        lines.append(
            f"  callcoach line (idle), first prompt / desk first frame:   {frames.get('idle_ratio', float('nan')):.2f} "
            f"({idle:.0f} / {desk:.0f} ms)"
        )
        spread = [
            f"{statistics.median(v) * 1000:.0f} (min {min(v) * 1000:.0f}, max {max(v) * 1000:.0f})"
            for v in (frames["desk_s"], frames["line_s"])
        ]
        lines.append(f"  medians over {len(frames['desk_s'])} rounds, ms: desk {spread[0]}, line {spread[1]}")
    if loaded.get("loaded") is not None:
        shown = ", ".join(f"{name} {ms:.0f} ms" for name, ms in sorted(loaded["loaded"].items())) or "none of them"
        lines.append(f"  imported before the first prompt (of {', '.join(WATCHED)}; -X importtime): {shown}")
    problems = frames.get("failures", []) + loaded.get("failures", [])
    if problems:
        lines.append("  Problems while measuring:")
        lines.extend(f"  - {problem}" for problem in problems)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench_line.py", description="Line mode's first prompt against the desk's first frame.")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args, _others = parser.parse_known_args(argv)  # scripts/bench passes every script its own options too
    rounds = 3 if args.quick else 9
    bench.log(f"line mode: first prompt and desk first frame, {rounds} rounds, alternated...")
    frames = first_prompt(rounds)
    loaded = loaded_at_first_prompt()
    print(report(frames, loaded), flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(bench.ROOT))
    sys.exit(main())
