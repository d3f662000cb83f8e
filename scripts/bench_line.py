"""Line mode's first prompt beside the desk's first frame (issues 6 and 18): measures, never asserts.

Both programs start in a real pseudo-terminal (120x40) exactly as bench_first_frame.py starts the
desk, alternated round by round, each with a fresh data dir: `callcoach call --caller N` until its
first frame shows the step tracker, and `callcoach line --caller N` until its `note>` prompt is
drawn (and `callcoach line` alone until its idle `>` prompt, after the idle line). The goal is the
ratio of the medians: line mode's first prompt at most 60% of the desk's first frame.

Since issue 18 session 8 that prompt is drawn before prompt-toolkit is imported, with the terminal
already holding the keys in prompt-toolkit's raw mode (tui.support.early_prompt): a key typed from
then on lands in the note, but shows only once prompt-toolkit takes over and redraws the prompt in
place. So each round also types one key the moment the prompt is seen and times when it shows
(from the spawn): a prompt that did not take that key is a failure, and the key's row says when what
is typed becomes visible. (Until session 7 the idle figure waited for the idle line said just
before the prompt; it now waits for the prompt itself.)

Also recorded: which of the heavy libraries the line-mode process had imported when its first
prompt was drawn, and when prompt-toolkit first painted it (prompt_toolkit, phonenumbers,
icalendar, tinydb, textual), from a run with `python -X importtime`, so a regression names its cause.
Run alone: `.venv/bin/python scripts/bench_line.py [--quick]`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
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
IDLE_MARKER = "/quit leaves.\r\n>"  # the idle prompt, on the line after the idle line
PAINTED = "\x1b[?2004h"  # prompt-toolkit's first paint turns bracketed paste on (the early prompt writes no escape)
PROBE = "\u00b6"  # the key typed as the prompt shows: in nothing line mode says
WATCHED = ("prompt_toolkit", "phonenumbers", "icalendar", "tinydb", "textual", "rich")
FULL = {"rounds": 9}
QUICK = {"rounds": 3}


def first_prompt(rounds: int, warm_up: bool = True, timeout: float = 30.0) -> dict:
    """Spawn-to-first-paint of the desk, and spawn-to-first-prompt of line mode (live and idle), with
    spawn-to-shown of a key line mode was sent the moment its prompt was seen."""
    times: dict[str, list[float]] = {"desk_s": [], "line_s": [], "idle_s": [], "line_key_s": [], "idle_key_s": []}
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
                argv = desk_argv(tmp / f"{key}-{round_no}", *args)
                if key == "desk_s":
                    seen, tail = markers_seen_at(argv, env, (marker,), timeout)
                else:
                    seen, tail = prompt_and_key(argv, env, marker, timeout)
                if len(seen) < (1 if key == "desk_s" else 2):
                    failures.append(f"callcoach {' '.join(args)}: no {marker!r}, or no key shown on it, in {timeout:.0f} s: {tail!r}")
                elif round_no:
                    times[key].append(seen[0])
                    if key != "desk_s":
                        times[key.replace("_s", "_key_s")].append(seen[1])
    return {**times, "failures": failures}


def prompt_and_key(argv: list[str], env: dict[str, str], marker: str, timeout: float) -> tuple[list[float], str]:
    """[seconds from the spawn to the prompt, to the key typed as it was seen shown] (shorter when
    either did not come), and the output's tail. Polled every 2 ms so the key follows the prompt closely."""
    program = PtyProgram(argv, env)
    seen: list[float] = []
    try:
        _until(lambda: marker in program.text or program.poll() is not None, timeout)
        offset = program.output_length
        program.write(PROBE)
        prompt_at = program.seen_at(marker, 0.1)
        if prompt_at is not None:
            seen.append(prompt_at)
            shown = program.shown_after(offset, PROBE, timeout)
            if shown is not None:
                seen.append(shown - program.started)
    finally:
        program.close()
    return seen, program.tail(400)


def _until(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll every 2 ms (not the tests' 20) until `condition`; False at the timeout."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() >= deadline:
            return False
        time.sleep(0.002)
    return True


def loaded_at_first_prompt(timeout: float = 30.0) -> dict:
    """The heavy libraries imported before line mode's first prompt was drawn (`loaded`) and before
    prompt-toolkit first painted it (`at_paint`), with their import time (ms)."""
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-line-") as tmp_name:
        tmp = Path(tmp_name)
        # The console script is a small Python file: run it under -X importtime with the venv's Python.
        program = PtyProgram([sys.executable, "-X", "importtime", *desk_argv(tmp / "data", "line", "--caller", CALLER)], bench_env(tmp))
        try:
            seen = program.seen_at(LINE_MARKER, timeout)
            painted = (
                seen is not None
                and _until(lambda: PAINTED in program.raw or program.poll() is not None, timeout)
                and PAINTED in program.raw
            )
        finally:
            program.close()
    if not painted:
        return {"failures": [f"no prompt under -X importtime: {program.tail(400)!r}"]}
    raw = program.raw
    before_paint = raw[: raw.index(PAINTED)]
    return {"loaded": _watched_imports(before_paint.split(LINE_MARKER)[0]), "at_paint": _watched_imports(before_paint), "failures": []}


def _watched_imports(output: str) -> dict[str, float]:
    cost: dict[str, float] = {}
    for line in strip_ansi(output).splitlines():
        if not line.startswith("import time:") or line.count("|") < 2:
            continue
        _, cumulative, name = line.split("|", 2)
        if name.strip() in WATCHED:
            cost[name.strip()] = int(cumulative.strip()) / 1000.0
    return cost


def rows(raw: dict) -> list[Row]:
    frames, loaded = raw.get("frames", {}), raw.get("loaded", {})
    if not (frames.get("desk_s") and frames.get("line_s")):
        return []
    desk = median(frames["desk_s"]) * 1000
    out = []
    for key, what in (
        ("line_s", "callcoach line --caller"),
        ("idle_s", "  callcoach line (idle)"),
        ("line_key_s", "  line --caller, a key typed as its prompt shows, on screen"),
        ("idle_key_s", "  line (idle), a key typed as its prompt shows, on screen"),
    ):
        if frames.get(key):
            line = median(frames[key]) * 1000
            figure = f"{what}, first prompt / desk first frame" if key in ("line_s", "idle_s") else f"{what} / desk first frame"
            row = Row(figure=f"{figure} (n={len(frames[key])})", measured=f"{line / desk:.2f}x ({line:.0f} / {desk:.0f} ms)", p50=line)
            if key == "line_s":
                row.goal, row.goal_value, row.value = f"<= {GOAL_RATIO:g}x", GOAL_RATIO, line / desk
            out.append(row)
    if loaded.get("loaded") is not None:

        def shown(cost: dict[str, float]) -> str:
            return ", ".join(f"{name} {ms:.0f} ms" for name, ms in sorted(cost.items())) or "none of them"

        out[0].notes.append(
            f"line mode: medians of {len(frames['line_s'])} rounds alternated with the desk, each in its own 120x40 pty with a "
            f"fresh data dir; to the `note>` prompt (live) or the idle prompt, drawn with the keys held (a key typed then "
            f"lands in the note); the key rows: a key typed as that prompt was seen, to its echo. Imported before the first "
            f"prompt (of {', '.join(WATCHED)}; -X importtime): {shown(loaded['loaded'])}; by prompt-toolkit's first paint of "
            f"it: {shown(loaded.get('at_paint', {}))}."
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
