"""Run one measurement in a fresh interpreter, so it inherits no other's heap or GC state."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1]


def run_in_child(script: str, name: str, params: dict, timeout: float | None = None) -> dict:
    """`python scripts/SCRIPT --phase NAME --params JSON`: the last JSON line it prints."""
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / script), "--phase", name, "--params", json.dumps(params)],
        capture_output=True,
        text=True,
        cwd=str(SCRIPTS.parent),
        timeout=timeout,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"failures": [f"{script} {name} failed (exit {done.returncode}): {done.stderr.strip()[-800:]}"]}
    return json.loads(lines[-1])


def phase_main(phases: dict, argv: list[str] | None = None) -> bool:
    """In a child: when called with --phase, run it, print its JSON and return True."""
    args = sys.argv[1:] if argv is None else argv
    if "--phase" not in args:
        return False
    name = args[args.index("--phase") + 1]
    params = json.loads(args[args.index("--params") + 1])
    print(json.dumps(phases[name](params)))
    return True
