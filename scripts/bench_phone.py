"""Phone figures (issue 17), with real baresip processes and the real desk in a pseudo-terminal:

- a caller's baresip dials the agent's; from the dial until the ringing caller is on the desk's
  screen (goal: p95 under 200 ms). baresip's CALL_INCOMING is sent between the two; the SIP part
  (dial until the caller's phone hears 180 Ringing) is measured beside it, so what the desk adds
  is plain;
- the caller hangs up; from the hang-up until the after-call-work timer is on screen, and until
  the wrap-up dialog is (it waits until the agent has not typed for a second, by design);
- the caller's history looked up as the desk does on a ring (the caller index, one shard, and the
  queue's actions) with 100,000 calls on file over 24 months (goal: under 50 ms), and the index's
  first build from the history.

Measures and prints; never fails on a slow figure. Part of scripts/bench's table; alone:
`.venv/bin/python scripts/bench_phone.py [--quick]`. Without baresip the pty figures say so.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from benchlib.baresip import MISSING, baresip_program, start_pair  # noqa: E402
from benchlib.calls import month_starts, template_record  # noqa: E402
from benchlib.report import Row, machine, render, timing_row  # noqa: E402
from benchlib.world import new_world  # noqa: E402

GOALS_MS = {"ringing": 200.0, "lookup": 50.0}
FULL = {"rounds": 30, "calls": 100_000, "callers": 20_000, "lookups": 300}
QUICK = {"rounds": 8, "calls": 100_000, "callers": 20_000, "lookups": 100}
CTRL_N = "\x0e"
CALLER_SHOWN = "Ringing: +44 20 7031 3000"


def measure_terminal(params: dict) -> dict:
    """Rings, hang-ups and wrap-ups through the real desk, driven by a real caller's baresip."""
    program = baresip_program()
    if program is None:
        return {"failures": [f"phone: {MISSING}"]}
    scratch = Path(tempfile.mkdtemp(prefix="callcoach-bench-phone-"))
    raw: dict = {"failures": [], "ringing_s": [], "sip_180_s": [], "acw_shown_s": [], "wrapup_shown_s": []}
    (scratch / "world").mkdir()
    world = new_world(scratch / "world")
    phones = start_pair(program, scratch / "phones")
    caller = None
    try:
        with world.config.open("a", encoding="utf-8") as config:
            config.write(f'\n[phone]\nbaresip = "{phones.agent.ctrl_address}"\n')
        desk = world.spawn("desk")
        desk.wait_for("connected to baresip", timeout=30)
        caller = phones.caller.control()
        for round_number in range(params["rounds"]):
            offset = desk.output_length
            caller.events.clear()
            began = time.perf_counter()
            phones.dial_agent(caller)
            heard = caller.wait_event("CALL_RINGING")  # read as it arrives: its time is exact
            shown = desk.shown_after(offset, CALLER_SHOWN)
            if shown is None:
                raw["failures"].append(f"round {round_number}: the ring never showed")
                break
            raw["ringing_s"].append(shown - began)
            raw["sip_180_s"].append(heard["_at"] - began)
            desk.write(CTRL_N)
            caller.wait_event("CALL_ESTABLISHED")
            time.sleep(1.2)  # the agent listens: the wrap-up opens only after a quiet second
            offset = desk.output_length
            began = time.perf_counter()
            caller.command("hangup")
            acw = desk.shown_after(offset, "After-call work")
            wrapup = desk.shown_after(offset, "Wrap up: Enter files")
            if acw is None or wrapup is None:
                raw["failures"].append(f"round {round_number}: the wrap-up never showed")
                break
            raw["acw_shown_s"].append(acw - began)
            raw["wrapup_shown_s"].append(wrapup - began)
            offset = desk.output_length
            desk.press("enter")
            if desk.shown_after(offset, "Ready for the next call") is None:
                raw["failures"].append(f"round {round_number}: the call was not filed")
                break
        desk.press("ctrl+q")
    except Exception as error:  # a stuck phone or desk: the rest of the table still stands
        raw["failures"].append(f"phone: {type(error).__name__}: {error}")
    finally:
        if caller is not None:
            caller.close()
        for running in world.programs:
            running.close()
        phones.agent.stop()
        phones.caller.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return raw


