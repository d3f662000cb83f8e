"""Team database figures (issue 16) on a throwaway PostgreSQL cluster of its own:

- a call filed on a desk until it is in the supervisor's history (outbox, push, read as her role);
- a desk's step change until the wallboard's LISTEN connection hears it;
- the supervisor's history first month and a replay read, with many calls in the database.

Measures and prints; never fails on a slow figure. Part of scripts/bench's table; alone:
`.venv/bin/python scripts/bench_team.py [--quick]`. Without PostgreSQL's programs it says so.
"""

from __future__ import annotations

import select
import sys
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from benchlib.report import Row, machine, render, timing_row  # noqa: E402
from benchlib.stats import median, summary_ms  # noqa: E402

# desk_frame: issue 16 asks "no worse with a team database than without"; DESIGN's 1.2x a bare app
# (about 440 ms here) is the desk's own goal, so 530 ms stands in for it.
GOALS_MS = {"filed_to_seen": 2000.0, "notify": 1000.0, "first_page": 1000.0, "replay_read": 200.0}
NO_WORSE = 1.0  # the desk's first frame with a team database against without one (issue 16: "no worse")
FULL = {"rounds": 40, "many": 200_000, "keys": 200}
QUICK = {"rounds": 10, "many": 20_000, "keys": 60}


def key_latencies(url: str, keys: int) -> dict:
    """Key to screen in a live call holding 5,000 notes (bench_keys), the desk without a team database
    and with one (its sync and live-state threads running), alternated twice."""
    from bench_keys import key_latency

    out: dict = {"keys_alone_s": [], "keys_team_s": []}
    for _ in range(2):
        for kind, database in (("alone", None), ("team", url)):
            got = key_latency(5000, keys, team_database=database)
            out[f"keys_{kind}_s"] += got.get("chars_s", []) + got.get("enters_s", [])
    return out


def first_frame(url: str, scratch: Path, rounds: int) -> dict:
    """`callcoach call` to its first frame and to the live call, with a team database configured
    (reachable, so its sync and live-state threads start) and without one, alternated."""
    from benchlib.terminal import callcoach_command, markers_seen_at
    from benchlib.world import clean_env

    times: dict[str, list[float]] = {"frame_alone_s": [], "frame_team_s": [], "live_alone_s": [], "live_team_s": []}
    for round_no in range(rounds + 1):  # round 0 warms the page cache and bytecode, not counted
        for kind in ("alone", "team") if round_no % 2 else ("team", "alone"):
            extra = {"COLORTERM": "truecolor", **({"CALLCOACH_DATABASE_URL": url} if kind == "team" else {})}
            env = clean_env(scratch / "home", scratch / "no-such-config.toml", extra, write_bytecode=True)
            argv = [*callcoach_command(), "call", "--caller", "+44 20 7031 3000", "--data-dir", str(scratch / f"frame-{kind}-{round_no}")]
            seen, _tail = markers_seen_at(argv, env, ("Listen", "Call started"), 30.0)
            if round_no and len(seen) == 2:
                times[f"frame_{kind}_s"].append(seen[0])
                times[f"live_{kind}_s"].append(seen[1])
    return times


