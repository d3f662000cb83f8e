"""Fault matrix row 10 (issue 7): notes holding Rich markup and [square brackets], ANSI escapes,
NUL, lone surrogates, combining marks, right-to-left text, CJK and emoji are stored exactly,
rendered literally (control characters drawn as visible symbols), and exported safely: no escape
sequence reaches a terminal through an md, csv or json export.

Typed into the real desk in a pseudo-terminal (with bytes that are not UTF-8 among them), and,
for what a terminal cannot type (ESC, NUL, a lone surrogate), added through the desk's own session
and store code; then replayed in a pseudo-terminal and exported by the real program.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from benchlib.terminal import callcoach_command
from benchlib.world import Terminal, notes_of
from tui.domain.call.clock import ManualClock
from tui.store.journal import read_journal

TYPED = [
    "[bold red]not bold[/] [brackets] \\[x]",
    "[link=https://example.com]click[/link] [/]",
    "combining: e\u0301 n\u0303 Z\u0351\u0352\u0353",
    "RTL: مرحبا بك שלום",
    "CJK: 客户说退款还没到 환불이 아직",
    "emoji: 😡 👍🏽 👨‍👩‍👧 🇬🇧",
]
UNTYPABLE = [
    "esc \x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J",
    "nul\x00 bell\x07 del\x7f tab\there",
    "c1 \x9b2J and \x85 next-line",
    "lone \ud800 surrogate \udfff",
]
# What must never be in an export: any C0 control but newline (and tab, harmless), DEL, C1.
UNSAFE = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def export_files(world: Terminal) -> dict[str, bytes]:
    """md, csv and json, both to a file (--out) and to standard output."""
    out = {}
    for kind in ("md", "csv", "json"):
        target = world.tmp / f"calls.{kind}"
        result = world.run("export", "--format", kind, "--out", str(target), "--data-dir", str(world.data_dir))
        assert result.returncode == 0, result.stderr
        out[kind] = target.read_bytes()
        to_stdout = subprocess.run(
            callcoach_command() + ["export", "--format", kind, "--data-dir", str(world.data_dir)],
            env=world.env,
            capture_output=True,
            timeout=15,
        )
        assert to_stdout.returncode == 0, to_stdout.stderr
        assert to_stdout.stdout == out[kind]
    return out


def assert_safe(exports: dict[str, bytes]) -> None:
    for kind, data in exports.items():
        data.decode("utf-8")  # valid UTF-8: a lone surrogate is escaped
        assert UNSAFE.search(data) is None, (kind, UNSAFE.search(data))


def test_typed_on_the_desk_stored_exactly_shown_literally_exported_safely(terminal: Terminal) -> None:
    desk = terminal.spawn("call")
    journal = terminal.wait_for_call(desk)
    for text in TYPED:
        desk.type(text, delay=0.003)
        desk.press("enter", delay=0.05)
    os.write(desk.fd, b"not utf-8: \xff\xfe \xed\xa0\x80 end\r")  # a terminal in another encoding, line noise
    desk.wait_until(
        lambda: len([e for e in read_journal(journal)[0] if e.get("type") == "note"]) == len(TYPED) + 1, what="every note on disk"
    )
    for literal in ("[bold red]not bold[/]", "[brackets]", "[/]", "客户说退款还没到", "👍🏽", "שלום"):
        desk.wait_for(literal)  # markup shown as typed, not interpreted
    desk.press("f10")
    desk.wait_for("Wrap up")
    desk.press("enter")
    desk.wait_until(lambda: not journal.exists(), what="the call filed")
    desk.press("ctrl+q")
    assert desk.wait() == 0

    exports = export_files(terminal)
    [call] = json.loads(exports["json"])["calls"]
    notes = [note["text"] for note in notes_of(call)]
    assert notes[:-1] == TYPED  # stored exactly, as typed
    assert notes[-1].startswith("not utf-8: \ufffd") and notes[-1].endswith(" end")  # bad bytes: U+FFFD, the rest kept
    assert_safe(exports)
    md = exports["md"].decode()
    for text in TYPED:
        assert text in md


@pytest.fixture
def filed_by_the_store(terminal: Terminal):
    """A call filed through the desk's own session code (journal, then history), holding what no
    terminal can type."""
    from tui.config.settings import Config
    from tui.services.session import open_desk
    from tui.store.datadir import prepare_data_dir

    desk = open_desk(Config(agent="Ana \x1b[7m", timezone="Europe/London"), prepare_data_dir(terminal.data_dir), ManualClock())
    session, _ = desk.start_call("")
    for text in [*UNTYPABLE, *TYPED]:
        assert session.call.add_note(text) is not None
    session.save_draft(1.0, "draft \x1b[5m with \x00")
    assert session.writer.flush(timeout=5)
    journaled = [event["text"] for event in read_journal(session.journal)[0] if event.get("type") == "note"]
    record = session.finish("resolved", "other")
    return terminal, record, journaled


def test_untypable_text_is_stored_exactly_through_the_store(filed_by_the_store) -> None:
    world, record, journaled = filed_by_the_store
    expected = [*UNTYPABLE, *TYPED]
    assert journaled == expected  # the journal, exactly
    from tui.store.history import History

    stored = History(world.data_dir, read_only=True).get(record["id"])
    assert [e["text"] for e in stored["events"] if e["type"] == "note"] == expected  # the history, exactly
    for month in (world.data_dir / "history").glob("*.json"):
        month.read_bytes().decode("utf-8")  # still UTF-8 on disk

    exports = export_files(world)
    assert_safe(exports)
    [call] = json.loads(exports["json"])["calls"]
    assert [n["text"] for n in notes_of(call)] == expected  # json keeps every character, escaped
    md = exports["md"].decode()
    assert "esc ␛[31mred␛[0m ␛]0;title␇ ␛[2J" in md  # control characters drawn, not run
    assert "nul␀ bell␇ del␡ tab here" in md  # (a tab is whitespace: one space in a one-line note)
    assert "Agent: Ana ␛[7m" in md


def test_replay_shows_control_characters_as_symbols(filed_by_the_store) -> None:
    world, record, _ = filed_by_the_store
    replay = world.spawn("replay", record["id"])
    replay.wait_for("Replay")
    replay.write("\x1b[F")  # End: every note on screen
    replay.wait_for("esc ␛[31mred␛[0m")
    replay.wait_for("[bold red]not bold[/]")
    replay.wait_for("lone ? surrogate ?")  # (tui.domain.text.display.visible)
    assert "\x1b[31mred" not in replay.raw  # the note's own escape never reached the terminal
    replay.press("escape")
    assert replay.wait() == 0
