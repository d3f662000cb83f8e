"""Fault matrix row 16 (issue 7): retention. `callcoach purge --older-than 90d` removes calls, their
invites, callback actions, comments and journals past the retention period (GDPR 5(1)(e)), with
--dry-run listing what would go; `callcoach erase --caller NUM` removes one caller's calls (GDPR 17).
Both confirm unless --yes, and both take the data directory's lock.

The real program runs on real files built by the real store code; a running desk is a real desk in
a pseudo-terminal; the kill mid-purge is a real SIGKILL.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from benchlib.terminal import callcoach_command
from benchlib.world import Terminal, one_sentence
from tests.review.calls import callback, ended, note, record, step
from tui.domain.callback.commitments import kept_action
from tui.domain.review.comments import new_comment
from tui.services.flagging import history_row
from tui.store.call_index import CallIndex, index_dir
from tui.store.callback_actions import append_action, read_actions
from tui.store.datadir import prepare_data_dir
from tui.store.history import History, partition_key
from tui.store.journal import JournalWriter
from tui.store.outbox import invite_stem, write_outbox_files
from tui.store.retention import drop_lines
from tui.store.reviews import ReviewStore, reviews_path

NOW = datetime.now(UTC).replace(microsecond=0)
OTHER = "+447911123456"
ERASED = "+442070313000"  # typed below as "020 7031 3000", "(020) 7031-3000", "+44 20 7031 3000"


def a_call(tag: str, days_ago: int, caller: str, with_callback: bool = False) -> dict:
    started = NOW - timedelta(days=days_ago)
    call_id = f"{started:%Y%m%dT%H%M%SZ}-{tag}"
    events = [step(0, "listen"), note(5, f"note of {tag}")]
    if with_callback:
        events.append(callback(50, number=caller, uid=f"cb-{tag}"))
    return record(*events, ended(90), call_id=call_id, caller=caller, started_at=started.isoformat())


CALLS = {
    "old1": a_call("old001", 200, OTHER, with_callback=True),
    "old2": a_call("old002", 120, ERASED),
    "new1": a_call("new001", 10, ERASED, with_callback=True),
    "new2": a_call("new002", 2, OTHER, with_callback=True),
}


def fill(data_dir: Path) -> None:
    """Calls over several months, an invite and an action per callback, a comment per call, a
    cut-short journal (old) and the history browser's index."""
    prepare_data_dir(data_dir)
    history = History(data_dir)
    for call in CALLS.values():
        history.commit(call)
    history.close()
    reviews = ReviewStore(data_dir)
    for call in CALLS.values():
        reviews.add([new_comment(call["id"], "Sam", 5.0, f"comment on {call['id']}", NOW)])
        for event in call["events"]:
            if event["type"] == "callback":
                write_outbox_files(data_dir, invite_stem(event["uid"], 0, "request"), b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
                write_outbox_files(data_dir, invite_stem(event["uid"], 1, "cancel"), b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
                append_action(data_dir, kept_action(event["uid"], NOW))
    cut_short_start = NOW - timedelta(days=95)
    writer = JournalWriter(data_dir / "journal", f"{cut_short_start:%Y%m%dT%H%M%SZ}-cut001")
    writer.append(
        {
            "t": 0.0,
            "type": "started",
            "call_id": f"{cut_short_start:%Y%m%dT%H%M%SZ}-cut001",
            "agent": "Ana",
            "caller": OTHER,
            "caller_input": OTHER,
            "playbook": "last",
            "started_at": cut_short_start.isoformat(),
        }
    )
    writer.append({"t": 3.0, "type": "note", "n": 0, "text": "cut short"})
    assert writer.close()
    index = CallIndex(data_dir, history_row)
    for month in index.months():
        index.rows(month)


def snapshot(data_dir: Path) -> dict[str, bytes]:
    """Every file's bytes but the lock's (the pid of the last program that took it), the memo of
    months found whole and the caller index (a desk writes both at start, in the background)."""
    return {
        str(path.relative_to(data_dir)): path.read_bytes()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file() and path.name not in ("desk.lock", "verified.json") and path.parent.name != "callers"
    }


def remaining_ids(data_dir: Path) -> set[str]:
    return {call["id"] for call in History(data_dir, read_only=True).calls()}


def outbox_uids(data_dir: Path) -> set[str]:
    return {path.name.split(".seq")[0] for path in (data_dir / "outbox").iterdir()}


def months_of(*keys: str) -> set[str]:
    return {partition_key(datetime.fromisoformat(CALLS[key]["started_at"])) for key in keys}


@pytest.fixture
def world(terminal: Terminal) -> Terminal:
    terminal.config.write_text('agent = "Ana"\ntimezone = "Europe/London"\ndefault_region = "GB"\n', encoding="utf-8")
    fill(terminal.data_dir)
    return terminal


def test_dry_run_lists_what_would_go_and_changes_nothing(world: Terminal) -> None:
    before = snapshot(world.data_dir)
    result = world.run("purge", "--older-than", "90d", "--dry-run", "--data-dir", str(world.data_dir))
    assert result.returncode == 0, result.stderr
    listed = result.stdout
    for key in ("old1", "old2"):
        assert CALLS[key]["id"] in listed
    for key in ("new1", "new2"):
        assert CALLS[key]["id"] not in listed
    assert "cut001" in listed  # the old cut-short call's journal too
    assert "outbox/cb-old001.seq0.request.ics" in listed and "outbox/cb-old001.seq1.cancel.ics" in listed
    assert "Would remove 3 call(s)" in listed and "2 invite file(s)" in listed
    assert snapshot(world.data_dir) == before


def test_purge_asks_naming_the_count_and_no_keeps_everything(world: Terminal) -> None:
    before = snapshot(world.data_dir)
    result = subprocess.run(
        callcoach_command() + ["purge", "--older-than", "90d", "--data-dir", str(world.data_dir)],
        env=world.env,
        input="n\n",
        capture_output=True,
        text=True,
        timeout=15,
    )
    assert "Remove 3 call(s) started before" in result.stdout
    assert (result.returncode, result.stdout.strip().splitlines()[-1].split("? [y/N] ")[-1]) == (1, "Nothing removed.")
    assert snapshot(world.data_dir) == before


def test_purge_removes_old_calls_with_their_invites_actions_comments_and_journal(world: Terminal) -> None:
    data_dir = world.data_dir
    new_months = months_of("new1", "new2")
    untouched = {
        f"history/{month}.json": (data_dir / "history" / f"{month}.json").read_bytes() for month in new_months - months_of("old1", "old2")
    }
    result = subprocess.run(
        callcoach_command() + ["purge", "--older-than", "90d", "--data-dir", str(data_dir)],
        env=world.env,
        input="y\n",
        capture_output=True,
        text=True,
        timeout=15,
    )
    assert result.returncode == 0, result.stderr
    assert "Removed 3 call(s)" in result.stdout and "2 filed, 1 cut short" in result.stdout

    assert remaining_ids(data_dir) == {CALLS["new1"]["id"], CALLS["new2"]["id"]}
    assert outbox_uids(data_dir) == {"cb-new001", "cb-new002"}
    assert {action["uid"] for action in read_actions(data_dir)} == {"cb-new001", "cb-new002"}
    assert {comment["call_id"] for comment in ReviewStore(data_dir).all()} == {CALLS["new1"]["id"], CALLS["new2"]["id"]}
    assert list((data_dir / "journal").glob("*.jsonl")) == []
    # Months holding only old calls are gone, with their index; months untouched stay byte for byte.
    for month in months_of("old1", "old2") - new_months:
        assert not (data_dir / "history" / f"{month}.json").exists()
        assert not (index_dir(data_dir) / f"{month}.json").exists()
    for name, content in untouched.items():
        assert (data_dir / name).read_bytes() == content
    # The history browser's index rebuilds from what is left.
    index = CallIndex(data_dir, history_row)
    assert {row["id"] for month in index.months() for row in index.rows(month)} == remaining_ids(data_dir)
    exported = world.export()
    assert {call["id"] for call in exported["calls"]} == remaining_ids(data_dir)
    # Rewritten files stay private.
    for path in (data_dir / "callbacks" / "actions.jsonl", data_dir / "reviews" / "comments.jsonl"):
        assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_purge_takes_its_period_from_retention_days_in_the_config(world: Terminal) -> None:
    world.config.write_text("retention_days = 150\n", encoding="utf-8")
    result = world.run("purge", "--yes", "--data-dir", str(world.data_dir))
    assert result.returncode == 0, result.stderr
    assert remaining_ids(world.data_dir) == {CALLS[key]["id"] for key in ("old2", "new1", "new2")}


@pytest.mark.parametrize(
    "config, args, expected",
    [
        ("", ["purge", "--yes"], "no retention period"),
        ("retention_days = 0\n", ["purge", "--yes"], "'retention_days' should be a whole number of days"),
        ('retention_days = "90d"\n', ["purge", "--yes"], "'retention_days' should be a whole number of days"),
        ("", ["purge", "--older-than", "ninety", "--yes"], "is not a period"),
        ("", ["erase", "--caller", "call me", "--yes"], "is not a phone number"),
    ],
    ids=["no-period", "zero-days", "days-as-text", "bad-age", "bad-caller"],
)
def test_bad_period_or_caller_is_one_sentence_exit_2_and_nothing_goes(world: Terminal, config, args, expected) -> None:
    world.config.write_text(config, encoding="utf-8")
    before = snapshot(world.data_dir)
    result = world.run(*args, "--data-dir", str(world.data_dir))
    assert result.returncode == 2
    assert expected in one_sentence(result.stderr)
    assert snapshot(world.data_dir) == before


@pytest.mark.parametrize("typed", ["020 7031 3000", "(020) 7031-3000", "+44 20 7031 3000", "+442070313000"])
def test_erase_removes_one_callers_calls_whatever_format_the_number_is_typed_in(world: Terminal, typed: str) -> None:
    data_dir = world.data_dir
    result = world.run("erase", "--caller", typed, "--yes", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "Removed 2 call(s)" in result.stdout
    assert ERASED not in result.stdout + result.stderr  # the output names the number by its last four
    assert remaining_ids(data_dir) == {CALLS[key]["id"] for key in ("old1", "new2")}
    assert outbox_uids(data_dir) == {"cb-old001", "cb-new002"}
    assert {action["uid"] for action in read_actions(data_dir)} == {"cb-old001", "cb-new002"}
    assert {c["call_id"] for c in ReviewStore(data_dir).all()} == {CALLS["old1"]["id"], CALLS["new2"]["id"]}
    assert len(list((data_dir / "journal").glob("*.jsonl"))) == 1  # another caller's cut-short call stays
    everything = b"".join(snapshot(data_dir).values())
    assert b"2070313000" not in everything  # nowhere in the data dir any more


def test_erase_asks_naming_the_count(world: Terminal) -> None:
    result = subprocess.run(
        callcoach_command() + ["erase", "--caller", "020 7031 3000", "--data-dir", str(world.data_dir)],
        env=world.env,
        input="yes\n",
        capture_output=True,
        text=True,
        timeout=15,
    )
    assert result.returncode == 0, result.stderr
    assert "Remove 2 call(s) of caller …3000" in result.stdout
    assert CALLS["old2"]["id"] not in remaining_ids(world.data_dir)


@pytest.mark.parametrize(
    "args", [["purge", "--older-than", "90d", "--yes"], ["erase", "--caller", "020 7031 3000", "--yes"]], ids=["purge", "erase"]
)
def test_refused_beside_a_running_desk_with_the_reason_but_dry_run_reads(world: Terminal, args) -> None:
    desk = world.spawn()
    lock = world.data_dir / "desk.lock"
    desk.wait_until(lambda: lock.exists() and lock.read_text().strip() == str(desk.pid), what="the desk lock")
    before = snapshot(world.data_dir)
    result = world.run(*args, "--data-dir", str(world.data_dir))
    assert result.returncode == 1
    message = one_sentence(result.stderr)
    assert f"Another desk (pid {desk.pid}) is using {world.data_dir}" in message
    assert snapshot(world.data_dir) == before
    dry = world.run(*args[:-1], "--dry-run", "--data-dir", str(world.data_dir))
    assert dry.returncode == 0 and "Would remove" in dry.stdout
    desk.press("ctrl+q")
    assert desk.wait() == 0


def test_sigkill_mid_purge_leaves_whole_months_and_a_second_run_finishes(tmp_path: Path, world: Terminal) -> None:
    """Killed at random moments, a purge never leaves a broken month; run again, it completes."""
    rng = random.Random(7)
    data_dir = tmp_path / "many"
    prepare_data_dir(data_dir)
    history = History(data_dir)
    ids = []
    for n in range(60):
        call = a_call(f"m{n:05d}", 30 + 5 * n, OTHER)
        history.commit(call)
        ids.append((call["id"], 30 + 5 * n))
    history.close()
    expected = {call_id for call_id, days in ids if days < 90}
    for _ in range(6):
        program = subprocess.Popen(
            callcoach_command() + ["purge", "--older-than", "90d", "--yes", "--data-dir", str(data_dir)],
            env=world.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            program.wait(timeout=rng.uniform(0.2, 0.9))
        except subprocess.TimeoutExpired:
            os.kill(program.pid, signal.SIGKILL)
            program.wait()
        program.stderr.close()
        for month in (data_dir / "history").glob("*.json"):
            json.loads(month.read_bytes())  # every month parses: old or new, never torn
        left = remaining_ids(data_dir)
        assert expected <= left  # nothing recent was ever touched
        assert list((data_dir / "quarantine").iterdir()) == []
    final = world.run("purge", "--older-than", "90d", "--yes", "--data-dir", str(data_dir))
    assert final.returncode == 0, final.stderr
    assert remaining_ids(data_dir) == expected


APPEND_COMMENTS = r"""
import sys
from datetime import datetime, timezone
from pathlib import Path
from tui.domain.review.comments import new_comment
from tui.store.reviews import ReviewStore

store = ReviewStore(Path(sys.argv[1]))
for n in range(int(sys.argv[2])):
    store.add([new_comment("20261120T100000Z-kept01", "Sam", float(n), f"comment {n}", datetime.now(timezone.utc))])
print("done", flush=True)
"""


def test_comments_written_while_a_purge_rewrites_the_file_are_all_kept(tmp_path: Path) -> None:
    """A supervisor commenting in a replay (no desk lock) while a purge rewrites comments.jsonl:
    the rewrite holds the file's lock and replaces it, and an appender that waited re-opens it."""
    data_dir = prepare_data_dir(tmp_path / "data")
    store = ReviewStore(data_dir)
    store.add([new_comment("20261001T100000Z-gone01", "Sam", float(n), f"old {n}", NOW) for n in range(50)])
    repo = Path(__file__).resolve().parents[2]
    writer = subprocess.Popen(
        [sys.executable, "-c", APPEND_COMMENTS, str(data_dir), "300"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(repo)},
    )
    dropped = 0
    while writer.poll() is None:
        dropped += drop_lines(reviews_path(data_dir), lambda comment: comment["call_id"] == "20261001T100000Z-gone01")
        store.add([new_comment("20261001T100000Z-gone01", "Sam", 0.0, f"again {dropped}", datetime.now(UTC))])
    assert writer.stdout.read().strip() == "done"
    writer.stdout.close()
    drop_lines(reviews_path(data_dir), lambda comment: comment["call_id"] == "20261001T100000Z-gone01")
    kept = [comment["text"] for comment in ReviewStore(data_dir).all()]
    assert sorted(kept) == sorted(f"comment {n}" for n in range(300))
