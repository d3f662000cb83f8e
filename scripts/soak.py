"""callcoach soak test (issue 7, row 1): kill -9 while typing, N times; report anything lost.

Run it through `scripts/soak [N]` (default 200 calls). Each call: the real desk starts in a
pseudo-terminal (`callcoach call`), notes are typed with a person's pauses, and at a random moment
the program gets SIGKILL. The desk is started again on the same data dir: it must offer the call,
which is then resumed and filed (F10, Enter) or filed as it is ("f"), in turn. The export must
hold everything typed more than 250 ms before the kill, in order.

The kill freezes the desk first (SIGSTOP), counts the bytes it had not read from the terminal yet
and takes the screen as it was: a key missing afterwards is either a real loss (the desk had read
it; the verdict says whether it was shown in the editor or still waiting its turn) or one still in
the terminal's input queue, which a loaded machine gave the desk no time to read (counted apart as
"unread by the desk", not a loss of the desk's).

Prints the calls, the kills and anything lost. The only note text it ever prints is text it typed
itself. Exit 0 when nothing was lost, 1 otherwise. Lives under scripts/: it is not shipped.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchlib, beside this script

from benchlib.terminal import KEYS, PtyProgram, screen_rows  # noqa: E402
from benchlib.world import Terminal, journal_lines, journals, new_world, notes_of  # noqa: E402

SLOW_COMMAND_S = 120.0  # an export on a machine loaded on purpose (the soak's own use) can take long
SIZE = (120, 40)  # the terminal World.spawn opens
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
    unread: str | None = None  # keys missing that the desk never read: still in the terminal's queue


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


@dataclass
class Kill:
    sent: list[float]  # monotonic time each key was written to the terminal
    at: float  # when the desk was stopped, then killed
    unread_bytes: int | None  # bytes typed that the desk had not read from the terminal by then
    screen: list[str]  # the rows of the terminal when the desk was stopped


def type_until_killed(desk: PtyProgram, plan: list[tuple[float, str]], kill_at: float) -> Kill:
    """Type the plan; at monotonic time `kill_at` stop the program (SIGSTOP), count what it had not
    read from the terminal yet, then SIGKILL it."""
    sent: list[float] = []
    for pause, key in plan:
        due = time.monotonic() + pause
        if due >= kill_at:
            break
        time.sleep(pause)
        desk.write(key)
        sent.append(time.monotonic())
    time.sleep(max(0.0, kill_at - time.monotonic()))
    stopped = time.monotonic()
    desk.kill(signal.SIGSTOP)  # frozen as a kill would leave it; a stopped process is killed all the same
    unread = desk.unread_input()
    desk.output_settled()  # the last frame the desk drew, read whole however loaded the machine is
    screen = screen_rows(desk.raw, *SIZE)
    desk.kill(signal.SIGKILL)
    return Kill(sent, stopped, unread, screen)


def keys_read(keys: list[str], unread_bytes: int | None) -> int:
    """How many of the keys sent the desk had read from the terminal (all, when unknown)."""
    left = unread_bytes or 0
    count = len(keys)
    while left > 0 and count > 0:
        count -= 1
        left -= len(keys[count].encode("utf-8"))
    return count


def missing(kept: str, promised: str) -> int:
    """Index of the first promised character that is not kept."""
    return next((i for i, (a, b) in enumerate(zip(kept, promised)) if a != b), min(len(kept), len(promised)))


def what_was_lost(number: int, call_id: str, kept: str, keys: list[str], kill: Kill) -> Outcome:
    """Compare what was kept with what was typed more than GRACE before the kill; a missing key is
    either a real loss (the desk had read it: the agent saw it, or could have) or one that was
    still in the terminal's queue, never read by the desk (the machine gave it no time)."""
    promised_count = sum(1 for at in kill.sent if at <= kill.at - GRACE)
    promised = text_typed(keys[:promised_count])
    if kept.startswith(promised.rstrip()):
        return Outcome()
    first = missing(kept, promised)
    gone = f"{len(promised.rstrip()) - first} character(s) typed more than {GRACE:.2f} s before the kill are missing"
    said = f"call {number} ({call_id}): {gone}; typed {promised!r}, kept {kept!r}"
    read = text_typed(keys[: min(promised_count, keys_read(keys, kill.unread_bytes))])
    if kept.startswith(read.rstrip()):
        return Outcome(
            unread=f"{said}: never read by the desk, still in the terminal's input queue ({kill.unread_bytes} byte(s)) when it was killed: not lost by the desk"
        )
    line = promised[: first + 1].split("\n")[-1]
    shown = "shown on screen" if in_the_editor(kill.screen, line) else "read by the desk but not yet shown (it fell behind)"
    return Outcome(lost=f"{said}: a real loss, {shown}, not in the journal")


