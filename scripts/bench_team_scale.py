"""Team database figures at a team's scale (issue 16), on a throwaway PostgreSQL cluster of its own:

- `callcoach import --team` of a file of realistic calls (100,000, the import's largest file), and
  the local `callcoach import` of 20,000, each the real command in a process of its own;
- then the database grown to 1,000,000 calls of 200 agents (copies of the imported calls made
  inside PostgreSQL: scripts/benchlib/team_scale.py) and, as a supervisor's role: the history's
  first frame (the newest page), each filter (to its first rows on screen and to its whole page),
  a replay opened (the record, its actions, its flags, its comments) and the agents' names.

Opt-in, since it takes a while (about 15 minutes here): `scripts/bench --team-scale`, or alone
`.venv/bin/python scripts/bench_team_scale.py [--quick]` (--quick: 20,000 imported, 200,000 in all).
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from benchlib.report import Row, machine, render, timing_row  # noqa: E402

GOALS_MS = {"import_team": 60_000.0, "import_local": 60_000.0, "first_frame": 1000.0, "filter": 300.0, "replay": 200.0}
FULL = {"import_team": 100_000, "import_local": 20_000, "calls": 1_000_000, "agents": 200, "rounds": 5, "replays": 30}
QUICK = {"import_team": 20_000, "import_local": 5_000, "calls": 200_000, "agents": 200, "rounds": 3, "replays": 10}


def filters_to_time(now: datetime) -> dict:
    """Each filter the history offers, as a supervisor would use it on a team's month."""
    from tui.domain.review.history_rows import Filters

    return {
        "agent": Filters(agent="Agent 042"),
        "dates (last 7 days)": Filters(since=(now - timedelta(days=7)).timestamp()),
        "dates (a month, 6 months ago)": Filters(
            since=(now - timedelta(days=200)).timestamp(), until=(now - timedelta(days=170)).timestamp()
        ),
        "outcome": Filters(outcome="escalated"),
        "category": Filters(category="other"),
        "flagged": Filters(flagged=True),
        "overdue callbacks": Filters(overdue=True),
        "note text, a common word": Filters(text="parcel"),
        "note text, one call's order number": Filters(text="order 4321 "),
    }


def timed_command(argv: list[str], env: dict) -> tuple[float, str]:
    """Seconds the command took, and the last line it printed (what it says it stored)."""
    began = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    said = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return time.perf_counter() - began, said[-1] if said else f"exit {done.returncode}"


def time_imports(params: dict, base: str, scratch: Path) -> dict:
    """The two imports, each the real command (a fresh process, its progress on a pipe)."""
    import os

    from benchlib.team_data import write_export

    now = datetime.now(UTC)
    team_file, local_file = scratch / "team.json", scratch / "local.json"
    write_export(team_file, range(params["import_team"]), params["import_team"], params["agents"], 12, now)
    write_export(local_file, range(params["import_local"]), params["import_local"], 20, 12, now)
    command = [sys.executable, "-m", "tui", "--data-dir"]
    env = {**os.environ, "CALLCOACH_DATABASE_URL": base.format("postgres")}
    team_s, team_said = timed_command([*command, str(scratch / "lead"), "import", "--team", str(team_file)], env)
    env.pop("CALLCOACH_DATABASE_URL")
    local_s, local_said = timed_command([*command, str(scratch / "local"), "import", str(local_file)], env)
    return {"import_team_s": [team_s], "import_team_said": team_said, "import_local_s": [local_s], "import_local_said": local_said}


