"""Peak memory of the desk (issue 18, item 4): the `callcoach call` process in a real pty with a
live call, notes typed key by key and F2 pressed, its VmHWM read from /proc before it is killed;
the bare Textual app beside it for reference; and a desk that resumed a cut-short call of 5,000
notes (with the time from 'r' to the notes on screen). Never asserts a figure.
Run alone: `.venv/bin/python scripts/bench_memory.py [--quick]`.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from bench_first_frame import BARE_APP, BARE_MARKER, LIVE_MARKER, bench_env, desk_argv  # noqa: E402

from benchlib.calls import CALLER, CALLER_E164, note_text  # noqa: E402
from benchlib.report import Row, machine, render  # noqa: E402
from benchlib.terminal import PtyProgram  # noqa: E402

GOAL_MB = 120.0
CUT_SHORT_MARKER = "cut short"  # the resume offer for a journal left on disk
FULL = {"notes_typed": 20, "resumed_notes": 5000}
QUICK = {"notes_typed": 10, "resumed_notes": 0}


def _type_notes(program: PtyProgram, count: int) -> bool:
    """Type `count` notes into the desk as a person would, key by key, Enter after each."""
    for number in range(1, count + 1):
        program.type(f"note {number} caller says the parcel never arrived", delay=0.004)
        program.press("enter", delay=0.03)
    return program.seen_at(f"note {count} caller", 10.0) is not None


def _write_cut_short_journal(data_dir: Path, notes: int) -> None:
    """A journal left by a desk killed mid-call, made through the domain: `notes` notes in it."""
    from tui.config.data_files import load_playbook
    from tui.domain.call.clock import ManualClock
    from tui.domain.call.live import LiveCall
    from tui.store.datadir import prepare_data_dir

    prepare_data_dir(data_dir)
    events: list[dict] = []
    clock = ManualClock(wall=datetime.now(UTC) - timedelta(minutes=40))
    call = LiveCall.start(
        playbook=load_playbook("last"),
        agent="bench",
        caller_typed=CALLER,
        caller_e164=CALLER_E164,
        zone="UTC",
        clock=clock,
        sink=events.append,
    )
    for number in range(1, notes + 1):
        clock.advance(0.4)
        call.add_note(note_text(number))
    fd = os.open(data_dir / "journal" / f"{call.call_id}.jsonl", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as journal:
        journal.writelines(json.dumps(event, separators=(",", ":")) + "\n" for event in events)


def peak_rss(notes_typed: int, resumed_notes: int = 0, timeout: float = 30.0, settle: float = 1.0) -> dict:
    """VmHWM of a live desk with notes typed; of the bare app; of a desk with a resumed call."""
    result: dict = {"failures": []}
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench_env(tmp)

        program = PtyProgram(desk_argv(tmp / "live", "call", "--caller", CALLER), env)
        try:
            if program.seen_at(LIVE_MARKER, timeout) is None:
                result["failures"].append(f"rss: the call never went live: {program.tail(400)!r}")
            else:
                time.sleep(settle)  # the start-up worker loads phonenumbers' metadata
                if not _type_notes(program, notes_typed):
                    result["failures"].append(f"rss: typed notes not seen on screen: {program.tail(400)!r}")
                program.press("f2")  # next step: the coach pane redraws
                time.sleep(settle + 0.2)  # a couple of clock ticks
                result["live"] = program.memory_kb()
        finally:
            program.close()
        if program.rusage is not None:
            result.setdefault("live", {})["ru_maxrss"] = program.rusage.ru_maxrss

        program = PtyProgram([sys.executable, str(BARE_APP)], env)
        try:
            if program.seen_at(BARE_MARKER, timeout) is not None:
                time.sleep(settle / 2)
                result["bare"] = program.memory_kb()
        finally:
            program.close()

        if resumed_notes:
            resumed = _resumed(tmp / "resumed", env, resumed_notes, timeout, settle)
            result["failures"] += resumed.pop("failures")
            result.update(resumed)
    return result


def _resumed(data_dir: Path, env: dict[str, str], notes: int, timeout: float, settle: float) -> dict:
    _write_cut_short_journal(data_dir, notes)
    found: dict = {"resumed_notes": notes, "failures": []}
    program = PtyProgram(desk_argv(data_dir, "desk"), env)
    try:
        if program.seen_at(CUT_SHORT_MARKER, timeout) is None:
            found["failures"].append(f"rss: no resume offer: {program.tail(400)!r}")
            return found
        pressed = time.perf_counter()
        program.write("r")
        shown = program.seen_at(f"note {notes} of the call", timeout)  # a resumed call opens on its newest note
        if shown is None:
            found["failures"].append(f"rss: resumed notes not on screen: {program.tail(400)!r}")
            return found
        found["resume_s"] = program.started + shown - pressed
        time.sleep(settle + 0.2)
        found["resumed"] = program.memory_kb()
    finally:
        program.close()
    return found


def rows(raw: dict) -> list[Row]:
    live = raw.get("live", {})
    if "VmHWM" not in live:
        return []
    mb = live["VmHWM"] / 1024
    out = [Row(figure="peak RSS, desk with a live call", goal=f"<= {GOAL_MB:g} MB", measured=f"{mb:.0f} MB", goal_value=GOAL_MB, value=mb)]
    if "VmHWM" in raw.get("bare", {}):
        out.append(Row(figure="  bare Textual app, for reference", measured=f"{raw['bare']['VmHWM'] / 1024:.0f} MB"))
    if "VmHWM" in raw.get("resumed", {}):
        out.append(
            Row(figure=f"  desk with a resumed {raw['resumed_notes']:,}-note call", measured=f"{raw['resumed']['VmHWM'] / 1024:.0f} MB")
        )
        resume_ms = raw["resume_s"] * 1000
        out.append(Row(figure=f"  resume key to {raw['resumed_notes']:,} notes on screen", measured=f"{resume_ms:.0f} ms", p50=resume_ms))
    out[0].notes.append(
        "peak RSS: VmHWM from /proc/<pid>/status of the `callcoach call` process in a pty, read after the call went live, "
        "the start-up worker ran, notes were typed key by key and F2 pressed; then SIGKILL (wait4 ru_maxrss agrees: "
        f"{live.get('ru_maxrss', 0) / 1024:.0f} MB). The resumed call: a journal of that many notes left in the data dir, "
        "`callcoach` started, 'r' pressed at the offer; timed to the read that shows the notes, VmHWM read a second later."
    )
    return out


PHASES = {"memory": lambda params: peak_rss(params["notes_typed"], params["resumed_notes"])}


def measure(params: dict) -> dict:
    from benchlib.child import run_in_child

    return run_in_child("bench_memory.py", "memory", params)


def main() -> int:
    from benchlib.child import phase_main

    if phase_main(PHASES):
        return 0
    raw = peak_rss(**(QUICK if "--quick" in sys.argv else FULL))
    print(render(rows(raw), "callcoach bench: memory", machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