def measure_team(params: dict) -> dict:
    """The three figures on a cluster of its own; {"failures": [...]} when none can be started."""
    from benchlib.bench_cluster import NoCluster, team_cluster
    from tui.config.settings import Config
    from tui.domain.call.clock import SystemClock
    from tui.services import sync
    from tui.services.live import LivePublisher
    from tui.services.session import open_desk
    from tui.services.team_review import TeamReviewService
    from tui.store.datadir import prepare_data_dir

    try:
        with team_cluster("team", {"bench_ana": "Ana", "bench_sue": None, "bench_keys": "Bench Agent"}) as (base, scratch):
            import psycopg

            raw: dict = {"failures": []}
            config = Config(agent="Ana", timezone="UTC", team_database=base.format("bench_ana"))
            desk = open_desk(config, prepare_data_dir(scratch / "ana"), SystemClock())
            sue = psycopg.connect(base.format("bench_sue"), autocommit=True)
            rounds = params["rounds"]
            filed_to_seen = []
            for _ in range(rounds):
                began = time.perf_counter()
                session, _w = desk.start_call("+44 20 7031 3000")
                session.call.add_note("parcel never arrived")
                call_id = session.finish("resolved", "logistics")["id"]
                sync.sync_once(config, desk.data_dir, desk.history, pull=False)
                while not sue.execute("SELECT 1 FROM callcoach.calls WHERE id = %s", (call_id,)).fetchone():
                    time.sleep(0.001)
                filed_to_seen.append(time.perf_counter() - began)
            raw["filed_to_seen_s"] = filed_to_seen

            listener = psycopg.connect(base.format("bench_sue"), autocommit=True)
            listener.execute("LISTEN callcoach_live")
            publisher = LivePublisher(config.team_database, "Ana", "bench")
            publisher.start()
            steps = ["listen", "apologize", "resolve", "thank"]
            latencies = []
            for number in range(rounds):
                began = time.perf_counter()
                publisher.offer(
                    {
                        "state": "on call",
                        "step": steps[number % 4],
                        "step_title": steps[number % 4],
                        "step_seconds": 1.0,
                        "step_target": 60.0,
                        "call_seconds": 5.0,
                    }
                )
                select.select([listener.fileno()], [], [], 5.0)
                got = list(listener.notifies(timeout=5.0, stop_after=1))
                if got:
                    latencies.append(time.perf_counter() - began)
            publisher.stop()
            raw["notify_s"] = latencies

            raw.update(first_frame(base.format("bench_ana"), scratch, max(3, rounds // 4)))
            raw.update(key_latencies(base.format("bench_keys"), params["keys"]))

            many = params["many"]
            with psycopg.connect(base.format("postgres")) as conn:
                conn.execute("SELECT callcoach.ensure_month(now())")
                conn.execute(
                    """INSERT INTO callcoach.calls (id, started_at, agent, status, seconds, summary, record)
                       SELECT 'bench-' || g, date_trunc('month', now()) + (g %% 86400) * interval '1 second',
                              'Agent ' || (g %% 200), 'completed', 300,
                              jsonb_build_object('id', 'bench-' || g, 'agent', 'Agent ' || (g %% 200), 'start', 0, 'duration', 300,
                                                 'outcome', 'resolved', 'category', 'usage', 'status', 'completed', 'flags', 0,
                                                 'rules', '[]'::jsonb, 'cb', null, 'steps', '{}'::jsonb, 'search', 'bench'),
                              jsonb_build_object('id', 'bench-' || g, 'events', '[]'::jsonb)
                       FROM generate_series(1, %s) g""",
                    (many,),
                )
                conn.execute("ANALYZE callcoach.calls")
            review = TeamReviewService(
                prepare_data_dir(scratch / "sue"),
                "UTC",
                "Sue",
                SystemClock(),
                Config(agent="Sue", timezone="UTC", team_database=base.format("bench_sue")),
            )
            index = review.call_index()
            began = time.perf_counter()
            month = index.months()[0]
            index.cached(month)  # what the history browser draws first: the newest page of the newest month
            first_page = time.perf_counter() - began
            began = time.perf_counter()
            rows = index.rows(month)
            first = time.perf_counter() - began
            began = time.perf_counter()
            review.reader.call(rows[len(rows) // 2]["id"])
            replay = time.perf_counter() - began
            raw.update(first_page_s=[first_page], first_month_s=[first], replay_read_s=[replay], month_calls=len(rows))
            review.reader.close()
            sue.close()
            listener.close()
            return raw
    except NoCluster as missing:
        return {"failures": [str(missing)]}


def rows(raw: dict) -> list[Row]:
    if not raw.get("filed_to_seen_s"):
        return []
    out = [
        timing_row("team: a filed call to the supervisor's history", raw["filed_to_seen_s"], GOALS_MS["filed_to_seen"], "p95"),
        timing_row("team: a step change to the wallboard's NOTIFY", raw.get("notify_s", []), GOALS_MS["notify"], "p95"),
    ]
    for kind, label in (("alone", "no team database"), ("team", "a team database configured")):
        if raw.get(f"frame_{kind}_s"):
            out.append(timing_row(f"team: the desk's first frame, {label}", raw[f"frame_{kind}_s"]))
    if raw.get("frame_alone_s") and raw.get("frame_team_s"):
        ratio = median(raw["frame_team_s"]) / median(raw["frame_alone_s"])
        out.append(
            Row(
                "team: the desk's first frame, with / without a team database (medians, alternated)",
                goal=f"<= {NO_WORSE:.1f}x",
                measured=f"{ratio:.2f}x",
                goal_value=NO_WORSE,
                value=ratio,
            )
        )
    for kind, label in (("alone", "no team database"), ("team", "a team database configured")):
        if raw.get(f"keys_{kind}_s"):
            out.append(timing_row(f"team: key to screen, 5,000 notes, {label}", raw[f"keys_{kind}_s"]))
    if raw.get("keys_alone_s") and raw.get("keys_team_s"):
        alone, team = (summary_ms(raw[f"keys_{kind}_s"]) for kind in ("alone", "team"))
        out.append(
            Row(
                "team: key to screen p50, with / without a team database",
                goal=f"<= {NO_WORSE:.1f}x",
                measured=f"{team['p50'] / alone['p50']:.2f}x (p95 {team['p95'] / alone['p95']:.2f}x)",
                goal_value=NO_WORSE,
                value=team["p50"] / alone["p50"],
            )
        )
    if raw.get("first_page_s"):
        out.append(timing_row("team: history's first frame (newest page)", raw["first_page_s"], GOALS_MS["first_page"], "p50"))
    if raw.get("first_month_s"):
        # Not a screen: the history reads a page of 500 at a time. Shown for scale.
        out.append(timing_row(f"  the whole newest month read at once, {raw['month_calls']:,} calls", raw["first_month_s"]))
        out.append(timing_row("team: a call's record for replay", raw["replay_read_s"], GOALS_MS["replay_read"], "p50"))
    out[0].notes.append(
        "team: a throwaway PostgreSQL cluster on this machine; a call filed on a desk, pushed (sync_once) and read back as the "
        "supervisor's role; a step change offered to the live publisher until the wallboard's LISTEN connection hears it; "
        "the history's first month and one replay read with that many calls in the database; key to screen as bench_keys "
        "measures it, the desk without a team database and with one (sync and live-state threads running), alternated twice."
    )
    return out


PHASES = {"team": measure_team}


def measure(params: dict) -> dict:
    from benchlib.child import run_in_child

    return run_in_child("bench_team.py", "team", params, timeout=1800)


def main() -> int:
    from benchlib.child import phase_main

    if phase_main(PHASES):
        return 0
    raw = measure_team(QUICK if "--quick" in sys.argv else FULL)
    print(render(rows(raw), "callcoach bench: team database", machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