def time_history(params: dict, base: str, scratch: Path) -> dict:
    """The supervisor's history and replay with the database at full size, as her role."""
    from tui.config.settings import Config
    from tui.domain.call.clock import SystemClock
    from tui.domain.review.history_rows import Filters
    from tui.services.team_review import TeamReviewService
    from tui.store.datadir import prepare_data_dir

    config = Config(agent="Sue", timezone="UTC", team_database=base.format("bench_sue"))
    review = TeamReviewService(prepare_data_dir(scratch / "sue"), "UTC", "Sue", SystemClock(), config)
    raw: dict = {"filters": {}}
    try:
        page = 500  # tui.app.review.team_calls.PAGE

        def first_and_whole(filters: Filters) -> tuple[float, float, int]:
            began, first, count = time.perf_counter(), None, 0
            for rows in review.history_page(filters, page):
                count += len(rows)
                if rows and first is None:
                    first = time.perf_counter() - began
            whole = time.perf_counter() - began
            return first if first is not None else whole, whole, count

        raw["first_frame_s"] = [first_and_whole(Filters())[0] for _ in range(params["rounds"])]
        for name, filters in filters_to_time(datetime.now(UTC)).items():
            timings = [first_and_whole(filters) for _ in range(params["rounds"])]
            raw["filters"][name] = {"first_s": [t[0] for t in timings], "whole_s": [t[1] for t in timings], "rows": timings[0][2]}
        ids: list[str] = []
        for rows in review.history_page(Filters(since=(datetime.now(UTC) - timedelta(days=330)).timestamp()), 5000):
            ids += [row["id"] for row in rows]
        picks = random.Random(5).sample(ids, min(params["replays"], len(ids)))
        replays = []
        for call_id in picks:
            began = time.perf_counter()
            review.load_call(call_id)
            replays.append(time.perf_counter() - began)
        raw["replay_s"] = replays
        began = time.perf_counter()
        raw["agents"] = len(review.history_agents())
        raw["agents_s"] = [time.perf_counter() - began]
    finally:
        review.close()
    return raw


def measure_scale(params: dict) -> dict:
    from benchlib.bench_cluster import NoCluster, team_cluster
    from benchlib.team_scale import grow

    try:
        with team_cluster("team-scale", {"bench_sue": None}) as (base, scratch):
            import psycopg

            raw: dict = {"failures": []}
            raw.update(time_imports(params, base, scratch))
            with psycopg.connect(base.format("postgres"), autocommit=True) as conn:
                began = time.perf_counter()
                raw["calls"] = grow(conn, params["calls"], params["agents"])
                raw["grow_s"] = time.perf_counter() - began
            raw.update(time_history(params, base, scratch))
            return raw
    except NoCluster as missing:
        return {"failures": [str(missing)]}


def rows(raw: dict) -> list[Row]:
    if not raw.get("import_team_s"):
        return []
    calls = f"{raw.get('calls', 0):,}"
    out = [
        timing_row("team scale: `import --team` of a file", raw["import_team_s"], GOALS_MS["import_team"], "p50"),
        timing_row("team scale: local `import` of a file", raw["import_local_s"], GOALS_MS["import_local"], "p50"),
    ]
    if raw.get("first_frame_s"):
        out.append(timing_row(f"team scale: history's first frame, {calls} calls", raw["first_frame_s"], GOALS_MS["first_frame"], "p50"))
        for name, figures in raw["filters"].items():
            out.append(timing_row(f"team scale: filter {name}, first rows", figures["first_s"], GOALS_MS["filter"], "p50"))
            out.append(timing_row(f"team scale: filter {name}, whole page ({figures['rows']} rows)", figures["whole_s"], None, "p50"))
        out.append(timing_row("team scale: replay opened (record, actions, flags, comments)", raw["replay_s"], GOALS_MS["replay"], "p95"))
        out.append(timing_row(f"team scale: the agents' names ({raw['agents']})", raw["agents_s"], None, "p50"))
    out[0].notes.append(
        f"team scale: {raw['import_team_said']!r} / {raw['import_local_said']!r}; then {calls} calls of 200 agents (copies made in "
        f"PostgreSQL in {raw.get('grow_s', 0):.0f} s), read as a supervisor's role; a filter's first rows are its newest month's."
    )
    return out


PHASES = {"scale": measure_scale}


def measure(params: dict) -> dict:
    from benchlib.child import run_in_child

    return run_in_child("bench_team_scale.py", "scale", params, timeout=3600)


def main() -> int:
    from benchlib.child import phase_main

    if phase_main(PHASES):
        return 0
    raw = measure_scale(QUICK if "--quick" in sys.argv else FULL)
    print(render(rows(raw), "callcoach bench: team database at scale", machine()))
    print("\n".join(raw.get("failures", [])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
