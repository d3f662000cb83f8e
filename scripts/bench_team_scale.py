"""Team database figures at a team's scale (issue 16), on a throwaway PostgreSQL cluster of its own:

- `callcoach import --team` of a file of realistic calls (100,000, the import's largest file), and
  the local `callcoach import` of 20,000, each the real command in a process of its own;
- then the database grown to 1,000,000 calls of 200 agents (copies of the imported calls made
  inside PostgreSQL: scripts/benchlib/team_scale.py) and, as a supervisor's role: the history's
  first frame (the newest page), each filter (to its first rows on screen and to its whole page),
  a replay opened (the record, its actions, its flags, its comments) and the agents' names.

Opt-in, since it takes a while (about 15 minutes here): `scripts/bench --team-scale`, or alone
`.venv/bin/python scripts/bench_team_scale.py [--quick] [--team-only] [--import-only]` (--quick:
20,000 imported, 200,000 in all; --team-only: without the local import, about two minutes less;
--import-only: the imports alone, no million calls after, with the load average before and after).
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from benchlib.report import Row, machine, render, timing_row  # noqa: E402

GOALS_MS = {"import_team": 60_000.0, "import_local": 60_000.0, "first_frame": 1000.0, "filter": 300.0, "replay": 200.0, "team_view": 1000.0}
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


@dataclass
class Timed:
    """A command timed: seconds in all, what it said (the line starting with the mark, else its
    last line), seconds until the mark, and CPU seconds: the command with its workers, and the
    database cluster's over the same span (each in all and until the mark), when they can be read."""

    seconds: float
    said: str
    marked_at: float | None
    cpu: tuple[float | None, float | None] = (None, None)
    server_cpu: tuple[float | None, float | None] = (None, None)