def in_the_editor(rows: list[str], line: str) -> bool:
    """Whether the note editor (a row drawn as '▊  text') shows `line`, or its end when it scrolled."""
    return any(row.startswith("▊  " + line) or (len(line) > 40 and line[-30:] in row) for row in rows if row.startswith("▊"))


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
        kill = type_until_killed(desk, plan, kill_at)
        if desk.wait(10) != -signal.SIGKILL:
            return Outcome(lost=f"call {number}: the desk was not killed by SIGKILL (exit {desk.returncode})")
    finally:
        desk.close()
    keys = [key for _, key in plan[: len(kill.sent)]]

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

    calls = {call["id"]: call for call in world.export(timeout=SLOW_COMMAND_S)["calls"]}
    call = calls.get(journal.stem)
    if call is None:
        return Outcome(len(text_typed(keys)), lost=f"call {number}: not in the export at all")
    notes = [note["text"] for note in notes_of(call)]
    outcome = what_was_lost(number, journal.stem, "\n".join(notes), keys, kill)
    outcome.typed_chars, outcome.notes = len(text_typed(keys)), len(notes)
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
    unread: list[str] = []
    with tempfile.TemporaryDirectory(prefix="callcoach-soak-") as tmp:
        world = new_world(Path(tmp))
        for number in range(1, args.calls + 1):
            try:
                outcome = one_call(world, rng, number)
            except AssertionError as error:  # the desk did not come back as expected: say so (with its last words), go on
                said = [line.strip() for line in str(error).splitlines() if line.strip(" │▊▎▁▔╰╭─╯╮")]
                outcome = Outcome(lost=f"call {number}: {said[0] if said else error}; last on screen: {' / '.join(said[-3:])}")
            except subprocess.TimeoutExpired as error:  # not a loss, but nothing checked: a failure all the same
                outcome = Outcome(lost=f"call {number}: not checked, `{' '.join(error.cmd[1:3])}` took over {error.timeout:.0f} s")
            if any("Traceback" in program.text for program in world.programs):
                losses.append(f"call {number}: a traceback on screen")
            world.programs.clear()  # each run is closed already; keep memory flat
            kills += 1
            typed += outcome.typed_chars
            notes += outcome.notes
            if outcome.lost:
                losses.append(outcome.lost)
                print(f"soak: LOST {outcome.lost}", flush=True)
            if outcome.unread:
                unread.append(outcome.unread)
                print(f"soak: UNREAD {outcome.unread}", flush=True)
            if number % 10 == 0 or number == args.calls:
                print(f"soak: {number}/{args.calls} calls, {len(losses)} with something lost", flush=True)
    minutes = (time.monotonic() - started) / 60
    print(
        f"soak: calls {args.calls}, kills {kills} (SIGKILL), notes kept {notes}, characters typed {typed}, "
        f"lost {len(losses)}, unread by the desk when killed {len(unread)} ({minutes:.1f} min, seed {seed})"
    )
    return 1 if losses else 0


if __name__ == "__main__":
    sys.exit(main())
