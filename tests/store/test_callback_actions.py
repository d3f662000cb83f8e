"""Queue actions: appended durably, private, a torn or foreign line skipped, bad actions refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import tui.domain.callback.commitments as q
from tui.store.callback_actions import actions_path, append_action, read_actions

AT = datetime(2026, 11, 23, 14, 7, tzinfo=UTC)


def test_append_then_read_in_order_and_private(tmp_path):
    assert read_actions(tmp_path) == []
    append_action(tmp_path, q.kept_action("uid-1", AT, "call-9"))
    append_action(tmp_path, q.cancelled_action("uid-2", 1, AT, "caller asked"))
    assert [(a["type"], a["uid"]) for a in read_actions(tmp_path)] == [(q.KEPT, "uid-1"), (q.CANCELLED, "uid-2")]
    path = actions_path(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700


def test_a_torn_last_line_is_skipped_and_the_next_append_starts_clean(tmp_path):
    append_action(tmp_path, q.kept_action("uid-1", AT))
    with open(actions_path(tmp_path), "ab") as file:
        file.write(b'{"type":"callback_kept","uid":"ui')  # killed mid-write
    append_action(tmp_path, q.kept_action("uid-3", AT))
    assert [a["uid"] for a in read_actions(tmp_path)] == ["uid-1", "uid-3"]


def test_a_malformed_action_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ValueError, match="field 'uid'"):
        append_action(tmp_path, {"type": q.KEPT, "at": "2026-11-23T14:07:00Z"})
    assert not actions_path(tmp_path).exists()