def synthesize(data_dir: Path, calls: int, callers: int, months: int = 24, seed: int = 17) -> list[str]:
    """`calls` filed calls over `months` months from `callers` numbers, as History's month files:
    one in twenty calls comes from a hundred frequent callers (the first the most), the rest from
    anyone. Returns the numbers, the busiest first."""
    from tui.store.history import TABLE

    rng = random.Random(seed)
    numbers = [f"+4420{7000000 + n:07d}" for n in range(callers)]
    template = template_record()
    marked = dict(template, id="@@ID@@", started_at="@@START@@", caller="@@CALLER@@")
    marked["events"] = [dict(template["events"][0], call_id="@@ID@@", started_at="@@START@@", caller="@@CALLER@@"), *template["events"][1:]]
    body = json.dumps(marked, ensure_ascii=False, separators=(",", ":"))
    directory = data_dir / "history"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = datetime.now(UTC)
    for index, month in enumerate(month_starts(now)):
        if index == months:
            break
        count = calls // months + (1 if index < calls % months else 0)
        end = min(now, (month + timedelta(days=32)).replace(day=1))
        span = max(1, int((end - month).total_seconds()))
        with open(directory / f"{month:%Y-%m}.json", "w", encoding="utf-8", buffering=1 << 20) as out:
            out.write(f'{{"{TABLE}":{{')
            for doc_id in range(1, count + 1):
                start = datetime.fromtimestamp(month.timestamp() + rng.randrange(span), UTC)
                frequent = rng.random() < 0.05
                number = numbers[min(99, int(rng.paretovariate(1.2)) - 1)] if frequent else rng.choice(numbers)
                call_id = f"{start:%Y%m%dT%H%M%SZ}-{rng.getrandbits(24):06x}"
                record = (
                    body.replace("@@ID@@", call_id).replace("@@START@@", start.isoformat(timespec="seconds")).replace("@@CALLER@@", number)
                )
                out.write(f'{"," if doc_id > 1 else ""}"{doc_id}":{record}')
            out.write("}}")
    return numbers


def measure_lookup(params: dict) -> dict:
    from tui.services.caller_history import CallerHistory
    from tui.store.datadir import prepare_data_dir
    from tui.store.history import History

    scratch = Path(tempfile.mkdtemp(prefix="callcoach-bench-callers-"))
    try:
        data_dir = prepare_data_dir(scratch / "data")
        numbers = synthesize(data_dir, params["calls"], params["callers"])
        history = History(data_dir)
        callers = CallerHistory(history, data_dir, "Europe/London")
        began = time.perf_counter()
        callers.refresh()
        build = time.perf_counter() - began
        rng = random.Random(5)
        now = datetime.now(UTC)
        times, busiest = [], []
        for number in [rng.choice(numbers) for _ in range(params["lookups"])]:
            began = time.perf_counter()
            found = callers.look_up(number, now)
            times.append(time.perf_counter() - began)
            assert found.fresh, "the index fell behind the history it was just built from"
        for _ in range(20):
            began = time.perf_counter()
            found = callers.look_up(numbers[0], now)
            busiest.append(time.perf_counter() - began)
        return {"build_s": build, "lookup_s": times, "busiest_s": busiest, "busiest_calls": found.summary.count, "calls": params["calls"]}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure(params: dict) -> dict:
    return {"terminal": measure_terminal(params), "lookup": measure_lookup(params), "failures": []}


def rows(raw: dict) -> list[Row]:
    terminal, lookup = raw["terminal"], raw["lookup"]
    result = []
    if terminal.get("ringing_s"):
        result.append(
            timing_row("Phone: baresip dial to the ringing caller on screen", terminal["ringing_s"], GOALS_MS["ringing"], judged="p95")
        )
        result.append(timing_row("Phone: of which SIP (dial to the caller hearing 180 Ringing)", terminal["sip_180_s"]))
        result.append(timing_row("Phone: hang-up to the after-call-work timer on screen", terminal["acw_shown_s"]))
        result.append(timing_row("Phone: hang-up to the wrap-up dialog (opens after a quiet second)", terminal["wrapup_shown_s"]))
    else:
        result.append(
            Row("Phone: baresip dial to the ringing caller on screen", measured="not measured", notes=terminal.get("failures", []))
        )
    result.append(
        timing_row(f"Caller history on a ring, {lookup['calls']:,} calls on file", lookup["lookup_s"], GOALS_MS["lookup"], judged="p95")
    )
    figure = f"Caller history of the busiest number ({lookup['busiest_calls']:,} earlier calls)"
    result.append(timing_row(figure, lookup["busiest_s"], GOALS_MS["lookup"], judged="p95"))
    result.append(Row(f"Caller index: first build from {lookup['calls']:,} calls", measured=f"{lookup['build_s']:.1f} s"))
    return result


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    figures = measure(QUICK if quick else FULL)
    print(render(rows(figures), f"callcoach bench: phone ({'quick' if quick else 'full'})", machine()))
    for problem in figures["terminal"].get("failures", []):
        print(f"- {problem}")
