"""Team database figures (issue 16) on a throwaway PostgreSQL cluster of its own:

- a call filed on a desk until it is in the supervisor's history (outbox, push, read as her role);
- a desk's step change until the wallboard's LISTEN connection hears it;
- the supervisor's history first month and a replay read, with many calls in the database.

Measures and prints; never fails on a slow figure. `--quick` for a shorter run.
"""

from __future__ import annotations

import importlib.util
import select
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_pgcluster():
    spec = importlib.util.spec_from_file_location("pgcluster", ROOT / "scripts" / "pgcluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(quick: bool) -> None:
    import psycopg

    from tui.config.settings import Config
    from tui.domain.call.clock import SystemClock
    from tui.services import sync
    from tui.services.live import LivePublisher
    from tui.services.session import open_desk
    from tui.services.team_review import TeamReviewService
    from tui.store.datadir import prepare_data_dir
    from tui.store.team.connection import connect
    from tui.store.team.migrations import migrate
    from tui.store.team.roles import add_user

    pgcluster = load_pgcluster()
    directory = pgcluster.cluster_dir()
    scratch = Path(tempfile.mkdtemp(prefix="callcoach-bench-team-"))
    try:
        env = pgcluster.start_cluster(directory)
        base = f"postgresql://{{}}@/postgres?host={env['CALLCOACH_TEST_PGHOST']}&port={env['CALLCOACH_TEST_PGPORT']}"
        with connect(base.format("postgres"), check_schema=False) as conn:
            migrate(conn)
            add_user(conn, "bench_ana", agent="Ana")
            add_user(conn, "bench_sue")
        config = Config(agent="Ana", timezone="UTC", team_database=base.format("bench_ana"))
        desk = open_desk(config, prepare_data_dir(scratch / "ana"), SystemClock())
        sue = psycopg.connect(base.format("bench_sue"), autocommit=True)
        rounds = 10 if quick else 40
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
        print(
            f"filed call -> supervisor's history: p50 {statistics.median(filed_to_seen) * 1000:.0f} ms, p95 {pct(filed_to_seen, 0.95) * 1000:.0f} ms (target < 2 s)"
        )

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
        print(
            f"step change -> wallboard NOTIFY: p50 {statistics.median(latencies) * 1000:.1f} ms, p95 {pct(latencies, 0.95) * 1000:.1f} ms (target < 1 s)"
        )

        many = 20_000 if quick else 200_000
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
        rows = index.rows(month)
        first = time.perf_counter() - began
        began = time.perf_counter()
        review.reader.call(rows[len(rows) // 2]["id"])
        replay = time.perf_counter() - began
        print(
            f"history's first month with {len(rows):,} calls in it: {first * 1000:.0f} ms (target < 1 s); a call's record for replay: {replay * 1000:.1f} ms (target < 200 ms)"
        )
        review.reader.close()
        sue.close()
        listener.close()
    finally:
        pgcluster.stop_cluster(directory, "immediate")
        shutil.rmtree(directory, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main("--quick" in sys.argv)
