"""Line mode's first prompt beside the desk's first frame (issues 6 and 18): measures, never asserts.

Both programs start in a real pseudo-terminal (120x40) exactly as bench_first_frame.py starts the
desk, alternated round by round, each with a fresh data dir: `callcoach call --caller N` until its
first frame shows the step tracker, and `callcoach line --caller N` until its `note>` prompt is
drawn (and `callcoach line` alone until its idle `>` prompt). The goal is the ratio of the
medians: line mode's first prompt at most 60% of the desk's first frame. Since issue 18 session 7
that `note>` is drawn just before --caller's call starts (its number checked, its journal made) in
the prompt's first event-loop turn, before any key is read: the prompt takes keys from its first
paint, and they are the call's notes (tests/line/test_first_prompt.py).

Also recorded: which of the heavy libraries the line-mode process had imported when its first
prompt was drawn (prompt_toolkit, phonenumbers, icalendar, tinydb, textual), from a run with
`python -X importtime`, so a regression names its cause.
Run alone: `.venv/bin/python scripts/bench_line.py [--quick]`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from bench_first_frame import DESK_MARKER, bench_env, desk_argv  # noqa: E402

from benchlib.calls import CALLER  # noqa: E402
from benchlib.report import Row, machine, render  # noqa: E402
from benchlib.stats import median  # noqa: E402
from benchlib.terminal import PtyProgram, markers_seen_at, strip_ansi  # noqa: E402

GOAL_RATIO = 0.60
LINE_MARKER = "note>"  # the prompt of a live call
IDLE_MARKER = "/quit leaves."  # said just before the idle prompt
WATCHED = ("prompt_toolkit", "phonenumbers", "icalendar", "tinydb", "textual", "rich")
FULL = {"rounds": 9}
QUICK = {"rounds": 3}


def first_prompt(rounds: int, warm_up: bool = True, timeout: float = 30.0) -> dict:
    """Spawn-to-first-paint of the desk, and spawn-to-first-prompt of line mode (live and idle)."""
    times: dict[str, list[float]] = {"desk_s": [], "line_s": [], "idle_s": []}
    failures: list[str] = []
    kinds = (
        ("desk_s", ("call", "--caller", CALLER), DESK_MARKER),
        ("line_s", ("line", "--caller", CALLER), LINE_MARKER),
        ("idle_s", ("line",), IDLE_MARKER),
    )
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-line-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench_env(tmp)
        for round_no in range(0 if warm_up else 1, rounds + 1):
            for key, args, marker in kinds if round_no % 2 else tuple(reversed(kinds)):
                seen, tail = markers_seen_at(desk_argv(tmp / f"{key}-{round_no}", *args), env, (marker,), timeout)
                if not seen:
                    failures.append(f"callcoach {' '.join(args)}: no {marker!r} in {timeout:.0f} s: {tail!r}")
                elif round_no:
                    times[key].append(seen[0])
    return {**times, "failures": failures}


def loaded_at_first_prompt(timeout: float = 30.0) -> dict:
    """The heavy libraries imported before line mode's first prompt, and their import time (ms)."""
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-line-") as tmp_name:
        tmp = Path(tmp_name)
        # The console script is a small Python file: run it under -X importtime with the venv's Python.
        program = PtyProgram([sys.executable, "-X", "importtime", *desk_argv(tmp / "data", "line", "--caller", CALLER)], bench_env(tmp))
        try:
            seen = program.seen_at(LINE_MARKER, timeout)
        finally:
            program.close()
    if seen is None:
        return {"failures": [f"no prompt under -X importtime: {program.tail(400)!r}"]}
    before = strip_ansi(program.raw).split(LINE_MARKER)[0]
    cost: dict[str, float] = {}
    for line in before.splitlines():
        if not line.startswith("import time:") or line.count("|") < 2:
            continue
        _, cumulative, name = line.split("|", 2)
        if name.strip() in WATCHED:
            cost[name.strip()] = int(cumulative.strip()) / 1000.0
    return {"loaded": cost, "failures": []}


def rows(raw: dict) -> list[Row]:
    frames, loaded = raw.get("frames", {}), raw.get("loaded", {})
    if not (frames.get("desk_s") and frames.get("line_s")):
        return []
    desk = median(frames["desk_s"]) * 1000
    out = []
    for key, what in (("line_s", "callcoach line --caller"), ("idle_s", "  callcoach line (idle)")):
        if frames.get(key):
            line = median(frames[key]) * 1000
            row = Row(
                figure=f"{what}, first prompt / desk first frame (n={len(frames[key])})",
                measured=f"{line / desk:.2f}x ({line:.0f} / {desk:.0f} ms)",
                p50=line,
            )
            if key == "line_s":
                row.goal, row.goal_value, row.value = f"<= {GOAL_RATIO:g}x", GOAL_RATIO, line / desk
            out.append(row)
    if loaded.get("loaded") is not None:
        shown = ", ".join(f"{name} {ms:.0f} ms" for name, ms in sorted(loaded["loaded"].items())) or "none of them"
        out[0].notes.append(
            f"line mode: medians of {len(frames['line_s'])} rounds alternated with the desk, each in its own 120x40 pty with a "
            f"fresh data dir; to the `note>` prompt (live) or the idle prompt. Imported before the first prompt (of "
            f"{', '.join(WATCHED)}; -X importtime): {shown}."
        )
    return out


PHASES = {"line": lambda params: {"frames": first_prompt(params["rounds"]), "loaded": loaded_at_first_prompt()}}


def measure(params: dict) -> dict:
    from benchlib.child import run_in_child

    return run_in_child("bench_line.py", "line", params)


def main() -> int:
    from benchlib.child import phase_main

    if phase_main(PHASES):
        return 0
    raw = PHASES["line"](QUICK if "--quick" in sys.argv else FULL)
    print(render(rows(raw), "callcoach bench: line mode", machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
