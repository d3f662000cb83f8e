"""Row 22 (issue 15, class 6): no escape sequence from data reaches the agent's terminal.

Data that an import, another program or a hand could leave in the data directory carries a
payload that would retitle the terminal (OSC 2), recolour it (CSI 41m) and drive it with a
one-byte CSI (U+009B): in a call id, the agent, the caller as typed, notes, a callback number and
zone, a comment, an action, a journal's file name. Every command that prints is run over it, and
line mode in a real pseudo-terminal with the payload as the caller; their output is searched for
the payload's escapes. The program's own escapes (prompt-toolkit drawing its prompt) are allowed.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from benchlib.world import Terminal
from tests.review.calls import ended, note, record
from tui.store.datadir import prepare_data_dir
from tui.store.history import History

PAYLOAD = "\x1b]2;PWNED\x07\x1b[41mRED\u009b31m"
ESCAPES = ("\x1b]2;PWNED", "\x1b[41mRED", "\u009b31m", "PWNED\x07")
HOSTILE_ID = f"20261123T150000Z-x{PAYLOAD}"


def escapes_in(text: str) -> list[str]:
    return [escape for escape in ESCAPES if escape in text]


def plant(data_dir: Path) -> None:
    good = record(note(1, f"note {PAYLOAD}"), ended(60), agent=f"Ana{PAYLOAD}")
    good["events"][0]["caller_input"] = f"+44 20 7031 3000 {PAYLOAD}"
    good["events"].insert(
        2,
        {
            "t": 30.0, "type": "callback", "number": "+442070313000", "zone": "Europe/London", "start": "2026-11-24T10:00:00Z",
            "end": "2026-11-24T12:00:00Z", "uid": "u-good-1", "sequence": 0, "agent_zone": "Europe/London",
        },
    )  # fmt: skip
    odd = record(note(1, "x"), {"t": 40.0, "type": "callback", "number": f"+44{PAYLOAD}", "zone": f"Mars/{PAYLOAD}"}, ended(60))
    odd["id"] = odd["events"][0]["call_id"] = HOSTILE_ID
    odd["events"][0]["started_at"] = odd["started_at"] = "2026-11-23T15:00:00+00:00"
    history = History(data_dir)
    for item in (good, odd):
        history.commit(item)
    history.close()
    (data_dir / "reviews").mkdir(mode=0o700, exist_ok=True)
    comment = {
        "id": "c-1",
        "call_id": good["id"],
        "author": f"Sam{PAYLOAD}",
        "t": 1.0,
        "text": f"hm {PAYLOAD}",
        "created_at": "2026-11-24T09:00:00Z",
    }
    (data_dir / "reviews" / "comments.jsonl").write_text(json.dumps(comment) + "\n")
    (data_dir / "callbacks").mkdir(mode=0o700, exist_ok=True)
    action = {"type": "callback_cancelled", "uid": "u-good-1", "sequence": 1, "at": "2026-11-23T16:00:00Z", "reason": PAYLOAD}
    (data_dir / "callbacks" / "actions.jsonl").write_text(json.dumps(action) + "\n")
    (data_dir / "journal" / f"{HOSTILE_ID}.jsonl").write_text(json.dumps({"t": 0.0, "type": "started", "call_id": HOSTILE_ID}) + "\n")


COMMANDS = {
    "callbacks --list": ["callbacks", "--list"],
    "export md": ["export", "--format", "md"],
    "export csv": ["export", "--format", "csv"],
    "export json": ["export", "--format", "json", "--skip-damaged"],
    "export refused": ["export", "--format", "json"],
    "erase dry run": ["erase", "--caller", "+44 20 7031 3000", "--dry-run"],
    "purge dry run": ["purge", "--older-than", "1d", "--dry-run"],
    "replay a hostile id": ["replay", HOSTILE_ID],
    "import a hostile name": ["import", f"/nonexistent/{PAYLOAD}.json"],
    "sync status": ["sync", "--status"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_command_prints_an_escape_from_data(terminal: Terminal, name):  # noqa: F811
    plant(prepare_data_dir(terminal.data_dir))
    result = terminal.run(*COMMANDS[name], "--data-dir", str(terminal.data_dir))
    assert not escapes_in(result.stdout + result.stderr), (result.returncode, result.stdout[-800:], result.stderr[-800:])
    assert "PWNED" in result.stdout + result.stderr or name in ("sync status", "purge dry run"), "the payload was not printed at all"


def test_a_data_dir_named_with_an_escape_is_named_safely(terminal: Terminal, tmp_path):  # noqa: F811
    blocked = tmp_path / f"file{PAYLOAD}"
    blocked.write_text("not a folder")
    result = terminal.run("export", "--data-dir", str(blocked / "data"))
    assert result.returncode == 1 and "PWNED" in result.stderr and not escapes_in(result.stderr)


def test_line_mode_in_a_terminal_never_echoes_a_hostile_caller_or_note(terminal: Terminal):  # noqa: F811
    terminal.env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    line = terminal.spawn("line", "--caller", PAYLOAD, "--no-toolbar")
    terminal.wait_for_call(line)
    line.wait_for("note>")
    line.wait_for("PWNED")  # said back, drawn as symbols
    line.press("\x03")  # Ctrl+C: leave, keeping the call for resume
    line.wait_for("q quit")
    line.type("q", delay=0.01)
    line.press("enter")
    assert line.wait() == 0
    again = terminal.spawn("line", "--no-toolbar")
    again.wait_for("was cut short")
    again.press("enter")  # resume: the caller and the last notes are said again
    again.wait_for("Resumed the call")
    again.press("\x03")
    again.wait_for("q quit")
    again.type("q", delay=0.01)
    again.press("enter")
    assert again.wait() == 0
    for program in (line, again):
        assert not escapes_in(program.raw), program.raw[-600:]


@pytest.mark.parametrize(
    "args, marker",
    [
        (["calls"], "Ana\u241b"),  # the agent column of the hostile call: ESC drawn as a symbol
        (["replay", "20261123T140000Z-aaaaaa"], "Ana\u241b"),  # the agent in its header
        (["team"], "Ana\u241b"),  # the agent's name in the table
        (["call", "--caller", PAYLOAD], "\u241b]2;PW"),  # the caller as typed in the desk's header
    ],
    ids=["calls", "replay", "team", "desk"],
)
def test_the_full_screen_commands_draw_data_escapes_as_symbols(terminal: Terminal, args, marker):  # noqa: F811
    plant(prepare_data_dir(terminal.data_dir))
    program = terminal.spawn(*args)
    program.wait_for(marker, timeout=20)
    program.kill(signal.SIGTERM, group=False)
    program.wait(timeout=10)
    assert not escapes_in(program.raw), program.raw[-600:]
