"""What several team tests share: running the real CLI against a test database, roles made with
`callcoach db add-user`, and a call row put in as a given role."""

from __future__ import annotations

import io
import json
import uuid

import psycopg

from tui.cli import main


def cli(monkeypatch, capsys, url: str | None, *argv: str, stdin: str | None = None, config=None) -> tuple[int, str, str]:
    """Run `callcoach ARGV` in-process with CALLCOACH_DATABASE_URL=url; (exit code, stdout, stderr)."""
    if url is None:
        monkeypatch.delenv("CALLCOACH_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("CALLCOACH_DATABASE_URL", url)
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([*(["--config", str(config)] if config else []), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def unique_role(prefix: str) -> str:
    """Roles are cluster-wide: each test names its own."""
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def insert_call(url: str, call_id: str, agent: str, started_at: str = "2026-11-20T10:00:00+00:00") -> None:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT callcoach.ensure_month(%s)", (started_at,))
        conn.execute(
            "INSERT INTO callcoach.calls (id, started_at, agent, status, record) VALUES (%s, %s, %s, 'completed', %s)",
            (call_id, started_at, agent, json.dumps({"id": call_id})),
        )
