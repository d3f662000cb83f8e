"""Where the desk's time goes (issue 18, items 1 and 2): profiles to read, not figures for the table.

    .venv/bin/python scripts/bench_profile.py imports      # -X importtime to the first frame
    .venv/bin/python scripts/bench_profile.py first-frame  # cProfile of `callcoach call` to its first frame
    .venv/bin/python scripts/bench_profile.py keys         # cProfile of 5,000-note key-to-screen typing
    .venv/bin/python scripts/bench_profile.py phases [N]   # the first frame by phase, desk against the bare app
    .venv/bin/python scripts/bench_profile.py line [N]     # -X importtime to line mode's first prompt, N rounds

`imports` starts `callcoach call` and the bare Textual app under `python -X importtime` in a real
pty and stops each at its first frame: total import time and the heaviest top-level imports.
`first-frame` runs `callcoach call` under cProfile and sends SIGTERM at the first frame (the desk
saves and exits, so the profile is written); `keys` profiles bench_keys' typing in-process. Both
print where the time was spent by package (Textual, Rich, callcoach, imports, the rest), so a miss
can be split into Textual's share and ours, and the functions with the most cumulative time.
`phases` runs the desk (`callcoach call --caller`, empty history) and the bare app N times each
(default 9), alternated, under scripts/benchlib/phases.py's stack sampler, and prints the median
milliseconds of each phase up to the first frame (imports by owner, callcoach's code before and
after App.run, Textual's CSS parsing, CSS applying, layout, rendering and the rest) for both, and
the difference: the table the README's "Performance" section quotes.
`line` starts `callcoach line --caller` under `python -X importtime` N times (default 5) and stops
each at its `note>` prompt: per group (Python's start, prompt-toolkit, callcoach's own modules,
phonenumbers, the rest) the smallest total over the rounds (the load on a shared machine only adds),
and the heaviest top-level imports, so each millisecond before the first prompt has an owner.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import signal
import sys
import tempfile
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from bench_first_frame import BARE_APP, BARE_MARKER, DESK_MARKER, bench_env, desk_argv  # noqa: E402

from benchlib.calls import CALLER  # noqa: E402
from benchlib.terminal import PtyProgram, strip_ansi  # noqa: E402

OWNERS = (
    ("textual", "/textual/"),
    ("rich", "/rich/"),
    ("callcoach", "/tui/"),
    ("imports", "<frozen importlib"),
    ("imports", "<frozen zipimport"),
)


def import_times(argv: list[str], marker: str, env: dict[str, str]) -> tuple[float, list[tuple[float, str]]]:
    """(ms of imports before the first frame, [(ms, top-level module)] heaviest first). `argv`
    starts with a Python file (the console script or the bare app), run by this interpreter."""
    program = PtyProgram([sys.executable, "-X", "importtime", *argv], env)
    try:
        program.seen_at(marker, 30.0)
    finally:
        program.close()
    top: list[tuple[float, str]] = []
    for line in strip_ansi(program.raw).splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            _, cumulative, name = line.split("|")
            if name.startswith(" ") and not name.startswith("  ") and cumulative.strip().isdigit():
                top.append((int(cumulative) / 1000.0, name.strip()))
    return sum(ms for ms, _ in top), sorted(top, reverse=True)


def imports() -> None:
    with tempfile.TemporaryDirectory(prefix="callcoach-profile-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench_env(tmp)
        desk = desk_argv(tmp / "data", "call", "--caller", CALLER)
        for name, argv, marker in (("callcoach call", desk, DESK_MARKER), ("bare Textual app", [str(BARE_APP)], BARE_MARKER)):
            total, top = import_times(argv, marker, env)
            print(f"{name}: {total:.0f} ms of imports before the first frame; heaviest top-level imports:")
            for ms, module in top[:15]:
                print(f"  {ms:7.1f} ms  {module}")


LINE_GROUPS = {
    "prompt_toolkit": "prompt-toolkit",
    "wcwidth": "prompt-toolkit",
    "tui": "callcoach's own modules",
    "phonenumbers": "phonenumbers",
}


def self_times(argv: list[str], marker: str, env: dict[str, str]) -> dict[str, float]:
    """ms of imports before `marker`, by top-level package, from -X importtime's self times (the
    nesting is not used: the preload thread's imports interleave with the main thread's)."""
    program = PtyProgram([sys.executable, "-X", "importtime", *argv], env)
    try:
        program.seen_at(marker, 30.0)
    finally:
        program.close()
    packages: dict[str, float] = {}
    for line in strip_ansi(program.raw).split(marker)[0].splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            own, _, name = line.removeprefix("import time:").split("|")
            if own.strip().isdigit():
                package = name.strip().split(".")[0]
                packages[package] = packages.get(package, 0.0) + int(own) / 1000.0
    return packages


def line_imports(rounds: int = 5) -> None:
    """The imports before line mode's first prompt, by group: the least of `rounds` runs each."""
    from bench_line import LINE_MARKER

    least: dict[str, float] = {}
    heaviest: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="callcoach-profile-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench_env(tmp)
        for round_no in range(rounds + 1):  # round 0 writes the bytecode
            packages = self_times(desk_argv(tmp / f"data-{round_no}", "line", "--caller", CALLER), LINE_MARKER, env)
            if not round_no:
                continue
            groups = {"all imports": sum(packages.values())}
            for package, ms in packages.items():
                group = LINE_GROUPS.get(package, "the rest (site, stdlib, asyncio, TinyDB, platformdirs)")
                groups[group] = groups.get(group, 0.0) + ms
                heaviest[package] = min(heaviest.get(package, ms), ms)
            for group, ms in groups.items():
                least[group] = min(least.get(group, ms), ms)
    print(f"callcoach line --caller: imports before the first prompt, least of {rounds} rounds (ms of self time):")
    for group, ms in sorted(least.items(), key=lambda item: -item[1]):
        print(f"  {ms:7.1f} ms  {group}")
    print("heaviest top-level packages (least of the rounds):")
    for package, ms in sorted(heaviest.items(), key=lambda item: -item[1])[:15]:
        print(f"  {ms:7.1f} ms  {package}")


