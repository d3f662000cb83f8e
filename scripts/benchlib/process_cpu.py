"""CPU seconds of a process and of what it has waited for, read from /proc (Linux): the figure that
moves less with the machine's load than wall time does. For PostgreSQL, the whole cluster: its
postmaster (which waits for every backend that ended) and every process still running under it."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _fields(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # after the name, which may hold spaces


def process_cpu(pid: int) -> float | None:
    """User + system seconds of `pid` and of its children it waited for; None off Linux or once gone."""
    try:
        fields = _fields(pid)
    except OSError:
        return None
    return sum(int(value) for value in fields[11:15]) / TICKS  # utime stime cutime cstime


def cluster_cpu(conn) -> float | None:
    """CPU seconds of the PostgreSQL cluster `conn` is connected to, on this machine."""
    backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        postmaster = int(_fields(backend)[1])
    except OSError:
        return None  # a server on another machine
    total = process_cpu(postmaster) or 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = _fields(int(entry))
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                total += (int(fields[11]) + int(fields[12])) / TICKS
    return total
