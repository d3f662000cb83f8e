"""scripts/bench: every speed figure in one table (issues 2, 3, 4, 6, 16, 17 and 18), measured, never asserted.

Each part measures in fresh Python processes of its own (scripts/bench_*.py; each also runs alone)
and returns its raw figures; this prints one table: figure, goal, measured (p50, p95, p99 where
they apply), ratio to the goal, and the machine. `--json FILE` writes the raw figures and the
table's rows; `--quick` runs fewer rounds and smaller sizes; `--only PART` runs some parts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

import bench_callback  # noqa: E402
import bench_filing  # noqa: E402
import bench_first_frame  # noqa: E402
import bench_keys  # noqa: E402
import bench_line  # noqa: E402
import bench_memory  # noqa: E402
import bench_phone  # noqa: E402
import bench_replay  # noqa: E402
import bench_team  # noqa: E402
import bench_team_scale  # noqa: E402

from benchlib.report import as_json, load_average, machine, render  # noqa: E402

PARTS = {
    "first-frame": bench_first_frame,
    "memory": bench_memory,
    "keys": bench_keys,
    "filing": bench_filing,
    "line": bench_line,
    "replay": bench_replay,
    "callback": bench_callback,
    "team": bench_team,
    "phone": bench_phone,
}
OPT_IN = {"team-scale": bench_team_scale}  # a million calls in PostgreSQL: about 15 minutes, only when asked


def failures_in(raw: object) -> list[str]:
    """Every 'failures' list anywhere in a part's raw figures."""
    if isinstance(raw, dict):
        found = list(raw.get("failures", []))
        return found + [f for key, value in raw.items() if key != "failures" for f in failures_in(value)]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller sizes (a few minutes)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw figures and the rows to FILE")
    parser.add_argument("--only", action="append", choices=sorted(PARTS), metavar="PART", help=f"run only these parts ({', '.join(PARTS)})")
    parser.add_argument("--team-scale", action="store_true", help="also the team database at 1,000,000 calls (about 15 minutes)")
    args = parser.parse_args(argv)
    parts = {**PARTS, **(OPT_IN if args.team_scale else {})}
    mode = "quick" if args.quick else "full"
    box = machine()
    raw: dict[str, dict] = {}
    began = time.perf_counter()
    for name, part in parts.items():
        if args.only and name not in args.only and not (name in OPT_IN and args.team_scale):
            continue
        print(f"bench: {name}...", file=sys.stderr, flush=True)
        raw[name] = part.measure(part.QUICK if args.quick else part.FULL)
    rows = [row for name, part in parts.items() if name in raw for row in part.rows(raw[name])]
    load_after = load_average()
    print(render(rows, f"callcoach bench ({mode}, {time.perf_counter() - began:.0f} s)", box, load_after))
    problems = [f"{name}: {problem}" for name, figures in raw.items() for problem in failures_in(figures)]
    if problems:
        print("\nProblems while measuring:")
        print("\n".join(f"- {problem}" for problem in problems))
    if args.json:
        document = {"mode": mode, "machine": box, "load_after": load_after, "raw": raw, "rows": as_json(rows)}
        args.json.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