def by_owner(stats: pstats.Stats) -> dict[str, float]:
    """Self time (ms) per owner: Textual, Rich, callcoach, the import machinery, the rest."""
    totals: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, self_time, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        owner = next((who for who, part in OWNERS if part in filename + name), "other (stdlib, asyncio, other libraries)")
        totals[owner] = totals.get(owner, 0.0) + self_time * 1000
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def show(stats: pstats.Stats, title: str, lines: int = 25) -> None:
    owners = by_owner(stats)
    total = sum(owners.values())
    print(f"{title}: {total:.0f} ms profiled; self time by owner:")
    for owner, ms in owners.items():
        print(f"  {ms:8.1f} ms  {ms / total:5.1%}  {owner}")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats(lines)
    print(out.getvalue())


def first_frame() -> None:
    with tempfile.TemporaryDirectory(prefix="callcoach-profile-") as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "first-frame.prof"
        argv = desk_argv(tmp / "data", "call", "--caller", CALLER)
        program = PtyProgram([sys.executable, "-m", "cProfile", "-o", str(out), *argv], bench_env(tmp))
        try:
            seen = program.seen_at(DESK_MARKER, 60.0)
            program.kill(signal.SIGTERM, group=False)  # the desk saves the call and exits: the profile is written
            program.wait(30.0)
        finally:
            program.close()
        print(f"first frame under cProfile at {seen * 1000:.0f} ms (cProfile slows everything down)" if seen else "no first frame")
        show(pstats.Stats(str(out)), "callcoach call, start to first frame (and its exit)")


def keys(count: int = 200) -> None:
    import bench_keys

    profile = cProfile.Profile()
    profile.enable()
    result = bench_keys.key_latency(5000, count)
    profile.disable()
    print(f"{len(result['chars_s']) + len(result['enters_s'])} keys with 5,000 notes (the 5,000 notes' loading included)")
    show(pstats.Stats(profile), "key to screen")


