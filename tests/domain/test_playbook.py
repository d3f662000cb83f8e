"""Playbooks load from data/playbooks (through tui.config.data_files); a malformed one is refused with file, line and field."""

from __future__ import annotations

import pytest

from tui.config.data_files import load_playbook
from tui.domain.coaching.playbook import PlaybookError, parse_playbook
from tui.support.locations import available_playbooks

GOOD = """
key = "mini"
title = "Mini"

[[steps]]
key = "listen"
title = "Listen"
target_seconds = 60
minimum_seconds = 10
rules = ["L1"]
say = ["Let them finish."]
avoid = ["Interrupting."]
"""


def test_shipped_playbooks_load():
    for key in available_playbooks():
        playbook = load_playbook(key)
        assert playbook.key == key and playbook.steps


def test_last_is_listen_apologize_resolve_thank():
    steps = [step.key for step in load_playbook("last").steps]
    assert steps == ["listen", "apologize", "resolve", "thank"]


@pytest.mark.parametrize(
    "change, message",
    [
        (("target_seconds = 60", 'target_seconds = "soon"'), "line 8: field 'steps[0].target_seconds'"),
        (('rules = ["L1"]', 'rules = ["L99"]'), "line 10: field 'steps[0].rules' names an unknown METHOD.md rule 'L99'"),
        (("minimum_seconds = 10", "minimum_seconds = 100"), "field 'steps[0].minimum_seconds' must not exceed"),
        (('title = "Mini"', ""), "field 'title' must be a non-empty string"),
        (('say = ["Let them finish."]', 'say = ["x"]\nsmile = true'), "field 'steps[0].smile' is not a step field"),
        (("[[steps]]", "[[steps]"), "not valid TOML"),
    ],
)
def test_malformed_playbooks_are_refused_naming_the_field(change, message):
    text = GOOD.replace(*change)
    with pytest.raises(PlaybookError) as refused:
        parse_playbook(text, "mini.toml")
    assert str(refused.value).startswith("mini.toml")
    assert message in str(refused.value)


def test_good_playbook_parses():
    playbook = parse_playbook(GOOD, "mini.toml")
    assert playbook.step("listen").rules == ("L1",)
