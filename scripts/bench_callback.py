"""callcoach callback figures (issue 3, "Speed"): measures and prints, never asserts a time limit.

Run through `scripts/bench` or alone: `.venv/bin/python scripts/bench_callback.py [--quick]`.
Each part runs in a fresh Python process.

1. panel work per key: real keys pressed in the F5 panel of a live call (headless Pilot app):
   numbers typed digit by digit (GB, US, a +1 800 number in 42 zones, a Russian mobile), presets,
   zone picks, custom windows typed as text. Timed: the panel's recompute() on each key, i.e.
   checking the number, computing the window, the readback and updating the panel's lines.
   phonenumbers' cache is cleared every round, so every prefix is checked afresh;
2. the domain call alone, per key: check_number plus the window, for the same texts;
3. the first F5 on a fresh desk: which threads loaded phonenumbers' metadata and place data (read
   with an import audit hook), and how long the first F5 and the keys after it took on the event
   loop while the place data was loading in a worker.
Lives under scripts/, not tui/: it is not shipped.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from benchlib.report import Row, machine, render  # noqa: E402
from benchlib.stats import median, pct  # noqa: E402

GOAL_MS = 5.0
MONDAY = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
NUMBERS = ("+44 20 7031 3000", "+1 212 555 0100", "+1 800 555 0100", "+7 912 345 67 89", "020 7946 0958")
CUSTOM = ("tomorrow 10:00-12:00", "fri 14-16", "2026-11-24 9:30-11:00")


def _desk(tmp: Path):
    from tui.config.settings import Config
    from tui.domain.call.clock import ManualClock
    from tui.services.session import open_desk
    from tui.store.datadir import prepare_data_dir

    config = Config(agent="Bench Agent", timezone="Europe/London", default_region="GB")
    return open_desk(config, prepare_data_dir(tmp / "data"), ManualClock(wall=MONDAY))


def _round_keys() -> list[tuple[str, ...]]:
    """One round in an open panel, the note empty: presets and zones (one key each, the note's editor
    keeping the focus), then Tab into the number field, numbers, Tab Tab on to the custom field (the
    e-mail field between), custom text, and Esc to give the keys back to the note."""
    keys: list[tuple[str, ...]] = [("1",), ("2",), ("3",), ("4",), ("pagedown",), ("pagedown",), ("pagedown",), ("pageup",)]
    keys.append(("tab",))  # into the number field (the keyboard rule: a field takes keys only after Tab)
    for number in NUMBERS:
        keys.append(("ctrl+u",))
        keys += [_key(char) for char in number]
    keys += [("tab",), ("tab",)]  # past the e-mail field, on to the custom field
    for text in CUSTOM:
        keys.append(("ctrl+u",))
        keys += [_key(char) for char in text]
    keys += [("f4",), ("f4",), ("escape",)]  # whose time, twice; then the keys back to the note
    return keys


def _key(char: str) -> tuple[str, ...]:
    return ("space",) if char == " " else (char,)


async def _panel_keys(rounds: int) -> dict:
    import tui.domain.callback.contact as contact
    from tui.app.base import desk_app
    from tui.app.widgets.callback_panel import CallbackPanel
    from tui.app.widgets.note_input import NoteInput

    with tempfile.TemporaryDirectory(prefix="callcoach-bench-callback-") as tmp:
        desk = _desk(Path(tmp))
        app = desk_app(desk, start_caller="+1 800 555 0100")
        timings: list[float] = []
        cpu_timings: list[float] = []
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen_stack[0]
            while not screen.live:
                await pilot.pause(0.01)
            await pilot.press("f5")
            panel = screen.query_one(CallbackPanel)
            while screen._lookups != "warm":  # steady state: place and carrier data loaded
                await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            original = panel.recompute

            def timed() -> None:
                began, cpu = time.perf_counter(), time.thread_time()
                original()
                timings.append((time.perf_counter() - began) * 1000.0)
                cpu_timings.append((time.thread_time() - cpu) * 1000.0)

            panel.recompute = timed
            for _ in range(rounds):
                contact._check.cache_clear()
                await pilot.press("escape", "f5")  # reopen: prefilled, the note's editor keeping the focus
                for keys in _round_keys():
                    await pilot.press(*keys)
            assert panel.proposal is not None and panel.proposal.ok, panel.proposal
            assert not screen.query_one(NoteInput).value, "a key meant for the panel went to the note"
    return {"ms": timings, "cpu_ms": cpu_timings}


def _domain_calls(rounds: int) -> dict:
    import tui.domain.callback.contact as contact
    import tui.services.callbacks as callbacks
    from tui.domain.callback.custom_text import custom_window
    from tui.domain.callback.window import compute_window, propose

    with tempfile.TemporaryDirectory(prefix="callcoach-bench-callback-") as tmp:
        desk = _desk(Path(tmp))
        callbacks.warm_up(desk)
        rules = callbacks.window_rules(desk)
    timings: list[float] = []
    for _ in range(rounds):
        contact._check.cache_clear()
        for number in NUMBERS:
            for end in range(1, len(number) + 1):
                began = time.perf_counter()
                checked = contact.check_number(number[:end], "GB")
                if checked.ok:
                    propose(rules, checked, MONDAY)
                timings.append((time.perf_counter() - began) * 1000.0)
        checked = contact.check_number("+1 800 555 0100", "GB")
        for preset in ("within_2h", "later_today", "within_24h", "next_business_morning"):
            began = time.perf_counter()
            compute_window(rules, checked, preset, MONDAY, zone_choice=None)
            timings.append((time.perf_counter() - began) * 1000.0)
        for text in CUSTOM:
            for end in range(1, len(text) + 1):
                began = time.perf_counter()
                custom_window(rules, checked, text[:end], MONDAY)
                timings.append((time.perf_counter() - began) * 1000.0)
    return {"ms": timings}


async def _first_f5() -> dict:
    """A fresh desk, F5 half a second after the call is live (before any pause): who loaded what, when."""
    loads: list[tuple[str, str, float]] = []

    def audit(event: str, args: tuple) -> None:
        if event == "import" and args[0].startswith(("phonenumbers.data.region_", "phonenumbers.geodata", "phonenumbers.carrierdata")):
            loads.append((args[0], threading.current_thread().name, time.perf_counter()))

    sys.addaudithook(audit)
    from tui.app.base import desk_app
    from tui.app.widgets.callback_panel import CallbackPanel

    def timed(function, into: list[float]):
        def run(*args) -> None:
            began = time.perf_counter()
            function(*args)
            into.append((time.perf_counter() - began) * 1000.0)

        async def run_async(*args) -> None:  # F5's handler: it mounts the panel the first time
            began = time.perf_counter()
            await function(*args)
            into.append((time.perf_counter() - began) * 1000.0)

        return run_async if inspect.iscoroutinefunction(function) else run

    with tempfile.TemporaryDirectory(prefix="callcoach-bench-callback-") as tmp:
        desk = _desk(Path(tmp))
        app = desk_app(desk, start_caller="+44 20 7031 3000")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen_stack[0]
            while not screen.live:
                await pilot.pause(0.01)
            # The worker after the first frame loads every region's metadata, then the window rules:
            # F5 comes once they are there (a fixed pause was too short on a loaded machine).
            while desk.callback_rules is None:
                await pilot.pause(0.02)
            await pilot.pause(0.1)
            before_f5 = len(loads)
            handler: list[float] = []
            screen.action_callback = timed(screen.action_callback, handler)
            f5_at = time.perf_counter()
            await pilot.press("f5")
            first_press = (time.perf_counter() - f5_at) * 1000.0
            panel = screen.query_one(CallbackPanel)
            place_at_once = bool(panel.proposal.number.place)
            during: list[float] = []
            after: list[float] = []
            original = panel.recompute
            panel.recompute = timed(original, during)
            await pilot.press("tab", "ctrl+u")  # Tab gives the number field the keys (the keyboard rule)
            while screen._lookups == "cold":  # the agent pauses: the worker starts
                await pilot.pause(0.02)
            for char in "+1 212 555 0100":  # typed while the place data loads
                await pilot.press(char)
            while screen._lookups != "warm":
                await pilot.pause(0.02)
            during = during[2:]  # the keys after the pause
            panel.recompute = timed(original, after)
            await pilot.press("ctrl+u", *"+1 212 555 0100")
            await pilot.press("escape", "escape")  # the keys back to the note, then the panel closed
            began = time.perf_counter()
            await pilot.press("f5")
            later_press = (time.perf_counter() - began) * 1000.0
    region_threads = sorted({thread for name, thread, _ in loads[:before_f5]})
    place = [(thread, at) for name, thread, at in loads if not name.startswith("phonenumbers.data.")]
    return {
        "regions_before_f5": before_f5,
        "regions_on_loop": sorted(name for name, thread, _ in loads if thread == "MainThread"),
        "region_threads": region_threads,
        "f5_handler_ms": handler[0],
        "first_press_ms": first_press,
        "later_press_ms": later_press,
        "place_at_once": place_at_once,
        "place_threads": sorted({thread for thread, _ in place}),
        "place_after_f5_s": (place[0][1] - f5_at) if place else None,
        "place_load_s": (place[-1][1] - place[0][1]) if place else None,
        "during_ms": during,
        "after_ms": after,
    }


CHILDREN = {
    "panel": lambda rounds: asyncio.run(_panel_keys(rounds)),
    "domain": _domain_calls,
    "first-f5": lambda _: asyncio.run(_first_f5()),
}


def _run(part: str, rounds: int) -> dict:
    """One part in a fresh interpreter: its JSON result."""
    done = subprocess.run([sys.executable, __file__, "--child", part, "--rounds", str(rounds)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"failures": [f"bench_callback {part} failed: {done.stderr[-800:]}"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(params: dict) -> dict:
    rounds = params["rounds"]
    return {"panel": _run("panel", rounds), "domain": _run("domain", rounds * 3), "first_f5": _run("first-f5", 0)}


FULL = {"rounds": 6}
QUICK = {"rounds": 2}


def _ms_row(figure: str, ms: list[float], goal: float | None = None) -> Row:
    p99 = pct(ms, 99)
    return Row(
        figure=f"{figure} (n={len(ms)})",
        goal=f"p99 <= {goal:g} ms" if goal else "",
        measured=f"p99 {p99:.2f} ms" if goal else "",
        goal_value=goal,
        value=p99 if goal else None,
        p50=pct(ms, 50),
        p95=pct(ms, 95),
        p99=p99,
    )


def rows(raw: dict) -> list[Row]:
    panel, domain, first = raw.get("panel", {}), raw.get("domain", {}), raw.get("first_f5", {})
    if not panel.get("ms"):
        return []
    out = [
        _ms_row("callback panel, work per key (recompute)", panel["ms"], GOAL_MS),
        _ms_row("  the same, CPU time of the event loop's thread", panel["cpu_ms"]),
    ]
    if domain.get("ms"):
        out.append(_ms_row("  domain call per key (number + window)", domain["ms"]))
    if "f5_handler_ms" in first:
        out.append(
            Row(
                figure="  first F5 on a fresh desk: handler on the event loop",
                measured=f"{first['f5_handler_ms']:.1f} ms",
                p50=first["f5_handler_ms"],
            )
        )
        on_loop = ", ".join(first["regions_on_loop"]) or "none"
        note = (
            f"callback panel: real keys in the F5 panel of a live call (numbers typed digit by digit, presets, zones, custom "
            f"windows), the panel's recompute() timed per key; number metadata: {first['regions_before_f5']} region files loaded "
            f"before the first F5, by {', '.join(first['region_threads'])}; on the event loop: {on_loop}; first F5 press round "
            f"trip {first['first_press_ms']:.0f} ms (a later one {first['later_press_ms']:.0f} ms; Pilot's own is about 60 ms)."
        )
        if first.get("place_after_f5_s") is not None and first.get("during_ms"):
            note += (
                f" Place data loaded by {', '.join(first['place_threads'])} {first['place_after_f5_s']:.1f} s after F5 in "
                f"{first['place_load_s']:.2f} s; recompute while it loads: median {median(first['during_ms']):.2f}, max "
                f"{max(first['during_ms']):.2f} ms; once loaded: median {median(first['after_ms']):.2f} ms."
            )
        out[0].notes.append(note)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=0, help=argparse.SUPPRESS)
    args, _ignored = parser.parse_known_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args.rounds)))
        return 0
    raw = measure(QUICK if args.quick else FULL)
    print(render(rows(raw), "callcoach bench: callback panel", machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
