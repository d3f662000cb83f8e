"""callcoach soak test (issue 7, row 1): kill -9 while typing, N times; report anything lost.

Run it through `scripts/soak [N]` (default 200 calls). Each call: the real desk starts in a
pseudo-terminal (`callcoach call`), notes are typed with a person's pauses, and at a random moment
the program gets SIGKILL. The desk is started again on the same data dir: it must offer the call,
which is then resumed and filed (F10, Enter) or filed as it is ("f"), in turn. The export must
hold everything typed more than 250 ms before the kill, in order.

Prints the calls, the kills and anything lost. The only note text it ever prints is text it typed
itself. Exit 0 when nothing was lost, 1 otherwise. Lives under scripts/: it is not shipped.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchlib, beside this script

from benchlib.terminal import KEYS, PtyProgram  # noqa: E402
from benchlib.world import Terminal, journal_lines, journals, new_world, notes_of  # noqa: E402

GRACE = 0.25  # the promise: what was typed this long before a kill is on disk
CALLER = "+44 20 7031 3000"
WORDS = [
    "refund",
    "never",
    "arrived",
    "order",
    "shipped",
    "to",
    "the",
    "old",
    "address",
    "caller",
    "upset",
    "wants",
    "a",
    "supervisor",
    "billing",
    "charged",
    "twice",
    "promised",
    "callback",
    "tomorrow",
    "morning",
    "checked",
    "the",
    "account",
    "환불",
    "아직",
    "안",
    "됐어요",
    "주소",
    "잘못",
    "退款",
    "还没到",
    "地址",
    "错了",
    "sehr",
    "ärgerlich",
    "déjà",
    "vu",
]


@dataclass
class Outcome:
    typed_chars: int = 0
    notes: int = 0
    lost: str | None = None  # a description of what was lost, or None


def typing_plan(rng: random.Random) -> list[tuple[float, str]]:
    """(pause before the key, key): words at 40-120 ms a key, a pause now and then, Enter after notes."""
    plan: list[tuple[float, str]] = []
    for _ in range(rng.randint(1, 5)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(2, 9))]
        for char in " ".join(words):
            pause = rng.uniform(0.04, 0.12)
            if char == " " and rng.random() < 0.15:
                pause += rng.uniform(0.3, 1.2)  # the agent listens for a while
            plan.append((pause, char))
        plan.append((rng.uniform(0.05, 0.4), KEYS["enter"]))
    return plan


def text_typed(keys: list[str]) -> str:
    """What the keys leave on the desk: committed notes and the line being typed, one per line."""
    notes, line = [], ""
    for key in keys:
        if key == KEYS["enter"]:
            if line.strip():
                notes.append(line.rstrip())
            line = ""
        else:
            line += key
    return "\n".join([*notes, line])


def type_until_killed(desk: PtyProgram, plan: list[tuple[float, str]], kill_at: float) -> tuple[list[float], float]:
    """Type the plan; at monotonic time `kill_at` SIGKILL the program. Returns key times, kill time."""
    sent: list[float] = []
    for pause, key in plan:
        due = time.monotonic() + pause
        if due >= kill_at:
            break
        time.sleep(pause)
        desk.write(key)
        sent.append(time.monotonic())
    time.sleep(max(0.0, kill_at - time.monotonic()))
    killed = time.monotonic()
    desk.kill(signal.SIGKILL)
    return sent, killed


def one_call(world: Terminal, rng: random.Random, number: int) -> Outcome:
    before = set(journals(world.data_dir))
    desk = world.spawn("call", "--caller", CALLER)
    try:
        journal = desk.wait_until(
            lambda: next(
                (
                    path
                    for path in journals(world.data_dir)
                    if path not in before and any(line.get("type") == "started" for line in journal_lines(path))
                ),
                None,
            ),
            timeout=30,
            what="the call's journal",
        )
        plan = typing_plan(rng)
        total = sum(pause for pause, _ in plan)
        kill_at = time.monotonic() + rng.uniform(0.05, total + 0.3)
        sent, killed = type_until_killed(desk, plan, kill_at)
        if desk.wait(10) != -signal.SIGKILL:
            return Outcome(lost=f"call {number}: the desk was not killed by SIGKILL (exit {desk.returncode})")
    finally:
        desk.close()
    keys = [key for _, key in plan[: len(sent)]]
    promised = text_typed([key for key, at in zip(keys, sent) if at <= killed - GRACE])

    again = world.spawn(data_dir_first=True)
    try:
        again.wait_for("cut short", timeout=30)
        if number % 2:
            again.press("r")
            again.wait_for("Resumed the call", timeout=30)
            again.press("f10")
            again.wait_for("Wrap up", timeout=30)
            again.press("enter")
        else:
            again.press("f")
        again.wait_until(lambda: journal not in journals(world.data_dir), timeout=30, what="the call filed")
        again.press("ctrl+q")
        again.wait_until(lambda: again.poll() is not None or "Quit anyway" in again.text, timeout=30, what="quit")
        if again.poll() is None:
            again.press("y")
        again.wait(30)
    finally:
        again.close()

    calls = {call["id"]: call for call in world.export()["calls"]}
    call = calls.get(journal.stem)
    if call is None:
        return Outcome(len(promised), lost=f"call {number}: not in the export at all")
    notes = [note["text"] for note in notes_of(call)]
    kept = "\n".join(notes)
    outcome = Outcome(typed_chars=len(text_typed(keys)), notes=len(notes))
    if not kept.startswith(promised.rstrip()):
        common = next((i for i, (a, b) in enumerate(zip(kept, promised)) if a != b), min(len(kept), len(promised)))
        outcome.lost = (
            f"call {number} ({journal.stem}): {len(promised.rstrip()) - common} character(s) typed "
            f"more than {GRACE:.2f} s before the kill are missing; typed {promised!r}, kept {kept!r}"
        )
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/soak", description=__doc__.split("\n")[0])
    parser.add_argument("calls", nargs="?", type=int, default=200, help="how many calls to kill (default 200)")
    parser.add_argument("--seed", type=int, help="random seed, to repeat a run exactly (default: random)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    rng = random.Random(seed)
    print(f"soak: {args.calls} call(s), seed {seed}", flush=True)

    started = time.monotonic()
    kills = typed = notes = 0
    losses: list[str] = []
    with tempfile.TemporaryDirectory(prefix="callcoach-soak-") as tmp:
        world = new_world(Path(tmp))
        for number in range(1, args.calls + 1):
            try:
                outcome = one_call(world, rng, number)
            except AssertionError as error:  # the desk did not come back as expected: say so, go on
                outcome = Outcome(lost=f"call {number}: {str(error).splitlines()[0]}")
            if any("Traceback" in program.text for program in world.programs):
                losses.append(f"call {number}: a traceback on screen")
            world.programs.clear()  # each run is closed already; keep memory flat
            kills += 1
            typed += outcome.typed_chars
            notes += outcome.notes
            if outcome.lost:
                losses.append(outcome.lost)
                print(f"soak: LOST {outcome.lost}", flush=True)
            if number % 10 == 0 or number == args.calls:
                print(f"soak: {number}/{args.calls} calls, {len(losses)} with something lost", flush=True)
    minutes = (time.monotonic() - started) / 60
    print(
        f"soak: calls {args.calls}, kills {kills} (SIGKILL), notes kept {notes}, characters typed {typed}, "
        f"lost {len(losses)} ({minutes:.1f} min, seed {seed})"
    )
    return 1 if losses else 0


if __name__ == "__main__":
    sys.exit(main())