def timed_command(argv: list[str], env: dict, mark: str = "Loaded", server_cpu=lambda: None) -> Timed:
    """The command run to its end; `server_cpu()` reads the database's CPU seconds so far."""
    import os

    from benchlib.process_cpu import process_cpu

    server_before = server_cpu()
    began = time.perf_counter()
    child = subprocess.Popen(argv, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    said, marked_at, cpu_marked, server_marked = "", None, None, None
    for line in child.stdout:
        if line.startswith(mark) and marked_at is None:
            said, marked_at = line.strip(), time.perf_counter() - began
            cpu_marked, server_marked = process_cpu(child.pid), server_cpu()
        said = said or line.strip()
    errors = child.stderr.read() if child.stderr else ""
    _pid, status, usage = os.wait4(child.pid, 0)  # the command's CPU with its workers (it waited for them)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    if not said:
        said = errors.strip().splitlines()[-1] if errors.strip() else f"exit {child.returncode}"
    server_after = server_cpu()

    def spent(at: float | None) -> float | None:
        return None if at is None or server_before is None else at - server_before

    return Timed(seconds, said, marked_at, (usage.ru_utime + usage.ru_stime, cpu_marked), (spent(server_after), spent(server_marked)))


def time_imports(params: dict, base: str, scratch: Path) -> dict:
    """The two imports, each the real command (a fresh process, its progress on a pipe), with the
    CPU the command and the database spent on the team import, to its "Loaded" line and in all."""
    import os

    import psycopg

    from benchlib.process_cpu import cluster_cpu
    from benchlib.team_data import write_export

    now = datetime.now(UTC)
    team_file, local_file = scratch / "team.json", scratch / "local.json"
    write_export(team_file, range(params["import_team"]), params["import_team"], params["agents"], 12, now)
    if params.get("local", True):
        write_export(local_file, range(params["import_local"]), params["import_local"], 20, 12, now)
    command = [sys.executable, "-m", "tui", "--data-dir"]
    env = {**os.environ, "CALLCOACH_DATABASE_URL": base.format("postgres")}
    with psycopg.connect(base.format("postgres"), autocommit=True) as watcher:
        team = timed_command(
            [*command, str(scratch / "lead"), "import", "--team", str(team_file)], env, server_cpu=lambda: cluster_cpu(watcher)
        )
    loaded_s = team.marked_at or team.seconds
    raw = {
        "import_team_s": [loaded_s],
        "import_team_said": team.said,
        "import_team_indexed_s": [team.seconds - loaded_s],
        "import_team_end_s": [team.seconds],
        "import_team_cpu": {"command": team.cpu, "database": team.server_cpu},
    }
    if params.get("local", True):
        env.pop("CALLCOACH_DATABASE_URL")
        local = timed_command([*command, str(scratch / "local"), "import", str(local_file)], env, "Imported")
        raw.update({"import_local_s": [local.seconds], "import_local_said": local.said, "import_local_cpu": local.cpu[0]})
    return raw


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
        raw["filters"].update(without_the_index(first_and_whole, params["rounds"]))
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
        raw["team_view"] = time_team_view(review, params["rounds"])
    finally:
        review.close()
    return raw


def time_team_view(review, rounds: int) -> dict:
    """The team view (F9, `callcoach team`): every agent over the whole filter, added up by the
    database, as the supervisor's role sees the calls."""
    from tui.domain.review.history_rows import Filters

    now = datetime.now(UTC)
    views = {
        "every call": Filters(),
        "the last 30 days": Filters(since=(now - timedelta(days=30)).timestamp()),
        "one agent": Filters(agent="Agent 042"),
        "a common word": Filters(text="parcel"),
    }
    found = {}
    for name, filters in views.items():
        timings, calls = [], 0
        for _ in range(rounds):
            began = time.perf_counter()
            stats, _span = review.team_view(filters)
            timings.append(time.perf_counter() - began)
            calls = stats[0].calls
        found[name] = {"s": timings, "calls": calls, "agents": len(stats) - 1}
    return found


def without_the_index(first_and_whole, rounds: int) -> dict:
    """The note-text filters as they were read before schema 6 (every month's notes, newest
    first), in the same run: the index's gain as a ratio on one machine at one load."""
    import tui.store.team.reads as reads

    found = {}
    indexable = reads.indexable
    reads.indexable = lambda word: False  # type: ignore[assignment]
    try:
        for name, filters in filters_to_time(datetime.now(UTC)).items():
            if filters.text:
                timings = [first_and_whole(filters) for _ in range(rounds)]
                found[f"{name}, read without the index (as before)"] = {
                    "first_s": [t[0] for t in timings],
                    "whole_s": [t[1] for t in timings],
                    "rows": timings[0][2],
                }
    finally:
        reads.indexable = indexable
    return found


def time_caller_history(params: dict, base: str, scratch: Path) -> dict:
    """The desk's caller row on a ring, with the team database: CallerHistory.look_up_team as the
    desk runs it (the outbox read, then callcoach.caller_history as an agent's role), for numbers
    that called about ten times each, and for one that never called."""
    from benchlib.team_data import caller_number
    from tui.services.caller_history import CallerHistory
    from tui.store.datadir import prepare_data_dir
    from tui.store.history import History

    data_dir = prepare_data_dir(scratch / "ana")
    callers = CallerHistory(History(data_dir), data_dir, "UTC", base.format("bench_ana"))
    now = datetime.now(UTC)
    try:
        callers.look_up_team(caller_number(1), now)  # the connection, made once per desk
        numbers = [caller_number(number) for number in random.Random(7).sample(range(100_000), params["replays"])]
        timings, counts = [], []
        for number in numbers:
            began = time.perf_counter()
            counts.append(callers.look_up_team(number, now).summary.count)
            timings.append(time.perf_counter() - began)
        began = time.perf_counter()
        callers.look_up_team("+16505550100", now)
        never = time.perf_counter() - began
    finally:
        callers.close()
    return {"caller_s": timings, "caller_calls": sorted(counts)[len(counts) // 2], "caller_never_s": [never]}


def measure_imports(params: dict) -> dict:
    """The two imports alone, on a cluster of their own (--import-only: a few minutes, not fifteen)."""
    import os

    from benchlib.bench_cluster import NoCluster, team_cluster

    try:
        with team_cluster("team-import", {}) as (base, scratch):
            before = os.getloadavg()[0]
            raw: dict = {"failures": [], **time_imports(params, base, scratch)}
            raw["load"] = f"load average {before:.2f} before, {os.getloadavg()[0]:.2f} after"
            return raw
    except NoCluster as missing:
        return {"failures": [str(missing)]}


def measure_scale(params: dict) -> dict:
    from benchlib.bench_cluster import NoCluster, team_cluster
    from benchlib.team_scale import grow

    try:
        with team_cluster("team-scale", {"bench_sue": None, "bench_ana": "Agent 042"}) as (base, scratch):
            import psycopg

            raw: dict = {"failures": []}
            raw.update(time_imports(params, base, scratch))
            with psycopg.connect(base.format("postgres"), autocommit=True) as conn:
                from tui.store.team.search_index import index_months

                for (month,) in conn.execute("SELECT indexname FROM pg_indexes WHERE indexname ~ '^calls_[0-9_]+_notes$'").fetchall():
                    conn.execute(f"DROP INDEX callcoach.{month}")  # copies are loaded as the import loads: then indexed
                began = time.perf_counter()
                raw["calls"] = grow(conn, params["calls"], params["agents"])
                raw["grow_s"] = time.perf_counter() - began
                began = time.perf_counter()
                raw["indexed_months"] = index_months(conn)  # as `db init` builds it after the upgrade to schema 6
                raw["index_s"] = [time.perf_counter() - began]
            raw.update(time_history(params, base, scratch))
            raw.update(time_caller_history(params, base, scratch))
            return raw
    except NoCluster as missing:
        return {"failures": [str(missing)]}


def rows(raw: dict) -> list[Row]:
    if not raw.get("import_team_s"):
        return []
    calls = f"{raw.get('calls', 0):,}"
    out = [
        timing_row("team scale: `import --team` of a file, loaded", raw["import_team_s"], GOALS_MS["import_team"], "p50"),
        timing_row("team scale: `import --team`, then the notes' index of its months", raw["import_team_indexed_s"], None, "p50"),
        timing_row("team scale: `import --team` to its end (loaded and indexed)", raw["import_team_end_s"], GOALS_MS["import_team"], "p50"),
    ]
    if raw.get("import_local_s"):
        out.append(timing_row("team scale: local `import` of a file", raw["import_local_s"], GOALS_MS["import_local"], "p50"))
    if raw.get("index_s"):
        out.append(
            timing_row(f"team scale: the notes' index of {raw['indexed_months']} months, {calls} calls", raw["index_s"], None, "p50")
        )
    if raw.get("first_frame_s"):
        out.append(timing_row(f"team scale: history's first frame, {calls} calls", raw["first_frame_s"], GOALS_MS["first_frame"], "p50"))
        for name, figures in raw["filters"].items():
            out.append(timing_row(f"team scale: filter {name}, first rows", figures["first_s"], GOALS_MS["filter"], "p50"))
            out.append(timing_row(f"team scale: filter {name}, whole page ({figures['rows']} rows)", figures["whole_s"], None, "p50"))
        out.append(timing_row("team scale: replay opened (record, actions, flags, comments)", raw["replay_s"], GOALS_MS["replay"], "p95"))
        out.append(timing_row(f"team scale: the agents' names ({raw['agents']})", raw["agents_s"], None, "p50"))
    for name, figures in raw.get("team_view", {}).items():
        label = f"team scale: team view, {name} ({figures['calls']:,} calls, {figures['agents']} agents)"
        out.append(timing_row(label, figures["s"], GOALS_MS["team_view"], "p50"))
    if raw.get("caller_s"):
        out.append(
            timing_row(f"team scale: caller's history on a ring (numbers with {raw['caller_calls']} calls)", raw["caller_s"], None, "p95")
        )
        out.append(timing_row("team scale: caller's history on a ring, a number never heard", raw["caller_never_s"], None, "p50"))
    out[0].notes.append(
        f"team scale: {raw['import_team_said']!r} / {raw.get('import_local_said', 'no local import')!r}; then {calls} calls of 200 agents (copies made in "
        f"PostgreSQL in {raw.get('grow_s', 0):.0f} s), read as a supervisor's role; a filter's first rows are its newest month's."
    )
    return out


def cpu_line(raw: dict) -> str:
    """The team import's CPU seconds: the command (its workers included) and the database, loading
    (to "Loaded") and in all (the notes' index after)."""
    figures = raw.get("import_team_cpu")
    if not figures:
        return ""
    (command, command_loaded), (database, database_loaded) = figures["command"], figures["database"]

    def shown(value: float | None) -> str:
        return "?" if value is None else f"{value:.1f} s"

    total = None if command is None or database is None else command + database
    local = raw.get("import_local_cpu")
    return (
        f"import --team CPU: the command {shown(command)} (loading {shown(command_loaded)}), the database {shown(database)} "
        f"(loading {shown(database_loaded)}), together {shown(total)}" + (f"; local import CPU {shown(local)}" if local is not None else "")
    )


PHASES = {"scale": measure_scale}


def measure(params: dict) -> dict:
    from benchlib.child import run_in_child

    return run_in_child("bench_team_scale.py", "scale", params, timeout=3600)


OPTIONS = {"--quick", "--team-only", "--import-only"}


def main() -> int:
    from benchlib.child import phase_main

    if phase_main(PHASES):
        return 0
    asked = set(sys.argv[1:])
    if asked - OPTIONS:  # --help, or an option it does not know: say what it takes, run nothing
        print(__doc__)
        return 0 if asked & {"-h", "--help"} else 2
    params = dict(QUICK if "--quick" in sys.argv else FULL, local="--team-only" not in sys.argv)
    raw = measure_imports(params) if "--import-only" in sys.argv else measure_scale(params)
    print(render(rows(raw), "callcoach bench: team database at scale", machine()))
    print("\n".join([*raw.get("failures", []), cpu_line(raw), raw.get("load", "")]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
