"""Where a character's time goes, key to frame (issue 18, item 2): a profile to read, not a figure for
the table. `.venv/bin/python scripts/bench_char_frames.py [KEYS]` prints, for the desk holding
5,000 notes (its RowCompositor asks the widgets only for the changed rows), the same desk with
Textual's own compositor (every widget under the changed region asked for all its rows), and a
bare Textual Input: the medians of when the key was handled, the frame begun and the frame shown.
Each variant runs in a fresh interpreter (scripts/benchlib/char_frames.py does the measuring).
"""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS), str(SCRIPTS.parent)]

from benchlib.char_frames import measure  # noqa: E402
from benchlib.child import phase_main, run_in_child  # noqa: E402

VARIANTS = ("desk", "desk, Textual's compositor", "bare")
MARKS = ("key handled", "frame begun", "frame shown")


def main() -> int:
    if phase_main({"frames": lambda params: measure(params["variant"], params["keys"])}):
        return 0
    keys = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(f"a character, from the key posted to each mark: medians of {keys} keys (ms)")
    print(f"  {'':28s}" + "".join(f"{mark:>13s}" for mark in MARKS))
    for variant in VARIANTS:
        marks = run_in_child("bench_char_frames.py", "frames", {"variant": variant, "keys": keys})
        if "failures" in marks:
            print(f"  {variant}: {marks['failures']}")
            continue
        print(f"  {variant:28s}" + "".join(f"{marks[mark]:13.2f}" for mark in MARKS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