def phase_times(rounds: int) -> dict[str, list]:
    """Per program ("bare", "desk"), one phase_row per round, alternated round by round; and per
    program (" detail") the sampler's details."""
    import json

    runs: dict[str, list] = {"bare": [], "desk": []}
    with tempfile.TemporaryDirectory(prefix="callcoach-profile-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench_env(tmp)
        sampler = SCRIPTS / "benchlib" / "phases.py"
        for round_no in range(rounds + 1):  # round 0 warms the bytecode and the page cache
            for kind in ("bare", "desk") if round_no % 2 else ("desk", "bare"):
                out = tmp / f"{kind}-{round_no}.json"
                args = desk_argv(tmp / f"data-{round_no}", "call", "--caller", CALLER)[1:] if kind == "desk" else []
                program = PtyProgram([sys.executable, str(sampler), str(out), kind, *args], env)
                try:
                    program.wait(30.0)
                finally:
                    program.close()
                if round_no and out.exists():
                    raw = json.loads(out.read_text())
                    runs[kind].append(phase_row(raw))  # type: ignore[arg-type]
                    runs.setdefault(f"{kind} detail", []).append(raw["detail"])
    return runs


def phase_row(raw: dict) -> dict[str, tuple[float, float]]:
    """{phase: (wall ms, the main thread's CPU ms)}, and the marks."""
    row: dict[str, tuple[float, float]] = {}
    for when, label in (("before_run", "before App.run"), ("after_run", "App.run to frame")):
        for phase in raw[when].keys() | raw[f"cpu_{when}"].keys():
            row[f"{label}, {phase}"] = (raw[when].get(phase, 0.0), raw[f"cpu_{when}"].get(phase, 0.0))
    for phase, ms in raw.get("exact", {}).items():
        row[f"exactly, Textual's {phase}"] = (0.0, ms)
    marks = raw["marks"]
    for mark in ("app.run", "first frame"):
        row[f"= {mark} at (CPU: main thread)"] = (marks.get(mark, 0.0), marks.get(f"{mark}, main thread CPU", 0.0))
        row[f"= {mark}, process CPU (all threads)"] = (0.0, marks.get(f"{mark}, process CPU", 0.0))
    return row


def phases(rounds: int = 9, depth: int = 4) -> None:
    from benchlib.stats import median

    runs = phase_times(rounds)
    names = sorted({name for row in runs["bare"] + runs["desk"] for name in row})
    print(f"first frame by phase, medians of {len(runs['desk'])} desk and {len(runs['bare'])} bare rounds (ms; wall, and the CPU it used):")
    print(f"  {'phase':<62} {'bare':>6} {'desk':>6} {'extra':>6}   {'CPU':>6} {'CPU':>6} {'extra':>6}")
    for name in names:
        cells = []
        for column in (0, 1):
            bare, desk = (median([row.get(name, (0.0, 0.0))[column] for row in runs[kind]] or [0.0]) for kind in ("bare", "desk"))
            cells.append(f"{bare:6.1f} {desk:6.1f} {desk - bare:+6.1f}")
        print(f"  {name:<62} {cells[0]}   {cells[1]}")
    paths: dict[str, float] = {}
    for sample in runs.get("desk detail", []):
        for path, ms in sample.items():
            phase, _, detail = path.partition(" :: ")
            short = " > ".join(detail.split(" > ")[:depth]) if phase.startswith("callcoach") else detail
            paths[f"{phase} :: {short}"] = paths.get(f"{phase} :: {short}", 0.0) + ms / len(runs["desk detail"])
    print(f"where in the desk, mean ms a round (callcoach's code by its outermost {depth} functions, Textual's by its 3 innermost):")
    for path, ms in sorted(paths.items(), key=lambda item: -item[1])[:30]:
        print(f"  {ms:6.1f}  {path}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "phases":
        phases(*(int(arg) for arg in sys.argv[2:4]))
        sys.exit(0)
    if len(sys.argv) > 1 and sys.argv[1] == "line":
        line_imports(*(int(arg) for arg in sys.argv[2:3]))
        sys.exit(0)
    {"imports": imports, "first-frame": first_frame, "keys": keys}[sys.argv[1] if len(sys.argv) > 1 else "imports"]()
