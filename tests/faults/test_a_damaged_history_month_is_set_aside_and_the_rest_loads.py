"""Fault matrix row 7 (issue 7): corrupt history files (truncated, trailing garbage, empty, NUL
bytes, wrong JSON type, bad UTF-8) are moved aside byte for byte, the rest loads, and the agent is
told once.

The real desk (and line mode) in a pseudo-terminal, on a data directory whose month files were
damaged on disk: the warning shows at start, each file sits in quarantine/ with its exact bytes,
the good month still exports, and the next start says nothing (the files are no longer there).
The store-level cases (14 kinds, a month damaged while open) are tests/store/test_store_quarantine.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchlib.world import Terminal
from tests.review.calls import ended, note, record, step
from tui.store.datadir import prepare_data_dir
from tui.store.history import History

GOOD = record(
    step(0, "listen"),
    note(3, "the month that is fine"),
    ended(60),
    call_id="20260315T100000Z-good01",
    started_at="2026-03-15T10:00:00+00:00",
)


def month_document() -> bytes:
    other = record(note(1, "note in a month about to be damaged"), call_id="20260101T100000Z-x", started_at="2026-01-01T10:00:00+00:00")
    return json.dumps({"calls": {"1": other}}, ensure_ascii=False).encode()


DAMAGED = {
    "2025-07": month_document()[: len(month_document()) // 2],  # truncated
    "2025-08": month_document() + b"\n}{ trailing garbage",  # trailing garbage
    "2025-09": b"  \n \t\n",  # empty (blank)
    "2025-10": b"\x00" * 512,  # NUL bytes
    "2025-11": b'["a", "list", "not", "an", "object"]',  # wrong JSON type
    "2025-12": month_document().replace(b"damaged", b"dam\xc3\x28ged"),  # bad UTF-8
}
WARNING = "6 damaged history files"


@pytest.fixture
def damaged(terminal: Terminal) -> Terminal:
    prepare_data_dir(terminal.data_dir)
    history = History(terminal.data_dir)
    history.commit(GOOD)
    history.close()
    for month, junk in DAMAGED.items():
        (terminal.data_dir / "history" / f"{month}.json").write_bytes(junk)
    return terminal


def quarantined(data_dir: Path) -> dict[str, bytes]:
    """Month -> bytes of each file in quarantine/."""
    return {path.name.removeprefix("history-").split(".json")[0]: path.read_bytes() for path in (data_dir / "quarantine").iterdir()}


def test_the_desk_sets_damaged_months_aside_and_says_so_once(damaged: Terminal) -> None:
    desk = damaged.spawn()
    desk.wait_for(WARNING, timeout=15)
    assert "moved to quarantine/, the rest loaded: 2025-07, 2025-08, 2025-09, 2025-10, 2025-11, 2025-12." in desk.text
    assert quarantined(damaged.data_dir) == DAMAGED  # byte for byte, nothing lost
    assert sorted(p.name for p in (damaged.data_dir / "history").glob("*.json")) == ["2026-03.json"]
    assert [call["id"] for call in damaged.export()["calls"]] == [GOOD["id"]]  # the rest loads, beside the desk
    desk.press("ctrl+q")
    assert desk.wait() == 0

    # The next start is told only of what is new: one more month damaged since (so we know the
    # check ran), and not the six already set aside.
    (damaged.data_dir / "history" / "2024-02.json").write_bytes(b"{")
    again = damaged.spawn()
    again.wait_for("A damaged history file moved to quarantine/, the rest loaded: 2024-02.", timeout=15)
    again.press("ctrl+q")
    assert again.wait() == 0
    assert WARNING not in again.text and "2025-07" not in again.text
    assert quarantined(damaged.data_dir) == {**DAMAGED, "2024-02": b"{"}


def test_line_mode_says_once_that_damaged_months_were_set_aside(damaged: Terminal) -> None:
    line = damaged.spawn("line")
    line.wait_for(WARNING, timeout=15)
    line.write("/quit\r")
    assert line.wait() == 0
    assert quarantined(damaged.data_dir) == DAMAGED
    (damaged.data_dir / "history" / "2024-02.json").write_bytes(b"\x00")
    again = damaged.spawn("line")
    again.wait_for("A damaged history file moved to quarantine/, the rest loaded: 2024-02.", timeout=15)
    again.write("/quit\r")
    assert again.wait() == 0
    assert WARNING not in again.text


def test_months_found_whole_are_not_read_again_until_they_change(tmp_path: Path) -> None:
    """The start-up check parses a month once; a month whose file changed afterwards (a commit, a
    copy from elsewhere, damage) is checked again. 100,000 calls take about 2 s to parse."""
    data_dir = prepare_data_dir(tmp_path / "data")
    history = History(data_dir)
    history.commit(GOOD)
    history.commit(record(note(1, "january"), call_id="20260110T100000Z-jan001", started_at="2026-01-10T10:00:00+00:00"))
    assert history.check_all() == []
    memo = json.loads((data_dir / "index" / "verified.json").read_bytes())
    assert sorted(memo) == ["2026-01", "2026-03"]
    history.close()

    (data_dir / "history" / "2026-01.json").write_bytes(b"\x00\x00")  # damaged after it was found whole
    again = History(data_dir)
    [moved] = again.check_all()
    assert moved.read_bytes() == b"\x00\x00"
    assert sorted(json.loads((data_dir / "index" / "verified.json").read_bytes())) == ["2026-03"]
    assert [call["id"] for call in again.calls()] == [GOOD["id"]]
