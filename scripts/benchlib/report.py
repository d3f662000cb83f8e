"""The one table scripts/bench prints, and the machine it was measured on."""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchlib.stats import summary_ms

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Row:
    """One line of the table. `value` is what the goal judges (same unit as `goal_value`); p50,
    p95 and p99 are in ms where the figure is a distribution of timings."""

    figure: str
    goal: str = ""
    measured: str = ""
    goal_value: float | None = None
    value: float | None = None
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.goal_value is None or self.value is None or self.value != self.value:
            return None
        return self.value / self.goal_value


def timing_row(figure: str, seconds: list[float], goal_ms: float | None = None, judged: str = "p99", goal: str = "") -> Row:
    """A row for timings in seconds: p50/p95/p99 in ms, judged by `judged` against `goal_ms`."""
    s = summary_ms(seconds)
    value = s[judged] if seconds else None
    return Row(
        figure=f"{figure} (n={s['n']})",
        goal=goal or (f"{judged} <= {goal_ms:g} ms" if goal_ms is not None else ""),
        measured=f"{judged} {value:.1f} ms" if value is not None and goal_ms is not None else "",
        goal_value=goal_ms,
        value=value,
        p50=s["p50"],
        p95=s["p95"],
        p99=s["p99"],
    )


def machine() -> dict:
    """Cores, Python, Textual, the code measured, where the data dirs live, the load."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "?"
    head = _git("rev-parse", "--short", "HEAD")
    dirty = _git("status", "--porcelain", "--", "tui")
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "textual": textual,
        "code": f"tui/ at {head or '?'}{' + uncommitted changes' if dirty else ''}",
        "tmp": f"{tempfile.gettempdir()} ({fs_type(tempfile.gettempdir())})",
        "load": load_average(),
    }


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def fs_type(path: str) -> str:
    """The file system type holding `path` (fsync on tmpfs would be free), from /proc/mounts."""
    best, kind = "", "?"
    try:
        with open("/proc/mounts") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) > 2 and path.startswith(fields[1]) and len(fields[1]) >= len(best):
                    best, kind = fields[1], fields[2]
    except OSError:
        pass
    return kind


def load_average() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _ms(value: float | None) -> str:
    return "-" if value is None or value != value else f"{value:.1f}"


def render(rows: list[Row], title: str, box: dict, load_after: str = "") -> str:
    """The table: figure, goal, measured, p50, p95, p99 (ms), ratio to goal; then the notes."""
    header = ("figure", "goal", "measured", "p50 ms", "p95 ms", "p99 ms", "ratio")
    cells = [
        (r.figure, r.goal or "-", r.measured or "-", _ms(r.p50), _ms(r.p95), _ms(r.p99), "-" if r.ratio is None else f"{r.ratio:.2f}")
        for r in rows
    ]
    widths = [max(len(header[i]), *(len(c[i]) for c in cells)) if cells else len(header[i]) for i in range(len(header))]

    def line(values: tuple[str, ...]) -> str:
        first = f"{values[0]:<{widths[0]}}  {values[1]:<{widths[1]}}  {values[2]:<{widths[2]}}"
        return first + "".join(f"  {v:>{w}}" for v, w in zip(values[3:], widths[3:]))

    out = [
        title,
        f"machine: {box['cores']} cores · Python {box['python']} · Textual {box['textual']} · {box['code']} · data dirs under {box['tmp']}",
        f"load average before / after: {box['load']} / {load_after or '?'} (other work on the machine skews the figures)",
        "",
        line(header),
        line(tuple("-" * w for w in widths)),
        *(line(c) for c in cells),
    ]
    notes = [note for row in rows for note in row.notes]
    if notes:
        out += ["", "What the figures cover:", *(f"- {note}" for note in notes)]
    return "\n".join(out)


def as_json(rows: list[Row]) -> list[dict]:
    return [dict(asdict(row), ratio=row.ratio) for row in rows]
