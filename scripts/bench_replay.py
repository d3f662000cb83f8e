"""callcoach supervisor figures (issues 4 and 18): measures and prints, never asserts a time.

1. replay open: a filed 2-hour call with 5,000 events among 100,000 calls on file, from pushing
   the replay screen in a running headless app to the call drawn (load in a worker, flags,
   derive, first refresh); read ahead (as from the history) and cold;
2. seek: moving the play head (derive at t, header, step tracker, notes, timeline) plus drawing the
   notes lines and the timeline in view, at random times;
3. history over 100,000 calls in 24 month files: first rows (push the history screen, newest month
   read from its index, until the table's render_line has drawn a call row) and a typed filter
   over all rows; the one-off cold index build is recorded too (once per month, and again only
   for what changed), and the first rows right after a call was filed into the newest month, as
   many times, alternated with the plain opens in the same app so load hits both alike.
Run alone: `.venv/bin/python scripts/bench_replay.py [--quick]`. Lives under scripts/: not shipped.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from benchlib.report import Row, machine, render, timing_row  # noqa: E402

GOALS = {"replay_open_ms": 150.0, "seek_ms": 16.0, "first_rows_ms": 300.0, "filter_ms": 200.0}
AGENTS = ("Ana", "Min-jun", "Li Wei", "Sam", "Priya", "Tomás")
WORDS = (
    "parcel",
    "refund",
    "courier",
    "invoice",
    "login",
    "password",
    "tracking",
    "broken",
    "lid",
    "thermostat",
    "快递",
    "退款",
    "배송",
    "환불",
    "late",
    "charger",
    "screen",
    "app",
    "billing",
    "locker",
)


def long_call(events: int = 5000, seconds: float = 7200.0) -> dict:
    from tui.domain.call.record import call_record

    started = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    call_id = f"{started:%Y%m%dT%H%M%SZ}-bench0"
    log = [
        {
            "t": 0.0,
            "type": "started",
            "call_id": call_id,
            "agent": "Ana",
            "caller": "+442070313000",
            "caller_input": "+442070313000",
            "playbook": "last",
            "started_at": started.isoformat(),
            "zone": "Europe/London",
        }
    ]
    rng = random.Random(7)
    steps = ("listen", "apologize", "resolve", "thank")
    body = events - 2
    for index in range(body):
        t = round(seconds * (index + 1) / (body + 1), 3)
        if index % (body // 4) == 0 and index // (body // 4) < 4:
            log.append({"t": t, "type": "step", "step": steps[index // (body // 4)]})
        elif index % 400 == 10:
            log.append({"t": t, "type": "hold"})
        elif index % 400 == 30:
            log.append({"t": t, "type": "resume"})
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 18)))
            log.append({"t": t, "type": "note", "n": index, "text": text})
    log.append({"t": seconds, "type": "ended", "outcome": "resolved", "category": "logistics"})
    return call_record(log)


def synth_history(data_dir: Path, calls: int, months: int = 24) -> None:
    """Month files in TinyDB's own format, written directly (committing 100,000 calls one by one
    through TinyDB would take minutes and measure nothing of the browser)."""
    from tui.store.atomic_storage import AtomicJSONStorage
    from tui.store.datadir import prepare_data_dir

    prepare_data_dir(data_dir)
    rng = random.Random(11)
    per_month = calls // months
    end = datetime(2026, 11, 23, 12, tzinfo=UTC)
    for month in range(months):
        first = (end.replace(day=1) - timedelta(days=31 * month)).replace(day=1, hour=8)
        table = {}
        for index in range(per_month):
            started = first + timedelta(minutes=(index * 9) % (27 * 24 * 60))
            call_id = f"{started:%Y%m%dT%H%M%SZ}-{month:02d}{index:05d}"
            agent = AGENTS[index % len(AGENTS)]
            caller = f"+4420{7000000 + (index * 7919) % 999999:07d}"
            events = [
                {
                    "t": 0.0,
                    "type": "started",
                    "call_id": call_id,
                    "agent": agent,
                    "caller": caller,
                    "caller_input": caller,
                    "playbook": "last",
                    "started_at": started.isoformat(),
                    "zone": "Europe/London",
                }
            ]
            t = 0.0
            for step in ("listen", "apologize", "resolve", "thank")[: 4 if index % 7 else 3]:
                events.append({"t": round(t, 1), "type": "step", "step": step})
                for n in range(rng.randint(0, 2)):
                    events.append(
                        {
                            "t": round(t + 3, 1),
                            "type": "note",
                            "n": len(events),
                            "text": " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 10))),
                        }
                    )
                t += rng.uniform(15, 200)
            outcome = "resolved" if index % 5 else "callback_promised"
            if outcome == "callback_promised":
                window = started + timedelta(days=1, hours=2)
                events.append(
                    {
                        "t": round(t - 5, 1),
                        "type": "callback",
                        "number": caller,
                        "zone": "Europe/London",
                        "start": window.isoformat(),
                        "end": (window + timedelta(hours=2)).isoformat(),
                        "uid": call_id,
                        "sequence": 0,
                    }
                )
            events.append({"t": round(t, 1), "type": "ended", "outcome": outcome, "category": "logistics"})
            table[str(index + 1)] = {
                "id": call_id,
                "agent": agent,
                "caller": caller,
                "started_at": started.isoformat(),
                "status": "completed",
                "playbook": "last",
                "outcome": outcome,
                "category": "logistics",
                "events": events,
            }
        AtomicJSONStorage(data_dir / "history" / f"{first:%Y-%m}.json").write({"calls": table})


def review_app(data_dir: Path, start: str = "team", call_id: str | None = None):
    from tui.app.base import review_app as build
    from tui.config.settings import Config
    from tui.domain.call.clock import ManualClock
    from tui.services.review import ReviewService

    config = Config(agent="Bench", timezone="Europe/London")
    return build(ReviewService(data_dir, config.timezone, config.agent, ManualClock()), config, start=start, call_id=call_id)


async def _wait(pilot, condition, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen never got there")
        await asyncio.sleep(0.001)


async def measure_replay(data_dir: Path, call_id: str, opens: int, seeks: int) -> dict:
    from tui.app.review.replay import ReplayScreen
    from tui.app.review.team import TeamScreen
    from tui.app.widgets.replay_notes import ReplayNotes
    from tui.app.widgets.timeline import Timeline
    from tui.domain.review.phrase_flags import _reviewed

    review_phrases_cache_clear = _reviewed.cache_clear

    app = review_app(data_dir, "team")
    open_s, cold_s, seek_s = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.stats)
        for round_ in range(2 * opens):
            # Even rounds: as from the history, which reads the call under its cursor ahead of
            # Enter. Odd rounds: cold, the call read in the screen's worker.
            ahead = app.review.load_call(call_id) if round_ % 2 == 0 else None
            if ahead is None:
                review_phrases_cache_clear()  # cold: the call's phrases read afresh, not kept from the read-ahead
            screen = ReplayScreen(app.review, call_id, ahead)
            start = time.perf_counter()
            await app.push_screen(screen)
            await _wait(pilot, lambda: screen.model is not None)
            await pilot.pause()  # the refresh that draws it
            (open_s if ahead is not None else cold_s).append(time.perf_counter() - start)
            app.pop_screen()
            await pilot.pause(0.2)
        screen = ReplayScreen(app.review, call_id)
        await app.push_screen(screen)
        await _wait(pilot, lambda: screen.model is not None)
        await pilot.pause()
        notes, timeline = screen.query_one(ReplayNotes), screen.query_one(Timeline)
        rng = random.Random(3)
        for _ in range(seeks):
            target = rng.uniform(0, screen.model.end)
            start = time.perf_counter()
            screen.seek_to(target)
            for y in range(notes.size.height):
                notes.render_line(y)
            timeline.render()
            seek_s.append(time.perf_counter() - start)
            await pilot.pause()
    return {"open_s": open_s, "cold_s": cold_s, "seek_s": seek_s}


def filed_call(month: str, number: int) -> dict:
    """A 40-event call started in `month` ('2026-11'), the `number`th the bench files there."""
    filed = long_call(events=40, seconds=600.0)
    started = datetime.fromisoformat(f"{month}-28T12:00:00+00:00") + timedelta(minutes=number)
    filed["id"] = filed["events"][0]["call_id"] = f"{started:%Y%m%dT%H%M%SZ}-filed"
    filed["started_at"] = filed["events"][0]["started_at"] = started.isoformat()
    return filed


async def measure_history(data_dir: Path, rounds: int, queries: tuple[str, ...], filed_rounds: int = 0) -> dict:
    """The team view first (all rows read, indexes fresh, as a warmed-up app), then the history
    opened `rounds` times and, alternated with those in the same app, `filed_rounds` times right
    after a call was filed into the newest month (by another History, as the desk files it)."""
    from tui.app.review.calls import CallsScreen
    from tui.app.review.team import TeamScreen
    from tui.app.widgets.call_table import CallTable
    from tui.store.history import History

    app = review_app(data_dir, "team")
    first_s, filed_s, filter_s, shown = [], [], [], {}
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.stats, timeout=600)
        total = app.screen.stats[0].calls
        newest = app.review.call_index().months()[0]
        kinds = [
            kind for turn in range(max(rounds, filed_rounds)) for kind, of in (("plain", rounds), ("filed", filed_rounds)) if turn < of
        ]
        for index, kind in enumerate(kinds):
            if kind == "filed":
                history = History(data_dir)
                history.commit(filed_call(newest, len(filed_s)))
                history.close()
            screen = CallsScreen(app.review)
            start = time.perf_counter()
            await app.push_screen(screen)
            table = screen.query_one(CallTable)
            await _wait(pilot, lambda: table.first_drawn is not None)  # a call row really drawn
            (filed_s if kind == "filed" else first_s).append(table.first_drawn - start)
            await _wait(pilot, lambda: not screen.reading, timeout=600)
            loaded = len(screen.all_rows)
            if index < len(kinds) - 1:
                app.pop_screen()
                await pilot.pause()
        for query in queries:
            start = time.perf_counter()
            screen._set(text=query)
            screen.query_one(CallTable).render_line(1)
            filter_s.append(time.perf_counter() - start)
            shown[query] = len(screen.query_one(CallTable).rows)
            await pilot.pause()
    return {"first_s": first_s, "filed_s": filed_s, "filter_s": filter_s, "rows_loaded": loaded, "calls": total, "shown": shown}


def measure_all(params: dict) -> dict:
    """Everything above over one synthesized history of `calls` calls."""
    from tui.services.flagging import history_row
    from tui.store.call_index import CallIndex
    from tui.store.history import History

    calls = params["calls"]
    raw: dict = {"calls": calls}
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-replay-") as tmp:
        data_dir = Path(tmp) / "history"
        start = time.perf_counter()
        synth_history(data_dir, calls)
        raw["written_s"] = time.perf_counter() - start
        index = CallIndex(data_dir, history_row)
        per_month = []
        for month in index.months():
            began = time.perf_counter()
            index.rows(month)
            per_month.append(time.perf_counter() - began)
        raw.update(index_build_s=sum(per_month), index_month_s=per_month)

        record = long_call()
        history = History(data_dir)
        history.commit(record)
        history.close()
        raw["replay"] = asyncio.run(measure_replay(data_dir, record["id"], params["opens"], params["seeks"]))
        raw["events"] = len(record["events"])
        raw["history"] = asyncio.run(measure_history(data_dir, params["rounds"], QUERIES, params["rounds"]))
    return raw


QUERIES = ("parcel", "min-jun", "7031", "refund courier", "zzz-no-match", "退款")
FULL = {"calls": 100_000, "opens": 7, "seeks": 200, "rounds": 8}
QUICK = {"calls": 10_000, "opens": 3, "seeks": 50, "rounds": 2}


def rows(raw: dict) -> list[Row]:
    replay, history = raw.get("replay", {}), raw.get("history", {})
    if not replay.get("open_s"):
        return []
    calls = f"{raw['calls']:,} calls"
    out = [
        timing_row(f"replay open, {raw['events']:,}-event call among {calls}", replay["open_s"], GOALS["replay_open_ms"], "p50"),
        timing_row("  cold (read in the screen's worker)", replay["cold_s"]),
        timing_row("replay seek (derive, widgets, lines in view)", replay["seek_s"], GOALS["seek_ms"], "p50"),
    ]
    if history.get("first_s"):
        out.append(timing_row(f"history first rows, {calls}", history["first_s"], GOALS["first_rows_ms"], "p50"))
        out.append(timing_row(f"history typed filter over {history['rows_loaded']:,} rows", history["filter_s"], GOALS["filter_ms"], "p50"))
    if history.get("filed_s"):
        out.append(timing_row("  history first rows after a call was filed", history["filed_s"], GOALS["first_rows_ms"], "p50"))
    months = raw.get("index_month_s") or [0.0]
    out[0].notes.append(
        f"replay and history: {calls} synthesized in {len(months)} month files (written in {raw.get('written_s', 0):.1f} s); the "
        f"cold index build took {raw.get('index_build_s', 0):.1f} s ({sorted(months)[len(months) // 2] * 1000:.0f} ms a month; once, "
        "then only what changed). Replay: a 2-hour call filed among them, pushed in a running headless app until drawn. "
        "Filter results: " + ", ".join(f"{q!r} {n:,} rows" for q, n in history.get("shown", {}).items()) + "."
    )
    return out


PHASES = {"replay": measure_all}


def measure(params: dict) -> dict:
    from benchlib.child import run_in_child

    return run_in_child("bench_replay.py", "replay", params)


def main() -> int:
    from benchlib.child import phase_main

    if phase_main(PHASES):
        return 0
    raw = measure_all(QUICK if "--quick" in sys.argv else FULL)
    print(render(rows(raw), "callcoach bench: replay and history", machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
